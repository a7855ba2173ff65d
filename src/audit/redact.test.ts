import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { apiKeyPrefix, generateApiKey } from "../governance/api-key";
import { isValidIban, passesLuhn, type RedactionKind, redactionKinds, redactionMask, redactJson, redactText } from "./redact";

const m = redactionMask;

/** Asserts that `input` becomes `expected`, and that the masks in it were counted. */
function expectRedacted(input: string, expected: string): void {
  const { text, counts } = redactText(input);
  expect(text).toBe(expected);
  const masks = expected.match(/\[REDACTED:[a-z_]+\]/g) ?? [];
  expect(Object.values(counts).reduce((sum, count) => sum + count, 0)).toBe(masks.length);
}

function expectUnchanged(input: string): void {
  const { text, counts } = redactText(input);
  expect(text).toBe(input);
  expect(counts).toEqual({});
}

describe("redactText: examples per kind", () => {
  it.each([
    ["write to jane.doe+tag@example.co.uk.", `write to ${m("email")}.`],
    ["<a_b@sub.mail-host.io>", `<${m("email")}>`],
    ["ops@EXAMPLE.COM, dev@example.org", `${m("email")}, ${m("email")}`],
  ])("email: %s", expectRedacted);

  it.each(["user@localhost", "@handle", "a@b", "name at example dot com", "foo@bar.c0m"])("email, not: %s", expectUnchanged);

  it.each([
    ["call +1 415 555 2671 now", `call ${m("phone")} now`],
    ["+14155552671", m("phone")],
    ["tel:+14155552671", `tel:${m("phone")}`],
    ["(555) 123-4567", m("phone")],
    ["555-123-4567.", `${m("phone")}.`],
    ["555.123.4567", m("phone")],
    ["1-800-555-1234", m("phone")],
    ["+44 (0) 20 7946 0958", m("phone")],
    ["030 12345678", m("phone")],
    ["07700 900123", m("phone")],
    ["+33 6 12 34 56 78", m("phone")],
    ["06 12 34 56 78", m("phone")],
    ["+1-555-123-4567", m("phone")],
  ])("phone: %s", expectRedacted);

  it.each([
    "in 2024",
    "costs $1,299.99 or 1299.99",
    "pi is 3.14159",
    "1 000 000 people, 1.234.567,89 EUR, 12 345 678",
    "on 2024-01-15",
    "at 2024-01-15T10:30:00.123Z",
    "at 2024-01-15 10:30:00",
    "on 15.01.2024 at 10:30",
    "id 550e8400-e29b-41d4-a716-446655440000",
    "id 12345678-1234-1234-1234-123456789012",
    "epoch ms 1714567890123",
    "from 1999-2004, 2019-2020-2021",
    "555-1234 is seven digits",
    "scores 10 20 30 40 50",
    "ISBN 978-3-16-148410-0",
    "version 10.0.19041.1",
    "prices 19.99 29.99 39.99",
    "ratio 10:30:45:60:90",
    "000-12-3456",
  ])("phone, not: %s", expectUnchanged);

  it.each([
    ["card 4111 1111 1111 1111 exp 12/29", `card ${m("card")} exp 12/29`],
    ["4111-1111-1111-1111", m("card")],
    ["4111111111111111", m("card")],
    ["5555555555554444", m("card")],
    ["amex 3782 822463 10005", `amex ${m("card")}`],
    ["diners 3056 930902 5904", `diners ${m("card")}`],
    ["visa13 4222222222222", `visa13 ${m("card")}`],
    ["two: 4111111111111111, 5555555555554444", `two: ${m("card")}, ${m("card")}`],
  ])("card: %s", expectRedacted);

  it.each([
    "4111 1111 1111 1112",
    "4111111111111112",
    "1234567812345670", // Luhn-valid, but no card network starts with 1
    "0000 0000 0000 0000",
    "4111 1111-1111 1111", // mixed separators
    "0.4111111111111111",
    "4111111111111111,5555555555554444", // glued by a comma, like 1,000: one number
  ])("card, not: %s", (input) => {
    expect(redactText(input).counts.card).toBeUndefined();
  });

  it.each([
    ["DE89 3704 0044 0532 0130 00", m("iban")],
    ["IBAN: DE89370400440532013000.", `IBAN: ${m("iban")}.`],
    ["GB82 WEST 1234 5698 7654 32", m("iban")],
    ["FR14 2004 1010 0505 0001 3M02 606 EUR", `${m("iban")} EUR`],
    ["NO93 8601 1117 947", m("iban")],
    ["BE68 5390 0754 7034 NL91 ABNA 0417 1643 00", `${m("iban")} ${m("iban")}`],
  ])("iban: %s", expectRedacted);

  it.each(["DE89370400440532013001", "XX89370400440532013000", "DE8937040044053201300", "de89370400440532013000"])("iban, not: %s", expectUnchanged);

  it("iban: a mod-97-invalid IBAN is not masked as one", () => {
    expect(redactText("DE89 3704 0044 0532 0130 01").counts.iban).toBeUndefined();
    expect(redactText("GB82 WEST 1234 5698 7654 33").counts.iban).toBeUndefined();
  });

  it.each([
    ["SSN 123-45-6789.", `SSN ${m("us_ssn")}.`],
    ["078-05-1120", m("us_ssn")],
  ])("us_ssn: %s", expectRedacted);

  it.each(["000-12-3456", "666-12-3456", "900-12-3456", "123-00-6789", "123-45-0000", "123-45-67890", "a123-45-6789"])("us_ssn, not: %s", (input) => {
    expect(redactText(input).counts.us_ssn).toBeUndefined();
  });

  it.each([
    ["from 192.168.1.1 today", `from ${m("ip_address")} today`],
    ["10.0.0.255:8080", `${m("ip_address")}:8080`],
    ["net 192.168.1.0/24", `net ${m("ip_address")}/24`],
    ["2001:db8::8a2e:370:7334", m("ip_address")],
    ["2001:0db8:0000:0000:0000:ff00:0042:8329", m("ip_address")],
    ["fe80::1%eth0", `${m("ip_address")}%eth0`],
    ["::ffff:192.0.2.1", m("ip_address")],
    ["[2001:db8::1]:443", `[${m("ip_address")}]:443`],
    ["host fe80::1.", `host ${m("ip_address")}.`],
  ])("ip_address: %s", expectRedacted);

  it.each(["999.1.1.1", "256.1.1.1", "1.2.3.4.5", "version 1.2.3", "10:30:00", "a[1::2] and a[::3]", "std::vector", "00:1a:2b:3c:4d:5e"])(
    "ip_address, not: %s",
    expectUnchanged,
  );

  it.each([
    "sk-abcdefghijklmnopqrstuvwxyzABCD1234567890abcdef",
    "sk-proj-abcDEF1234567890abcdefghij_KLMNO-pqrst",
    "sk-ant-api03-abcdefGHIJ1234567890abcd-efghIJKL_mnop",
    "AKIAIOSFODNN7EXAMPLE",
    "ASIAY34FZKBOKMUTVV7A",
    "ghp_abcdefghijklmnopqrstuvwxyz0123456789",
    "github_pat_11ABCDEFG0abcdefghijkl_mnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghij",
    "xoxb-123456789012-1234567890123-abcdefghijklmnopqrstuvwx",
    "AIzaSyA1234567890abcdefghijklmnopqrstuv",
    "sk_live_abcdefghijklmnop1234",
    "rk_live_abcdefghijklmnop1234",
    "sk_test_abcdefghijklmnop1234",
    "sk-sb-dev-local-only-0000000000000000000000",
  ])("api_key: %s", (key) => {
    expectRedacted(`key ${key} here`, `key ${m("api_key")} here`);
  });

  it("api_key: this gateway's generated keys", () => {
    for (let i = 0; i < 50; i++) {
      const key = generateApiKey();
      expect(key.startsWith(apiKeyPrefix)).toBe(true);
      expectRedacted(`x-api-key ${key}`, `x-api-key ${m("api_key")}`);
    }
  });

  it.each(["sk-learn-pipeline-for-text-data", "task-abcdefghijklmnopqrstu1234", "the sk_live_ prefix", "AKIA1234", "ghp_short"])("api_key, not: %s", expectUnchanged);

  it("jwt", () => {
    const jwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";
    expectRedacted(`token ${jwt}.`, `token ${m("jwt")}.`);
    expectRedacted("unsigned eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.", `unsigned ${m("jwt")}`);
    expectUnchanged("eyJhbGciOiJIUzI1NiJ9 alone");
  });

  it("private_key: a whole PEM block, with real or escaped line breaks", () => {
    const body = "MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gunVTLw7onLRnrq0";
    expectRedacted(
      `key:\n-----BEGIN RSA PRIVATE KEY-----\n${body}\n${body}\n-----END RSA PRIVATE KEY-----\nthanks`,
      `key:\n${m("private_key")}\nthanks`,
    );
    expectRedacted(`"-----BEGIN PRIVATE KEY-----\\n${body}\\n-----END PRIVATE KEY-----\\n"`, `"${m("private_key")}\\n"`);
    expectRedacted(`-----BEGIN OPENSSH PRIVATE KEY-----\n${body}\n-----END OPENSSH PRIVATE KEY-----`, m("private_key"));
    expectRedacted(`-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n${body}\n=Fq5Q\n-----END PGP PRIVATE KEY BLOCK-----`, m("private_key"));
  });

  it("private_key: a truncated block loses its header and base64 lines, not the prose after", () => {
    const body = "MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gunVTLw7onLRnrq0";
    expectRedacted(`-----BEGIN EC PRIVATE KEY-----\n${body}\n${body}\n\nWhat is this?`, `${m("private_key")}\n\nWhat is this?`);
  });

  it("private_key: a public key is not masked", () => {
    expectUnchanged("-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeL\n-----END PUBLIC KEY-----");
  });

  it.each([
    ["Authorization: Bearer abc123def456ghi789", `Authorization: Bearer ${m("bearer_token")}`],
    ["bearer abcdefghijklmnopqrstuvwxyz", `bearer ${m("bearer_token")}`],
    ["Authorization: Bearer sk-abcdefghijklmnopqrstuvwxyz123456", `Authorization: Bearer ${m("api_key")}`],
  ])("bearer_token: %s", expectRedacted);

  it.each(["Bearer authentication is simple", "the bearer of bad news"])("bearer_token, not: %s", expectUnchanged);

  it.each([
    ["password=hunter2", `password=${m("credential")}`],
    ["passwd: s3cr3t!", `passwd: ${m("credential")}`],
    ["DB_PASSWORD='p@ss w0rd'", `DB_PASSWORD='${m("credential")}'`],
    ['{"api_key": "abc\\"123", "user": "x"}', `{"api_key": "${m("credential")}", "user": "x"}`],
    ['apikey: "zzz"', `apikey: "${m("credential")}"`],
    ["secret=xyz; token=abc&page=2", `secret=${m("credential")}; token=${m("credential")}&page=2`],
    ["aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", `aws_secret_access_key = ${m("credential")}`],
    ["X-Api-Key: 0123abcd", `X-Api-Key: ${m("credential")}`],
    ["client_secret => 'abc'", `client_secret => '${m("credential")}'`],
    ["postgres://admin:pa55word@db.internal:5432/app", `postgres://admin:${m("credential")}@db.internal:5432/app`],
  ])("credential: %s", expectRedacted);

  it.each(['"password": null', "password: true", "max_tokens: 100", "tokenizer: gpt2", "if password == other", 'token=""', "secretName"])(
    "credential, not: %s",
    expectUnchanged,
  );

  it("credential: a value that holds a key is masked once, as the key", () => {
    expectRedacted("api_key=sk-abcdefghijklmnopqrstuvwxyz123456", `api_key=${m("api_key")}`);
    expectRedacted('"token": "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig"', `"token": "${m("jwt")}"`);
  });
});

describe("redactText: mixed text, counts, identity", () => {
  it("masks each kind in a mixed text and counts them", () => {
    const input = [
      "Hi, I'm reachable at jane@example.com or +44 20 7946 0958 (or jane.doe@work.example).",
      "Card 4111 1111 1111 1111, IBAN GB82 WEST 1234 5698 7654 32, SSN 123-45-6789.",
      "Server 10.1.2.3 and 2001:db8::1; key sk-proj-abcDEF1234567890abcdefghij; password: hunter2",
      "Authorization: Bearer abc123def456ghi789",
    ].join("\n");
    const { text, counts } = redactText(input);
    expect(text).toBe(
      [
        `Hi, I'm reachable at ${m("email")} or ${m("phone")} (or ${m("email")}).`,
        `Card ${m("card")}, IBAN ${m("iban")}, SSN ${m("us_ssn")}.`,
        `Server ${m("ip_address")} and ${m("ip_address")}; key ${m("api_key")}; password: ${m("credential")}`,
        `Authorization: Bearer ${m("bearer_token")}`,
      ].join("\n"),
    );
    expect(counts).toEqual({ email: 2, phone: 1, card: 1, iban: 1, us_ssn: 1, ip_address: 2, api_key: 1, credential: 1, bearer_token: 1 });
  });

  it("returns text without such data unchanged", () => {
    const input = "The meeting is on Tuesday in room 12; bring 3 copies of the 2024 report (about 45 pages).";
    expectUnchanged(input);
    expectUnchanged("");
  });

  it("leaves masks alone: every mask, alone or side by side, is a fixed point", () => {
    const masks = redactionKinds.map((kind) => m(kind));
    for (const mask of masks) expectUnchanged(mask);
    expectUnchanged(masks.join(""));
    expectUnchanged(masks.join(" "));
    expectUnchanged(masks.join(":"));
  });

  it.each([
    // Numbers glued by ":" are one thing: masking the second must not free the first.
    "+1 415 555 2671:12(555) 123-4567",
    "4111 1111 1111 11112024-01-15:(555) 123-4567",
    "555 123 4567 8:a@b.com",
    // A rejected "Bearer <word>" must not hide a "Bearer <token>" that starts at the word.
    "password=Bearer Bearer eyJhbGciOiJIUzI1NiJ9",
  ])("is idempotent where rules meet: %s", (input) => {
    const once = redactText(input).text;
    expect(redactText(once).text).toBe(once);
  });

  it("secrets win over generic patterns", () => {
    // A key full of digits is a key, not a phone number or a card.
    expectRedacted("sk_live_4111111111111111 5551234567", `${m("api_key")} 5551234567`);
    expectRedacted("AKIA4111111111111111", m("api_key"));
  });
});

describe("redactJson", () => {
  it("masks string leaves, leaves keys, numbers, booleans and null alone, and sums the counts", () => {
    const input = {
      "jane@example.com": "jane@example.com",
      messages: [
        { role: "user", content: "my card is 4111 1111 1111 1111" },
        { role: "assistant", content: ["call 555-123-4567", ["nested 10.0.0.1"]] },
      ],
      n: 4111111111111111,
      ok: true,
      none: null,
    };
    const { value, counts } = redactJson(input);
    expect(value).toEqual({
      "jane@example.com": m("email"),
      messages: [
        { role: "user", content: `my card is ${m("card")}` },
        { role: "assistant", content: [`call ${m("phone")}`, [`nested ${m("ip_address")}`]] },
      ],
      n: 4111111111111111,
      ok: true,
      none: null,
    });
    expect(counts).toEqual({ email: 1, card: 1, phone: 1, ip_address: 1 });
    // A new value: the input is untouched.
    expect(input.messages[0]?.content).toBe("my card is 4111 1111 1111 1111");
  });

  it("handles scalars at the root", () => {
    expect(redactJson("a@b.io")).toEqual({ value: m("email"), counts: { email: 1 } });
    expect(redactJson(42)).toEqual({ value: 42, counts: {} });
    expect(redactJson(null)).toEqual({ value: null, counts: {} });
  });

  it("keeps a __proto__ key as a plain property", () => {
    const input: unknown = JSON.parse('{"__proto__": {"x": "a@b.io"}, "y": 1}');
    const { value } = redactJson(input);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value as object)).toEqual(["__proto__", "y"]);
    expect(JSON.stringify(value)).toBe(`{"__proto__":{"x":"${m("email")}"},"y":1}`);
  });

  it("walks 10,000 levels of nesting without throwing", () => {
    let input: unknown = "reach me at a@b.io";
    for (let depth = 0; depth < 10_000; depth++) input = depth % 2 === 0 ? [input, depth] : { level: input };
    const { value, counts } = redactJson(input);
    expect(counts).toEqual({ email: 1 });
    let node = value;
    for (let depth = 9_999; depth >= 0; depth--) {
      node = depth % 2 === 0 ? (node as unknown[])[0] : (node as { level: unknown }).level;
    }
    expect(node).toBe(`reach me at ${m("email")}`);
  });
});

// ---------------------------------------------------------------------------------------------------
// Property tests

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
    const sensitive = fc.oneof(email, card, iban, apiKey, fc.string());
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

// ---------------------------------------------------------------------------------------------------
// Adversarial inputs: each must finish well within the test timeout (no timing assertion beyond it).

const megabyte = 1_000_000;
const repeated = (unit: string, size = megabyte): string => unit.repeat(Math.ceil(size / unit.length));

describe("redactText: adversarial inputs", () => {
  it.each([
    ["a", repeated("a")],
    ["1", repeated("1")],
    ["@", repeated("@")],
    ["1-", repeated("1-")],
    ["1 ", repeated("1 ")],
    ["1.", repeated("1.")],
    ["1111-", repeated("1111-")],
    ["123-45-", repeated("123-45-")],
    ["+1 ", repeated("+1 ")],
    ["(1", repeated("(1")],
    ["1:", repeated("1:")],
    ["eyJ", repeated("eyJ")],
    ["eyJaaaaaaaaa.", repeated("eyJaaaaaaaaa.")],
    ["a@", repeated("a@")],
    ["a. then @", `${repeated("a.")}@`],
    ["@ then a.", `x@${repeated("a.")}`],
    ["sk-", repeated("sk-")],
    ["password=", repeated("password=")],
    ['token="', repeated('token="')],
    ["BEGIN PRIVATE KEY", repeated("-----BEGIN PRIVATE KEY-----\n")],
    ["Bearer ", repeated("Bearer ")],
    ["DE89 3704 ", repeated("DE89 3704 ")],
    ["://a:", repeated("://a:")],
    ["ab::", repeated("ab::")],
    ["a:", repeated("a:")],
    ["1.1.1.1.", repeated("1.1.1.1.")],
    ["a: dots :x", `a:${repeated(".")}:x`],
    ["masks", repeated(m("card"))],
  ])("%s × 1 MB", (_name, input) => {
    const { text } = redactText(input);
    expect(typeof text).toBe("string");
  });

  // V8 keeps a backtrack entry per iteration of a regex group loop and throws past a few megabytes;
  // these shapes used to reach such loops.
  it.each([
    ["1 ", repeated("1 ", 8 * megabyte)],
    ["1", repeated("1", 8 * megabyte)],
    ["eyJ + letters", `eyJ${repeated("a", 8 * megabyte)}`],
    ["sk- + letters", `sk-${repeated("a", 8 * megabyte)}`],
    ["a@b.b.b…", `a@${repeated("b.", 8 * megabyte)}`],
    ['token="…', `token="${repeated("a", 8 * megabyte)}`],
    ["PEM body", `-----BEGIN PRIVATE KEY-----${repeated("\nAAAAAAAAAAAAAAAAAAAA", 8 * megabyte)}`],
    ["IBAN groups", `AB12${repeated(" ABCD", 8 * megabyte)}`],
  ])("%s × 8 MB does not overflow the regex stack", (_name, input) => {
    expect(() => redactText(input)).not.toThrow();
  });
});
