import { describe, expect, it } from "vitest";
import { redactionMask, redactJson, redactText } from "./redact";

const m = redactionMask;

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
