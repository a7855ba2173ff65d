/** The rules in the order they run, and the masking of one text with them. */
import { type RedactionCounts, type RedactionKind, redactionKinds } from "./kinds";
import { maskCards, maskEmails, maskIbans, maskIpv4Addresses, maskIpv6Addresses, maskUsSsns } from "./personal-data-rules";
import { maskNationalIds } from "./national-id-rules";
import { maskPhones } from "./phone-rule";
import { type Rule, Tally } from "./rule-engine";
import { maskApiKeys, maskBearerTokens, maskCredentialAssignments, maskJwts, maskPrivateKeys, maskUrlPasswords } from "./secret-rules";

const rulesByKind: { readonly [Kind in RedactionKind]: readonly Rule[] } = {
  private_key: [maskPrivateKeys],
  jwt: [maskJwts],
  api_key: [maskApiKeys],
  bearer_token: [maskBearerTokens],
  credential: [maskCredentialAssignments, maskUrlPasswords],
  email: [maskEmails],
  iban: [maskIbans],
  national_id: [maskNationalIds],
  card: [maskCards],
  us_ssn: [maskUsSsns],
  ip_address: [maskIpv6Addresses, maskIpv4Addresses],
  phone: [maskPhones],
};

// The rules run in the order of `redactionKinds`, and it matters: secrets before generic patterns (a key holding digits must not become a phone),
// IBAN before card (an IBAN's digits can pass Luhn), national ids before card and phone (a checksum and
// a date are a closer fit than Luhn, and a NIR or Aadhaar in groups has a phone's shape; no national
// id can be a piece of a card, see national-id-formats.ts), IPv6 before IPv4 (an IPv4 tail), phone last.
const allRules: readonly Rule[] = redactionKinds.flatMap((kind) => rulesByKind[kind]);

/**
 * The rules of the given kinds, in their order. A value of a kind left out can still be masked as a
 * kind it resembles that is in (a card number in groups as a phone number): never less than asked.
 */
export function rulesOf(kinds: ReadonlySet<RedactionKind>): readonly Rule[] {
  return redactionKinds.filter((kind) => kinds.has(kind)).flatMap((kind) => rulesByKind[kind]);
}

/** Runs the rules (every rule unless told) over `text` in order, counting the masks in `tally`. */
export function redactWith(text: string, tally: Tally, rules: readonly Rule[] = allRules): string {
  let result = text;
  for (const rule of rules) result = rule(result, tally);
  return result;
}

/** Masks personal data and secrets in a text. Returns the masked text and how many of each kind were masked. */
export function redactText(text: string): { text: string; counts: RedactionCounts } {
  const tally = new Tally();
  return { text: redactWith(text, tally), counts: tally.counts };
}
