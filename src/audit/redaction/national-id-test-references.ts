/**
 * For the tests only: each scheme's check digit computed from its published definition, written apart
 * from national-id-validators.ts, and fast-check generators of valid numbers and of the same numbers
 * with a corrupted check.
 */
import fc from "fast-check";
import type { NationalIdScheme } from "./national-id-validators";

export interface GeneratedId {
  /** The number as it appears in the text, with its keyword where the scheme needs one. */
  written: string;
  /** The part that must disappear: the number itself. */
  secret: string;
  /** The same text with a wrong check digit or letter. */
  corrupted: string;
}

const pad = (value: number, width: number): string => String(value).padStart(width, "0");
const sumOf = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);
const numbersOf = (text: string): number[] => [...text].map(Number);
/** Another character of `alphabet` than `char`. */
function otherThan(alphabet: string, char: string, shift: number): string {
  const offset = 1 + (shift % (alphabet.length - 1));
  return alphabet.charAt((alphabet.indexOf(char) + offset) % alphabet.length);
}
const shift = fc.integer({ min: 0, max: 1000 });

/** A real date from 1900–2099 (the day kept to 1–28 so that every month has it), as numbers. */
const birthDate = fc.record({ year: fc.integer({ min: 1900, max: 2099 }), month: fc.integer({ min: 1, max: 12 }), day: fc.integer({ min: 1, max: 28 }) });
const yy = (year: number): string => pad(year % 100, 2);

// Spain: the 23 letters in order of the remainder.
const dniLetters = "TRWAGMYFPDXBNJZSQVHLCKE";
const dni = fc.tuple(fc.integer({ min: 0, max: 99_999_999 }), fc.constantFrom("", "-"), shift).map(([n, sep, s]): GeneratedId => {
  const letter = dniLetters[n % 23] ?? "";
  const digits = pad(n, 8);
  return { written: digits + sep + letter, secret: digits + sep + letter, corrupted: digits + sep + otherThan(dniLetters, letter, s) };
});
const nie = fc.tuple(fc.constantFrom(0, 1, 2), fc.integer({ min: 0, max: 9_999_999 }), shift).map(([prefix, n, s]): GeneratedId => {
  const letter = dniLetters[(prefix * 10_000_000 + n) % 23] ?? "";
  const head = "XYZ".charAt(prefix) + pad(n, 7);
  return { written: head + letter, secret: head + letter, corrupted: head + otherThan(dniLetters, letter, s) };
});

// Netherlands: 9·d1 + 8·d2 + … + 2·d8 − d9 divisible by 11.
const bsn = fc
  .tuple(fc.integer({ min: 10_000_000, max: 99_999_999 }), fc.constantFrom("BSN ", "burgerservicenummer: ", "Sofinummer "), fc.integer({ min: 1, max: 9 }))
  .map(([n, keyword, k]) => {
    const head = String(n);
    const last = sumOf(numbersOf(head).map((d, i) => d * (9 - i))) % 11;
    return { head, last, keyword, k };
  })
  .filter(({ last }) => last < 10)
  .map(({ head, last, keyword, k }): GeneratedId => ({
    written: `${keyword}${head}${last}`,
    secret: head + last,
    corrupted: `${keyword}${head}${(last + k) % 10}`,
  }));

// France: key = 97 − (13 digits mod 97), Corsica's 2A and 2B computed as 19 and 18.
const nir = fc
  .record({
    sex: fc.constantFrom(1, 2),
    year: fc.integer({ min: 0, max: 99 }),
    month: fc.oneof(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 20, max: 42 }), fc.integer({ min: 50, max: 99 })),
    department: fc.oneof(fc.integer({ min: 1, max: 95 }).map((d) => pad(d, 2)), fc.constantFrom("2A", "2B")),
    commune: fc.integer({ min: 1, max: 999 }),
    order: fc.integer({ min: 1, max: 999 }),
    spaced: fc.boolean(),
    k: fc.integer({ min: 1, max: 96 }),
  })
  .map(({ sex, year, month, department, commune, order, spaced, k }): GeneratedId => {
    const parts = [String(sex), pad(year, 2), pad(month, 2), department, pad(commune, 3), pad(order, 3)];
    const numeric = BigInt(parts.join("").replace("2A", "19").replace("2B", "18"));
    const key = 97 - Number(numeric % 97n);
    const write = (check: number): string => [...parts, pad(check, 2)].join(spaced ? " " : "");
    const written = write(key);
    return { written, secret: written, corrupted: write(((key - 1 + k) % 97) + 1) };
  });

function luhnDigit(payload: string): number {
  const sum = sumOf(numbersOf(payload).map((d, i) => (i % 2 === 0 ? (d * 2 > 9 ? d * 2 - 9 : d * 2) : d)));
  return (10 - (sum % 10)) % 10;
}

// Sweden: Luhn over YYMMDDNNN, day + 60 in a coordination number.
const personnummer = fc
  .tuple(birthDate, fc.boolean(), fc.integer({ min: 0, max: 999 }), fc.constantFrom("-", "+"), fc.boolean(), fc.integer({ min: 1, max: 9 }))
  .map(([{ year, month, day }, coordination, serial, sep, long, k]): GeneratedId => {
    const payload = yy(year) + pad(month, 2) + pad(coordination ? day + 60 : day, 2) + pad(serial, 3);
    const check = luhnDigit(payload);
    const head = (long ? String(year).slice(0, 2) : "") + payload.slice(0, 6) + sep + payload.slice(6);
    return { written: head + check, secret: head + check, corrupted: head + ((check + k) % 10) };
  });

// Finland: DDMMYYZZZ mod 31 picks the check character; the sign gives the century.
const hetuChecks = "0123456789ABCDEFHJKLMNPRSTUVWXY";
const hetu = fc
  .tuple(birthDate, fc.integer({ min: 2, max: 999 }), fc.constantFrom(0, 1, 2, 3, 4, 5), shift)
  .map(([{ year, month, day }, individual, signChoice, s]): GeneratedId => {
    const sign = year < 2000 ? "-YXWVU".charAt(signChoice) : "ABCDEF".charAt(signChoice);
    const digits = pad(day, 2) + pad(month, 2) + yy(year);
    const check = hetuChecks.charAt(Number(BigInt(digits + pad(individual, 3)) % 31n));
    const head = digits + sign + pad(individual, 3);
    return { written: head + check, secret: head + check, corrupted: head + otherThan(hetuChecks, check, s) };
  });

// Poland: month + 20 from 2000; weights 1 3 7 9 repeating.
const pesel = fc.tuple(birthDate, fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 1, max: 9 })).map(([{ year, month, day }, serial, k]): GeneratedId => {
  const head = yy(year) + pad(year >= 2000 ? month + 20 : month, 2) + pad(day, 2) + pad(serial, 4);
  const weights = [1, 3, 7, 9];
  const check = (10 - (sumOf(numbersOf(head).map((d, i) => d * (weights[i % 4] ?? 0))) % 10)) % 10;
  return { written: head + check, secret: head + check, corrupted: head + ((check + k) % 10) };
});

// Norway: two check digits; a remainder that would need a "10" has no number.
function norwegianCheck(digits: string, weights: readonly number[]): number {
  const rest = sumOf(numbersOf(digits).map((d, i) => d * (weights[i] ?? 0))) % 11;
  return rest === 0 ? 0 : 11 - rest;
}
const fodselsnummer = fc
  .tuple(birthDate, fc.boolean(), fc.integer({ min: 0, max: 999 }), fc.boolean(), fc.integer({ min: 1, max: 9 }))
  .map(([{ year, month, day }, dNumber, individual, spaced, k]) => {
    const head = pad(dNumber ? day + 40 : day, 2) + pad(month, 2) + yy(year) + pad(individual, 3);
    const k1 = norwegianCheck(head, [3, 7, 6, 1, 8, 9, 4, 5, 2]);
    const k2 = norwegianCheck(head + k1, [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]);
    return { head, k1, k2, spaced, k };
  })
  .filter(({ k1, k2 }) => k1 < 10 && k2 < 10)
  .map(({ head, k1, k2, spaced, k }): GeneratedId => {
    const write = (last: number): string => (spaced ? `${head.slice(0, 6)} ${head.slice(6)}${k1}${last}` : `${head}${k1}${last}`);
    return { written: write(k2), secret: write(k2), corrupted: write((k2 + k) % 10) };
  });

// Belgium: 97 − (YYMMDDSSS mod 97), with a 2 in front for people born from 2000.
const belgian = fc
  .tuple(birthDate, fc.integer({ min: 1, max: 997 }), fc.integer({ min: 1, max: 96 }), fc.boolean())
  .map(([{ year, month, day }, serial, k, compact]) => {
    const nine = yy(year) + pad(month, 2) + pad(day, 2) + pad(serial, 3);
    const checkFor = (prefix: string): number => 97 - Number(BigInt(prefix + nine) % 97n);
    const check = checkFor(year >= 2000 ? "2" : "");
    const wrong = ((check - 1 + k) % 97) + 1;
    return { nine, check, wrong, otherCentury: checkFor(year >= 2000 ? "" : "2"), compact };
  })
  .filter(({ wrong, otherCentury }) => wrong !== otherCentury)
  .map(({ nine, check, wrong, compact }): GeneratedId => {
    const write = (c: number): string =>
      compact ? nine + pad(c, 2) : `${nine.slice(0, 2)}.${nine.slice(2, 4)}.${nine.slice(4, 6)}-${nine.slice(6)}.${pad(c, 2)}`;
    const keyword = compact ? "rijksregisternummer " : "";
    return { written: keyword + write(check), secret: write(check), corrupted: keyword + write(wrong) };
  });

// Brazil: two check digits, weights 10…2 then 11…2, a remainder below 2 giving 0.
function cpfCheck(digits: string): number {
  const rest = sumOf(numbersOf(digits).map((d, i) => d * (digits.length + 1 - i))) % 11;
  return rest < 2 ? 0 : 11 - rest;
}
const cpf = fc
  .tuple(fc.integer({ min: 0, max: 999_999_999 }), fc.boolean(), fc.integer({ min: 1, max: 9 }))
  .map(([n, compact, k]) => ({ head: pad(n, 9), compact, k }))
  .filter(({ head }) => new Set(head).size > 1)
  .map(({ head, compact, k }): GeneratedId => {
    const d1 = cpfCheck(head);
    const d2 = cpfCheck(head + d1);
    const write = (last: number): string =>
      compact ? `CPF ${head}${d1}${last}` : `${head.slice(0, 3)}.${head.slice(3, 6)}.${head.slice(6)}-${d1}${last}`;
    return { written: write(d2), secret: write(d2).replace("CPF ", ""), corrupted: write((d2 + k) % 10) };
  });

// China: weights 2^(17−i) mod 11; the sum mod 11 indexes "10X98765432".
const chinaWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const chinaChecks = "10X98765432";
const residentId = fc
  .tuple(fc.integer({ min: 110_000, max: 829_999 }), birthDate, fc.integer({ min: 0, max: 999 }), shift)
  .map(([region, { year, month, day }, sequence, s]): GeneratedId => {
    const head = String(region) + String(year) + pad(month, 2) + pad(day, 2) + pad(sequence, 3);
    const check = chinaChecks.charAt(sumOf(numbersOf(head).map((d, i) => d * (chinaWeights[i] ?? 0))) % 11);
    return { written: head + check, secret: head + check, corrupted: head + otherThan("0123456789X", check, s) };
  });

// India: Verhoeff, the dihedral group D5 computed rather than tabled, with its permutation σ.
function d5(j: number, k: number): number {
  if (j < 5) return k < 5 ? (j + k) % 5 : ((j + k) % 5) + 5;
  return k < 5 ? ((j - k + 5) % 5) + 5 : (j - k + 5) % 5;
}
const sigma = [1, 5, 7, 6, 2, 8, 3, 0, 9, 4];
const permute = (times: number, digit: number): number => (times === 0 ? digit : permute(times - 1, sigma[digit] ?? 0));
function verhoeffDigit(payload: string): number {
  const fold = (check: number): number => numbersOf(payload).reverse().reduce((c, d, i) => d5(c, permute((i + 1) % 8, d)), check);
  const c = fold(0);
  // The inverse of c in D5: the element whose product with c is 0.
  return [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].find((x) => d5(c, x) === 0) ?? 0;
}
const aadhaar = fc
  .tuple(fc.integer({ min: 2, max: 9 }), fc.integer({ min: 0, max: 9_999_999_999 }), fc.constantFrom(" ", "-", "compact"), fc.integer({ min: 1, max: 9 }))
  .map(([first, rest, layout, k]) => {
    const head = `${first}${pad(rest, 10)}`;
    return { head, check: verhoeffDigit(head), layout, k };
  })
  // Three groups that are all years read as a list of years.
  .filter(({ head, check }) => !/^(?:(?:19|20)[0-9]{2}){3}$/.test(head + check))
  .map(({ head, check, layout, k }): GeneratedId => {
    const write = (last: number): string => {
      const digits = head + last;
      return layout === "compact" ? `Aadhaar ${digits}` : [digits.slice(0, 4), digits.slice(4, 8), digits.slice(8)].join(layout);
    };
    return { written: write(check), secret: write(check).replace("Aadhaar ", ""), corrupted: write((check + k) % 10) };
  });

// Italy: characters in odd places (1st, 3rd, …) count by a table, in even places by their rank.
const oddPlaceValues: Readonly<Record<string, number>> = Object.fromEntries(
  [..."0123456789"].map((d, i) => [d, [1, 0, 5, 7, 9, 13, 15, 17, 19, 21][i] ?? 0]),
);
const letterOddValues = "1 0 5 7 9 13 15 17 19 21 2 4 18 20 11 3 6 8 12 14 16 10 22 25 24 23".split(" ").map(Number);
const uppercase = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
function fiscalCheck(fifteen: string): string {
  const value = (char: string, oddPlace: boolean): number => {
    const rank = uppercase.indexOf(char);
    if (!oddPlace) return rank >= 0 ? rank : Number(char);
    return rank >= 0 ? (letterOddValues[rank] ?? 0) : (oddPlaceValues[char] ?? 0);
  };
  return uppercase.charAt(sumOf([...fifteen].map((char, i) => value(char, i % 2 === 0))) % 26);
}
const letters = (length: number): fc.Arbitrary<string> => fc.string({ unit: fc.constantFrom(...uppercase), minLength: length, maxLength: length });
const codiceFiscale = fc
  .tuple(
    letters(6),
    fc.integer({ min: 0, max: 99 }),
    fc.constantFrom(..."ABCDEHLMPRST"),
    fc.integer({ min: 1, max: 28 }),
    fc.boolean(),
    letters(1),
    fc.integer({ min: 1, max: 999 }),
    shift,
  )
  .map(([name, year, month, day, woman, placeLetter, place, s]): GeneratedId => {
    const head = name + pad(year, 2) + month + pad(woman ? day + 40 : day, 2) + placeLetter + pad(place, 3);
    const check = fiscalCheck(head);
    return { written: head + check, secret: head + check, corrupted: head + otherThan(uppercase, check, s) };
  });

export const generatedIds: Readonly<Record<NationalIdScheme, fc.Arbitrary<GeneratedId>>> = {
  es_dni: dni,
  es_nie: nie,
  nl_bsn: bsn,
  fr_nir: nir,
  se_personnummer: personnummer,
  fi_hetu: hetu,
  pl_pesel: pesel,
  no_fodselsnummer: fodselsnummer,
  be_national_number: belgian,
  br_cpf: cpf,
  cn_resident_id: residentId,
  in_aadhaar: aadhaar,
  it_codice_fiscale: codiceFiscale,
};
