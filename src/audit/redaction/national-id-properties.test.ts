import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { redactionMask } from "./kinds";
import { maskNationalIdsOf } from "./national-id-rules";
import { generatedIds } from "./national-id-test-references";
import { type NationalIdScheme, nationalIdSchemes, nationalIdValidators } from "./national-id-validators";
import { redactText } from "./redact-text";
import { Tally } from "./rule-engine";

const masked = redactionMask("national_id");

const letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
const word = fc.string({ unit: fc.constantFrom(...letters), minLength: 1, maxLength: 8 });
/** Letters and spaces only: nothing a rule could start on, and the number stays a separate word. */
const prose = fc.array(word, { maxLength: 5 }).map((words) => words.join(" "));
const around = (before: string, value: string, after: string): string => [before, value, after].filter((part) => part !== "").join(" ");

describe.each(nationalIdSchemes.map((scheme) => [scheme]))("national_id properties: %s", (scheme: NationalIdScheme) => {
  const generated = generatedIds[scheme];

  it("a valid number in surrounding prose is always masked, once", () => {
    fc.assert(
      fc.property(prose, generated, prose, (before, { written, secret }, after) => {
        const { text, counts } = redactText(around(before, written, after));
        expect(text).not.toContain(secret);
        expect(text).toContain(masked);
        expect(counts).toEqual({ national_id: 1 });
      }),
      { numRuns: 300 },
    );
  });

  it("the same number with a corrupted check is never masked by its scheme", () => {
    const rule = maskNationalIdsOf(scheme);
    fc.assert(
      fc.property(prose, generated, prose, (before, { corrupted }, after) => {
        const input = around(before, corrupted, after);
        const tally = new Tally();
        expect(rule(input, tally)).toBe(input);
        expect(tally.counts).toEqual({});
      }),
      { numRuns: 300 },
    );
  });

  it("a validator never throws on strings of the compact length", () => {
    const validate = nationalIdValidators[scheme];
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(..."0123456789ABXYZ+-"), minLength: 8, maxLength: 18 }), (id) => {
        expect(typeof validate(id)).toBe("boolean");
      }),
    );
  });
});

describe("national_id properties: alongside other rules", () => {
  const anyValid = fc.constantFrom(...nationalIdSchemes).chain((scheme) => generatedIds[scheme]);
  const separator = fc.constantFrom(" ", ", ", "; ", " - ", ": ", "\n", " (", ") ");

  it("several valid numbers in one text are each masked", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(word, anyValid, separator), { minLength: 1, maxLength: 6 }), (parts) => {
        const input = parts.map(([w, { written }, s]) => `${w} ${written}${s}`).join("");
        const { text, counts } = redactText(input);
        for (const [, { secret }] of parts) expect(text).not.toContain(secret);
        expect(counts.national_id).toBe(parts.length);
      }),
      { numRuns: 300 },
    );
  });

  const fragments = [
    ...["12345678Z", "X1234567L", "BSN ", "111222333", "2 55 08 14 168 025 38", "255081416802538", "811228-9874", "131052-308T"],
    ...["44051401359", "15056712329", "150567 12329", "85.07.30-033.28", "529.982.247-25", "CPF ", "11010519491231002X"],
    ...["2345 6789 0124", "Aadhaar ", "RSSMRA85T10A562S", "4111 1111 1111 1111", "+1 415 555 2671", "123-45-6789"],
    ...["ES91 2100 0418 4502 0005 1332", "1", "12", " ", "-", ".", ",", ":", "/", "+", "\n", "[REDACTED:phone]", "a"],
  ];
  const tricky = fc.array(fc.constantFrom(...fragments), { maxLength: 20 }).map((parts) => parts.join(""));

  it("is idempotent on fragments of national ids and their neighbours", () => {
    fc.assert(
      fc.property(tricky, (input) => {
        const once = redactText(input).text;
        expect(redactText(once).text).toBe(once);
      }),
      { numRuns: 2000 },
    );
  });
});

// Adversarial inputs: each must finish well within the test timeout, like those of src/audit/redact.test.ts.
const megabyte = 1_000_000;
const repeated = (unit: string, size = megabyte): string => unit.repeat(Math.ceil(size / unit.length));

describe("national_id: adversarial inputs", () => {
  it.each([
    ["12345678Z glued", repeated("12345678Z")],
    ["12345678Z spaced", repeated("12345678Z ")],
    ["BSN + valid", repeated("BSN 111222333 ")],
    ["BSN + letters + number", `BSN ${repeated("a")}111222333`],
    ["BSN BSN", repeated("BSN ")],
    ["NIR groups", repeated("1 84 12 76 451 089 46 ")],
    ["2345 ", repeated("2345 ")],
    ["2345-", repeated("2345-")],
    ["811228-", repeated("811228-")],
    ["85.07.30-", repeated("85.07.30-")],
    ["X-", repeated("X-")],
    ["RSSMRA", repeated("RSSMRA")],
    ["RSSMRA85T10A562S", repeated("RSSMRA85T10A562S ")],
    ["digits and X", repeated("1234567X")],
    ["masks", repeated(masked)],
  ])("%s × 1 MB", (_name, input) => {
    const { text } = redactText(input);
    expect(typeof text).toBe("string");
  });

  it.each([
    ["2345 ", repeated("2345 ", 8 * megabyte)],
    ["BSN ", repeated("BSN ", 8 * megabyte)],
    ["letters", repeated("A", 8 * megabyte)],
    ["12.345.", repeated("12.345.", 8 * megabyte)],
  ])(
    "%s × 8 MB does not overflow the regex stack",
    (_name, input) => {
      expect(() => redactText(input)).not.toThrow();
    },
    // Every rule passes over 8 MB: room for a machine shared with other work.
    60_000,
  );
});
