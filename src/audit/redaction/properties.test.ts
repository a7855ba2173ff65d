import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { apiKeyPrefix } from "../../governance/api-key";
import { redactJson } from "./json-walk";
import { type RedactionKind, redactionMask } from "./kinds";
import { generatedIds } from "./national-id-test-references";
import { nationalIdSchemes } from "./national-id-validators";
import { redactText } from "./redact-text";
import { isValidIban, passesLuhn } from "./validators";

const m = redactionMask;

// Property tests of redactText and redactJson, over generated values of each kind and generated text.

const letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
const base62 = `${letters}0123456789`;
const word = fc.string({ unit: fc.constantFrom(...letters), minLength: 1, maxLength: 8 });
/** Letters and spaces only: nothing a rule could start on, and every value stays a separate word. */
const prose = fc.array(word, { maxLength: 5 }).map((words) => words.join(" "));

function charsOf(alphabet: string, length: number): fc.Arbitrary<string> {
  return fc.string({ unit: fc.constantFrom(...alphabet), minLength: length, maxLength: length });
}

function charsBetween(alphabet: string, minLength: number, maxLength: number): fc.Arbitrary<string> {
  return fc.string({ unit: fc.constantFrom(...alphabet), minLength, maxLength });
}

const email = fc
  .tuple(
    fc.stringMatching(/^[a-z0-9](?:[a-z0-9._+-]{0,10}[a-z0-9])?$/),
    fc.array(fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,8}[a-z0-9])?$/), { minLength: 1, maxLength: 3 }),
    fc.stringMatching(/^[a-z]{2,6}$/),
  )
  .map(([local, labels, tld]) => `${local}@${labels.join(".")}.${tld}`);

function luhnCheckDigit(payload: string): string {
  for (let digit = 0; digit <= 9; digit++) if (passesLuhn(payload + digit)) return String(digit);
  throw new Error("unreachable: one check digit always fits");
}

/** Luhn-valid numbers of 13–19 digits from the card networks' ranges (2–6), contiguous or in groups of four. */
const card = fc
  .record({
    first: fc.integer({ min: 2, max: 6 }),
    rest: fc.integer({ min: 11, max: 17 }).chain((length) => charsOf("0123456789", length)),
    separator: fc.constantFrom("", " ", "-"),
  })
  .map(({ first, rest, separator }) => {
    const digits = `${first}${rest}`;
    const number = digits + luhnCheckDigit(digits);
    // A last group of one digit is not a card layout: those lengths are written contiguous.
    if (separator === "" || number.length % 4 === 1) return number;
    return (number.match(/.{1,4}/g) ?? []).join(separator);
  });

/** A sample of the registry's countries and IBAN lengths, shortest (NO) and longest (RU) included. */
const ibanCountries: [string, number][] = [
  ["DE", 22],
  ["GB", 22],
  ["FR", 27],
  ["NO", 15],
  ["NL", 18],
  ["BE", 16],
  ["CH", 21],
  ["IT", 27],
  ["ES", 24],
  ["PL", 28],
  ["LC", 32],
  ["RU", 33],
];

function ibanCheckDigits(country: string, bban: string): string {
  let remainder = 0;
  for (const char of `${bban}${country}00`) {
    const value = Number.parseInt(char, 36);
    remainder = (remainder * (value >= 10 ? 100 : 10) + value) % 97;
  }
  return String(98 - remainder).padStart(2, "0");
}

const iban = fc
  .constantFrom(...ibanCountries)
  .chain(([country, length]) => fc.tuple(fc.constant(country), charsOf("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", length - 4), fc.boolean()))
  .map(([country, bban, grouped]) => {
    const compact = country + ibanCheckDigits(country, bban) + bban;
    return grouped ? (compact.match(/.{1,4}/g) ?? []).join(" ") : compact;
  });

const randomLooking = (body: fc.Arbitrary<string>): fc.Arbitrary<string> => body.filter((text) => /[0-9A-Z]/.test(text));
const base64url = `${base62}-_`;

const apiKey = fc.oneof(
  randomLooking(charsBetween(base62, 20, 60)).map((body) => `sk-${body}`),
  randomLooking(charsBetween(base64url, 40, 120)).map((body) => `sk-proj-${body}`),
  randomLooking(charsBetween(base64url, 80, 100)).map((body) => `sk-ant-api03-${body}`),
  randomLooking(charsOf(base62, 40)).map((body) => apiKeyPrefix + body),
  fc.tuple(fc.constantFrom("AKIA", "ASIA"), charsOf("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16)).map(([prefix, body]) => prefix + body),
  fc.tuple(fc.constantFrom("ghp_", "gho_", "ghu_", "ghs_", "ghr_"), charsOf(base62, 36)).map(([prefix, body]) => prefix + body),
  charsOf(`${base62}_`, 82).map((body) => `github_pat_${body}`),
  fc
    .tuple(fc.constantFrom(..."abprs"), charsOf("0123456789", 12), charsOf("0123456789", 13), charsOf(base62, 24))
    .map(([kind, team, user, secret]) => `xox${kind}-${team}-${user}-${secret}`),
  charsOf(base64url, 35).map((body) => `AIza${body}`),
  fc.tuple(fc.constantFrom("sk_live_", "rk_live_", "sk_test_"), charsBetween(base62, 24, 99)).map(([prefix, body]) => prefix + body),
);

function base64urlJson(value: unknown): string {
  return btoa(JSON.stringify(value)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

const jwt = fc
  .tuple(fc.constantFrom("HS256", "RS256", "ES256"), fc.stringMatching(/^[a-z0-9]{0,20}$/), fc.integer(), charsBetween(base64url, 16, 86))
  .map(([alg, subject, issuedAt, signature]) => `${base64urlJson({ alg, typ: "JWT" })}.${base64urlJson({ sub: subject, iat: issuedAt })}.${signature}`);

describe("redactText: properties", () => {
  it.each([
    ["email", email],
    ["card", card],
    ["iban", iban],
    ["api_key", apiKey],
    ["jwt", jwt],
  ] as const)("a generated %s in surrounding prose is always masked", (kind: RedactionKind, value: fc.Arbitrary<string>) => {
    fc.assert(
      fc.property(prose, value, prose, (before, secret, after) => {
        const input = [before, secret, after].filter((part) => part !== "").join(" ");
        const { text, counts } = redactText(input);
        expect(text).not.toContain(secret);
        expect(text).toContain(m(kind));
        expect(counts[kind]).toBe(1);
      }),
      { numRuns: 300 },
    );
  });

  it("IBAN and card generators only produce valid values", () => {
    fc.assert(fc.property(iban, (value) => isValidIban(value.replaceAll(" ", ""))));
    fc.assert(fc.property(card, (value) => passesLuhn(value.replace(/[ -]/g, ""))));
  });

  it("text from a safe alphabet comes back unchanged", () => {
    const separator = fc.constantFrom(" ", ", ", ". ", "; ", "! ", "? ", " (", ") ", " - ", "' ", ' "', '" ');
    const safeText = fc.array(fc.tuple(word, separator), { maxLength: 30 }).map((pairs) => pairs.map(([w, s]) => w + s).join(""));
    fc.assert(
      fc.property(safeText, (input) => {
        expect(redactText(input)).toEqual({ text: input, counts: {} });
      }),
      { numRuns: 500 },
    );
  });

  // Fragments chosen to make rules meet: values side by side, glued by the punctuation the rules look at.
  const fragments = [
    ...["4111 1111 1111 1111", "5555555555554444", "4111", "1111", "1", "12", "555", "0", "9", "00", "2024-01-15", "123-45-6789"],
    ...["+1 415 555 2671", "(555) 123-4567", "06 12 34 56 78", "+1", "(0)", "192.168.1.1", "1.2.3.4", "fe80::1", "::", "ff"],
    ...["DE89", " 3704", "0044", "0532 0130 00", "DE89370400440532013000", "GB82 WEST", "a@b.co", "@", "b.com", "a", "X"],
    ...["sk-", "AbCdEfGhIjKlMnOpQrStUv12", "AKIAIOSFODNN7EXAMPLE", "ghp_", "eyJ", "eyJhbGciOiJIUzI1NiJ9", "sig", "Bearer "],
    ...["token=", "password: ", "api_key", '"', "'", "\\", "=", "://", "user:pw@", "-----BEGIN PRIVATE KEY-----", "\\n"],
    ...["-----END PRIVATE KEY-----", "MIIEvQIBADANBgkqhkiG9w0B", "[REDACTED:card]", "[", "]", "(", ")", "+", "\n"],
    ...[" ", "-", ".", ",", ":", "/", "_", ";", "&"],
    ...["12345678Z", "44051401359", "2345 6789 0124", "1 84 12 76 451 089 46", "811228-9874", "BSN ", "111222333", "RSSMRA85T10A562S"],
  ];
  const tricky = fc.array(fc.constantFrom(...fragments), { maxLength: 25 }).map((parts) => parts.join(""));

  it.each([
    ["printable strings", fc.string({ maxLength: 80 })],
    ["arbitrary UTF-16", fc.string({ unit: "binary", maxLength: 80 })],
    ["digits and separators", fc.stringMatching(/^[0-9 .()+:\-[\]a-f]{0,40}$/)],
    ["fragments of every kind", tricky],
  ] as const)("is idempotent on %s", (_name: string, strings: fc.Arbitrary<string>) => {
    fc.assert(
      fc.property(strings, (input) => {
        const once = redactText(input).text;
        expect(redactText(once).text).toBe(once);
      }),
      { numRuns: 2000 },
    );
  });
});

/** `value` with every string replaced by its redaction: the reference redactJson must agree with. */
function redactStrings(value: unknown): unknown {
  if (typeof value === "string") return redactText(value).text;
  if (Array.isArray(value)) return value.map(redactStrings);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redactStrings(item)]));
  }
  return value;
}

describe("redactJson: properties", () => {
  it("never throws, keeps the structure and redacts every string like redactText", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (input) => {
        const before = JSON.stringify(input);
        const { value } = redactJson(input);
        expect(value).toStrictEqual(redactStrings(input));
        expect(JSON.stringify(input)).toBe(before);
      }),
      { numRuns: 500 },
    );
  });

  it("keeps the structure of JSON holding sensitive strings, and counts what redactText counts", () => {
    const nationalId = fc.constantFrom(...nationalIdSchemes).chain((scheme) => generatedIds[scheme].map(({ written }) => written));
    const sensitive = fc.oneof(email, card, iban, apiKey, nationalId, fc.string());
    const json = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: "small" }, sensitive, fc.integer(), fc.boolean(), fc.constant(null), tie("array"), tie("object")),
      array: fc.array(tie("node"), { maxLength: 4 }),
      object: fc.dictionary(fc.oneof(email, fc.string({ maxLength: 6 })), tie("node"), { maxKeys: 4 }),
    })).node;
    fc.assert(
      fc.property(json, (input) => {
        const { value, counts } = redactJson(input);
        expect(value).toStrictEqual(redactStrings(input));
        const expected: Partial<Record<RedactionKind, number>> = {};
        const strings: string[] = [];
        JSON.stringify(input, (_key, item: unknown) => {
          if (typeof item === "string") strings.push(item);
          return item;
        });
        // The replacer is called for values, never for keys: exactly the leaves redactJson masks.
        for (const text of strings) {
          for (const [kind, count] of Object.entries(redactText(text).counts)) {
            expected[kind as RedactionKind] = (expected[kind as RedactionKind] ?? 0) + count;
          }
        }
        expect(counts).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});
