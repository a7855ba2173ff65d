/** The rules in the order they run, and the masking of one text with them. */
import type { RedactionCounts } from "./kinds";
import { maskCards, maskEmails, maskIbans, maskIpv4Addresses, maskIpv6Addresses, maskUsSsns } from "./personal-data-rules";
import { maskNationalIds } from "./national-id-rules";
import { maskPhones } from "./phone-rule";
import { type Rule, Tally } from "./rule-engine";
import { maskApiKeys, maskBearerTokens, maskCredentialAssignments, maskJwts, maskPrivateKeys, maskUrlPasswords } from "./secret-rules";

// The order matters: secrets before generic patterns (a key holding digits must not become a phone),
// IBAN before card (an IBAN's digits can pass Luhn), national ids before card and phone (a checksum and
// a date are a closer fit than Luhn, and a NIR or Aadhaar in groups has a phone's shape; no national
// id can be a piece of a card, see national-id-formats.ts), IPv6 before IPv4 (an IPv4 tail), phone last.
const rules: readonly Rule[] = [
  maskPrivateKeys,
  maskJwts,
  maskApiKeys,
  maskBearerTokens,
  maskCredentialAssignments,
  maskUrlPasswords,
  maskEmails,
  maskIbans,
  maskNationalIds,
  maskCards,
  maskUsSsns,
  maskIpv6Addresses,
  maskIpv4Addresses,
  maskPhones,
];

/** Runs every rule over `text` in order, counting the masks in `tally`. */
export function redactWith(text: string, tally: Tally): string {
  let result = text;
  for (const rule of rules) result = rule(result, tally);
  return result;
}

/** Masks personal data and secrets in a text. Returns the masked text and how many of each kind were masked. */
export function redactText(text: string): { text: string; counts: RedactionCounts } {
  const tally = new Tally();
  return { text: redactWith(text, tally), counts: tally.counts };
}
