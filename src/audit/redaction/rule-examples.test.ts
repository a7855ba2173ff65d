import { describe, expect, it } from "vitest";
import { apiKeyPrefix, generateApiKey } from "../../governance/api-key";
import { redactionKinds, redactionMask } from "./kinds";
import { redactText } from "./redact-text";

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
