/** The kinds of data masked; the mask is `[REDACTED:<kind>]`. */
export const redactionKinds = [
  "private_key",
  "jwt",
  "api_key",
  "bearer_token",
  "credential",
  "email",
  "iban",
  "card",
  "us_ssn",
  "national_id",
  "ip_address",
  "phone",
] as const;

export type RedactionKind = (typeof redactionKinds)[number];

export type RedactionCounts = Partial<Record<RedactionKind, number>>;

/** The text that replaces a masked value of `kind`. */
export function redactionMask(kind: RedactionKind): string {
  return `[REDACTED:${kind}]`;
}

/** What a whole mask looks like: a value that is one was masked already. */
export const maskShape = /^\[REDACTED:[a-z_]{1,20}\]$/;
