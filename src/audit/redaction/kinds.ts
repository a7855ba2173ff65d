/**
 * The kinds of data masked, in the order their rules run (`redact-text.ts` says why); the mask is
 * `[REDACTED:<kind>]`.
 */
export const redactionKinds = [
  "private_key",
  "jwt",
  "api_key",
  "bearer_token",
  "credential",
  "email",
  "iban",
  "national_id",
  "card",
  "us_ssn",
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
