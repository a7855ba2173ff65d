/** Generated secrets and personal data for the output guardrail's tests. */
import fc from "fast-check";
import { passesLuhn } from "../../audit/redact";

const lower = "abcdefghijklmnopqrstuvwxyz";
const base62 = `${lower}${lower.toUpperCase()}0123456789`;
const base64url = `${base62}-_`;

function charsBetween(alphabet: string, minLength: number, maxLength: number): fc.Arbitrary<string> {
  return fc.string({ unit: fc.constantFrom(...alphabet), minLength, maxLength });
}

export const word = charsBetween(lower, 1, 9);

export const email = fc
  .tuple(charsBetween(lower, 1, 10), charsBetween(lower, 1, 10), fc.constantFrom("com", "org", "example", "io"))
  .map(([local, domain, tld]) => `${local}@${domain}.${tld}`);

function luhnCheckDigit(payload: string): string {
  for (let digit = 0; digit <= 9; digit++) if (passesLuhn(payload + digit)) return String(digit);
  throw new Error("unreachable: one check digit always fits");
}

/** 16-digit Luhn-valid numbers starting 4 or 5, contiguous or in groups of four. */
export const card = fc
  .tuple(fc.constantFrom("4", "5"), charsBetween("0123456789", 14, 14), fc.constantFrom("", " ", "-"))
  .map(([first, rest, separator]) => {
    const number = first + rest + luhnCheckDigit(first + rest);
    return (number.match(/.{4}/g) ?? []).join(separator);
  });

/** A key with a capital and a digit, so that it looks random. */
export const apiKey = fc
  .tuple(fc.constantFrom("sk-proj-", "sk-ant-", "ghp_"), charsBetween(base62, 34, 48))
  .map(([prefix, body]) => `${prefix}A1${body}`);

export const jwt = fc
  .tuple(charsBetween(base64url, 8, 24), charsBetween(base64url, 2, 24), charsBetween(base64url, 0, 24))
  .map(([header, payload, signature]) => `eyJ${header}.${payload}.${signature}`);

export const phone = fc.constantFrom("+44 20 7946 0958", "+1 415 555 2671", "+33 6 12 34 56 78", "(555) 123-4567", "+4915112345678");

export const iban = fc.constantFrom("GB82 WEST 1234 5698 7654 32", "DE89370400440532013000");

export const credential = fc.tuple(fc.constantFrom("password", "api_key", "secret"), charsBetween(base62, 3, 12)).map(([name, value]) => `${name}=${value}`);

export const sensitiveValue = fc.oneof(email, card, apiKey, jwt, phone, iban, credential);

/** Words and sensitive values joined by spaces, newlines or punctuation; no value is longer than 80 characters. */
export const textWithValues = fc
  .array(
    fc.tuple(fc.oneof(word, sensitiveValue), fc.constantFrom(" ", " ", "\n", ", ", ". ", ": ")),
    { minLength: 12, maxLength: 48, size: "max" },
  )
  .map((parts) => parts.map(([value, separator]) => value + separator).join(""));

/** `text` cut at `cuts` (positions, unordered, duplicates allowed). */
export function splitAt(text: string, cuts: readonly number[]): string[] {
  const positions = [...new Set(cuts.map((cut) => cut % (text.length + 1)))].sort((a, b) => a - b);
  const pieces: string[] = [];
  let from = 0;
  for (const position of positions) {
    pieces.push(text.slice(from, position));
    from = position;
  }
  pieces.push(text.slice(from));
  return pieces;
}
