/** The check-digit algorithms and the date check that national identity numbers are built from. */

/** The digits of `text` as numbers; `text` holds only digits. */
export function digitsOf(text: string): number[] {
  return Array.from(text, (char) => char.charCodeAt(0) - 48);
}

/** The sum of each digit times its weight; weights past the end of `digits` count nothing. */
export function weightedSum(digits: readonly number[], weights: readonly number[]): number {
  return weights.reduce((sum, weight, i) => sum + weight * (digits[i] ?? 0), 0);
}

/** The remainder of a decimal number, however long, (digits only) divided by `divisor`. */
export function remainderOf(decimal: string, divisor: number): number {
  let remainder = 0;
  for (const digit of digitsOf(decimal)) remainder = (remainder * 10 + digit) % divisor;
  return remainder;
}

/** True when every character of `text` is the same, as in `11111111111` (a placeholder, not a number). */
export function isOneRepeatedChar(text: string): boolean {
  return text.length > 0 && text.split(text.charAt(0)).length === text.length + 1;
}

/** True when `year`-`month`-`day` is a date of the Gregorian calendar. */
export function isValidDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return day <= (lengths[month - 1] ?? 0);
}

/**
 * True when a date written with a two-digit year is valid in some century: 29 February is accepted
 * for every year divisible by four (2000 was a leap year even though 1900 was not).
 */
export function isValidDateOfSomeCentury(twoDigitYear: number, month: number, day: number): boolean {
  return isValidDate(2000 + twoDigitYear, month, day);
}

// The Verhoeff scheme (dihedral group D5), as used by India's Aadhaar.
const verhoeffProduct = [
  "0123456789",
  "1234067895",
  "2340178956",
  "3401289567",
  "4012395678",
  "5987604321",
  "6598710432",
  "7659821043",
  "8765932104",
  "9876543210",
].map(digitsOf);
const verhoeffPermutation = ["0123456789", "1576283094", "5803796142", "8916043527", "9453126870", "4286573901", "2793806415", "7046913258"].map(
  digitsOf,
);

/** True when `digits` (check digit last) passes the Verhoeff check. */
export function passesVerhoeff(digits: string): boolean {
  let check = 0;
  digitsOf(digits)
    .reverse()
    .forEach((digit, i) => {
      check = verhoeffProduct[check]?.[verhoeffPermutation[i % 8]?.[digit] ?? 0] ?? 0;
    });
  return check === 0;
}

/** The ISO 7064 MOD 11-2 check character of `digits`: `0`–`9` or `X` (China's resident identity card). */
export function iso7064Mod11Check(digits: string): string {
  let remainder = 0;
  for (const digit of digitsOf(digits)) remainder = ((remainder + digit) * 2) % 11;
  const check = (12 - remainder) % 11;
  return check === 10 ? "X" : String(check);
}
