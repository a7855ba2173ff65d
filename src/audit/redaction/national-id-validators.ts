/**
 * The national identity numbers the `national_id` rule knows, and the check each must pass: its
 * check digit or letter and, where the number holds a date of birth, that date's validity. Each
 * validator takes the number compact (separators removed) and upper-case.
 */
import {
  digitsOf,
  isOneRepeatedChar,
  isValidDate,
  isValidDateOfSomeCentury,
  iso7064Mod11Check,
  passesVerhoeff,
  remainderOf,
  weightedSum,
} from "./national-id-checksums";
import { passesLuhn } from "./validators";

export const nationalIdSchemes = [
  "es_dni",
  "es_nie",
  "nl_bsn",
  "fr_nir",
  "se_personnummer",
  "fi_hetu",
  "pl_pesel",
  "no_fodselsnummer",
  "be_national_number",
  "br_cpf",
  "cn_resident_id",
  "in_aadhaar",
  "it_codice_fiscale",
] as const;

export type NationalIdScheme = (typeof nationalIdSchemes)[number];

const twoDigits = (text: string, at: number): number => Number(text.slice(at, at + 2));

// Spain: DNI `12345678Z` and NIE `X1234567L` (X, Y, Z stand for 0, 1, 2); the letter is the number mod 23.
const spanishControlLetters = "TRWAGMYFPDXBNJZSQVHLCKE";

function hasSpanishControlLetter(digits: string, letter: string): boolean {
  return spanishControlLetters.charAt(remainderOf(digits, 23)) === letter;
}

const isSpanishDni = (id: string): boolean => hasSpanishControlLetter(id.slice(0, 8), id.charAt(8));

const isSpanishNie = (id: string): boolean => hasSpanishControlLetter(String("XYZ".indexOf(id.charAt(0))) + id.slice(1, 8), id.charAt(8));

// Netherlands: the "11-proof", weights 9…2 and -1 for the last digit.
const isDutchBsn = (id: string): boolean => id !== "000000000" && weightedSum(digitsOf(id), [9, 8, 7, 6, 5, 4, 3, 2, -1]) % 11 === 0;

const corsicanDepartments: Readonly<Record<string, string>> = { "2A": "19", "2B": "18" };

/**
 * France: sex (1, 2), year, month (01–12; 20–42 and 50–99 where the civil record gives none), the
 * department (2A and 2B for Corsica count as 19 and 18), commune, order, and a key of 97 minus the
 * 13 digits mod 97.
 */

function isFrenchNir(id: string): boolean {
  const month = twoDigits(id, 3);
  if (!(month >= 1 && month <= 12) && !(month >= 20 && month <= 42) && month < 50) return false;
  const department = corsicanDepartments[id.slice(5, 7)] ?? id.slice(5, 7);
  const numeric = id.slice(0, 5) + department + id.slice(7, 13);
  if (!/^[12][0-9]{12}$/.test(numeric)) return false;
  return 97 - remainderOf(numeric, 97) === Number(id.slice(13));
}

/**
 * Sweden: YYMMDDNNNN (a century may precede it), Luhn over those ten digits; the day is 61–91 in a
 * coordination number (samordningsnummer).
 */
function isSwedishPersonnummer(id: string): boolean {
  const tenDigits = id.slice(-10);
  const day = twoDigits(tenDigits, 4);
  const birthDay = day > 60 ? day - 60 : day;
  const month = twoDigits(tenDigits, 2);
  const dateValid =
    id.length === 12
      ? /^(?:18|19|20)/.test(id) && isValidDate(Number(id.slice(0, 4)), month, birthDay)
      : isValidDateOfSomeCentury(twoDigits(id, 0), month, birthDay);
  return dateValid && passesLuhn(tenDigits);
}

const finnishCenturies: Readonly<Record<string, number>> = Object.fromEntries([
  ["+", 1800],
  ...Array.from("-UVWXY", (sign) => [sign, 1900]),
  ...Array.from("ABCDEF", (sign) => [sign, 2000]),
]);
const finnishCheckCharacters = "0123456789ABCDEFHJKLMNPRSTUVWXY";

/** Finland: DDMMYY, a century sign, an individual number (002–999) and a check character: the nine digits mod 31. */
function isFinnishHetu(id: string): boolean {
  const century = finnishCenturies[id.charAt(6)];
  const individual = Number(id.slice(7, 10));
  if (century === undefined || individual < 2) return false;
  if (!isValidDate(century + twoDigits(id, 4), twoDigits(id, 2), twoDigits(id, 0))) return false;
  return finnishCheckCharacters.charAt(remainderOf(id.slice(0, 6) + id.slice(7, 10), 31)) === id.charAt(10);
}

/** Poland: YYMMDD (month +20 for 2000–2099; 1800s and 2100s are not taken), weights 1, 3, 7, 9. */
function isPolishPesel(id: string): boolean {
  const encodedMonth = twoDigits(id, 2);
  const bornFrom2000 = encodedMonth > 20;
  const month = bornFrom2000 ? encodedMonth - 20 : encodedMonth;
  if (!isValidDate((bornFrom2000 ? 2000 : 1900) + twoDigits(id, 0), month, twoDigits(id, 4))) return false;
  const sum = weightedSum(digitsOf(id), [1, 3, 7, 9, 1, 3, 7, 9, 1, 3]);
  return (10 - (sum % 10)) % 10 === Number(id.charAt(10));
}

/** Norway: DDMMYY (day +40 in a D-number), an individual number and two mod-11 check digits. */
function isNorwegianFodselsnummer(id: string): boolean {
  const day = twoDigits(id, 0);
  if (!isValidDateOfSomeCentury(twoDigits(id, 4), twoDigits(id, 2), day > 40 ? day - 40 : day)) return false;
  const digits = digitsOf(id);
  const first = mod11CheckDigit(digits, [3, 7, 6, 1, 8, 9, 4, 5, 2]);
  const second = mod11CheckDigit(digits, [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]);
  return first === digits[9] && second === digits[10];
}

/** 11 minus the weighted sum mod 11; 11 becomes 0, and 10 can be no digit (-1). */
function mod11CheckDigit(digits: readonly number[], weights: readonly number[]): number {
  const check = 11 - (weightedSum(digits, weights) % 11);
  return check === 11 ? 0 : check === 10 ? -1 : check;
}

/**
 * Belgium: YYMMDD (month and day may be 00 when unknown; month +20 or +40 in a BIS number), a serial
 * number, and 97 minus the nine digits mod 97, with a 2 before them for people born from 2000.
 */
function isBelgianNationalNumber(id: string): boolean {
  const month = twoDigits(id, 2) % 20;
  const day = twoDigits(id, 4);
  if (twoDigits(id, 2) >= 60 || month > 12 || day > 31) return false;
  const check = Number(id.slice(9));
  return 97 - remainderOf(id.slice(0, 9), 97) === check || 97 - remainderOf(`2${id.slice(0, 9)}`, 97) === check;
}

/** Brazil: two mod-11 check digits (weights 10…2, then 11…2); a number of one repeated digit is a placeholder. */
function isBrazilianCpf(id: string): boolean {
  if (isOneRepeatedChar(id)) return false;
  const digits = digitsOf(id);
  const check = (length: number): number => ((weightedSum(digits, Array.from({ length }, (_, i) => length + 1 - i)) * 10) % 11) % 10;
  return check(9) === digits[9] && check(10) === digits[10];
}

/** China: a region code, YYYYMMDD, a sequence number and an ISO 7064 MOD 11-2 check character. */
function isChineseResidentId(id: string): boolean {
  const year = Number(id.slice(6, 10));
  // 1800–2099: an 18-digit record id (a Discord snowflake) often holds a far-off "year".
  if (year < 1800 || year > 2099 || !isValidDate(year, twoDigits(id, 10), twoDigits(id, 12))) return false;
  return iso7064Mod11Check(id.slice(0, 17)) === id.charAt(17);
}

/** India: twelve digits, the first 2–9, with a Verhoeff check digit. */
const isIndianAadhaar = (id: string): boolean => /^[2-9]/.test(id) && passesVerhoeff(id);

/**
 * Italy: surname and name letters, year, month letter, day (+40 for women), place, check letter. A
 * digit may be replaced by a letter (omocodia: L, M, … V for 0–9) where two people would clash.
 */
const italianMonthLetters = "ABCDEHLMPRST";
const omocodiaLetters = "LMNPQRSTUV";
/** The places (from 0) of the digits that omocodia may replace: year, day and place number. */
const omocodiaPlaces = [6, 7, 9, 10, 12, 13, 14];
const italianOddValues = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];

function isItalianCodiceFiscale(id: string): boolean {
  const decoded = Array.from(id, (char, i) => (omocodiaPlaces.includes(i) && omocodiaLetters.includes(char) ? String(omocodiaLetters.indexOf(char)) : char)).join("");
  const day = twoDigits(decoded, 9);
  const month = italianMonthLetters.indexOf(decoded.charAt(8)) + 1;
  if (month === 0 || !isValidDateOfSomeCentury(twoDigits(decoded, 6), month, day > 40 ? day - 40 : day)) return false;
  let sum = 0;
  for (let i = 0; i < 15; i++) {
    const char = id.charAt(i);
    const value = char >= "0" && char <= "9" ? Number(char) : char.charCodeAt(0) - 65;
    sum += i % 2 === 0 ? (italianOddValues[value] ?? 0) : value;
  }
  return String.fromCharCode(65 + (sum % 26)) === id.charAt(15);
}

/** Each scheme's check, on the number compact and upper-case. */
export const nationalIdValidators: Readonly<Record<NationalIdScheme, (id: string) => boolean>> = {
  es_dni: isSpanishDni,
  es_nie: isSpanishNie,
  nl_bsn: isDutchBsn,
  fr_nir: isFrenchNir,
  se_personnummer: isSwedishPersonnummer,
  fi_hetu: isFinnishHetu,
  pl_pesel: isPolishPesel,
  no_fodselsnummer: isNorwegianFodselsnummer,
  be_national_number: isBelgianNationalNumber,
  br_cpf: isBrazilianCpf,
  cn_resident_id: isChineseResidentId,
  in_aadhaar: isIndianAadhaar,
  it_codice_fiscale: isItalianCodiceFiscale,
};
