/**
 * The rules for personal data found by pattern and check: email addresses, IBANs, card numbers, US
 * social security numbers and IP addresses. Phone numbers, scanned in code, are in phone-rule.ts.
 */
import { isWordOrBracketAt, maskMatches, replaceMatches, type Rule } from "./rule-engine";
import { ibanLengths, isOctet, isValidIban, passesLuhn } from "./validators";

// ---------------------------------------------------------------------------------------------------
// email: local@domain.tld, the top-level domain alphabetic. Starting only where a local part starts
// keeps a long run without `@` linear.

const emailPattern = /(?<![\w.%+\]-])[\w.%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+){0,30}\.[A-Za-z]{2,63}(?![\w[-])/g;

export const maskEmails: Rule = maskMatches("email", emailPattern);

// ---------------------------------------------------------------------------------------------------
// iban: upper-case, compact or printed in groups of four; the length must be the country's and the
// mod-97 check must hold. A printed candidate holds at most the 34 characters an IBAN can have; when
// it is not one, the search resumes after its first group, which may start the next IBAN.

const ibanPattern =
  /(?<![A-Za-z0-9\]])[A-Z]{2}[0-9]{2}(?:[A-Z0-9]{11,30}(?![A-Za-z0-9[])|(?: [A-Z0-9]{4}){1,7}(?: [A-Z0-9]{1,3})?(?![A-Za-z0-9[]))/g;

/** The country code and check digits, which a printed IBAN writes as its first group. */
const ibanHeadLength = 4;

export const maskIbans: Rule = (text, tally) =>
  replaceMatches(text, ibanPattern, (match) => {
    const candidate = match[0];
    if (!candidate.includes(" ")) return isValidIban(candidate) ? tally.mask("iban") : undefined;
    const length = printedIbanLength(candidate);
    if (length === undefined) return { end: match.index + ibanHeadLength };
    return { end: match.index + length, text: tally.mask("iban") };
  });

/** The length, spaces included, of the IBAN that a printed candidate starts with, if it starts with one. */
function printedIbanLength(candidate: string): number | undefined {
  const length = ibanLengths.get(candidate.slice(0, 2)) ?? 0;
  let iban = "";
  for (const group of candidate.split(" ")) {
    iban += group;
    if (iban.length >= length) break;
  }
  if (!isValidIban(iban)) return undefined;
  const groups = Math.ceil((length - 4) / 4);
  return length + groups;
}

// ---------------------------------------------------------------------------------------------------
// card: 13–19 digits, contiguous or in groups after a first group of four (single spaces or dashes,
// the same throughout), first digit 2–6 (the card networks' ranges), Luhn-valid. A candidate is 13–19
// contiguous digits, or a group of four and up to eight groups of 2–6; when it does not start with a
// card, the search resumes after its first group, so every group of a run is tried as a card's start.

const cardCandidate =
  /(?<![A-Za-z0-9+\]]|[0-9\]][.,])(?:[0-9]{13,19}|[0-9]{4}(?:[ -][0-9]{2,6}){1,8})(?![A-Za-z0-9[]|[.,][0-9[])/g;

function isCardNumber(digits: string): boolean {
  return digits.length >= 13 && digits.length <= 19 && /^[2-6]/.test(digits) && passesLuhn(digits);
}

export const maskCards: Rule = (text, tally) =>
  replaceMatches(text, cardCandidate, (match) => {
    const groups = match[0].split(/[ -]/);
    const cardLength = cardLengthFrom(match[0], groups);
    const firstGroupLength = groups[0]?.length ?? match[0].length;
    if (cardLength === undefined) return { end: match.index + firstGroupLength };
    return { end: match.index + cardLength, text: tally.mask("card") };
  });

/** The length, separators included, of the longest card number a candidate starts with, if there is one. */
function cardLengthFrom(candidate: string, groups: readonly string[]): number | undefined {
  const first = groups[0] ?? "";
  if (first.length !== 4) return isCardNumber(first) ? first.length : undefined;
  const separator = candidate.charAt(4);
  let digits = first;
  let length = first.length;
  let longest: number | undefined;
  for (const group of groups.slice(1)) {
    if (candidate.charAt(length) !== separator || digits.length + group.length > 19) break;
    digits += group;
    length += 1 + group.length;
    if (isCardNumber(digits)) longest = length;
  }
  return longest;
}

// ---------------------------------------------------------------------------------------------------
// us_ssn: ddd-dd-dddd, not area 000, 666 or 9xx, not group 00, not serial 0000.

const ssnPattern = /(?<![A-Za-z0-9\]-])([0-9]{3})-([0-9]{2})-([0-9]{4})(?![A-Za-z0-9[-])/g;

function isSsn(match: RegExpExecArray): boolean {
  const [, area = "", group = "", serial = ""] = match;
  return area !== "000" && area !== "666" && !area.startsWith("9") && group !== "00" && serial !== "0000";
}

export const maskUsSsns: Rule = maskMatches("us_ssn", ssnPattern, isSsn);

// ---------------------------------------------------------------------------------------------------
// ip_address: IPv6 (full, compressed, with an IPv4 tail) then IPv4 (four octets ≤ 255).

// A hex-and-dot run holding two colons; each class stops where the next begins, so nothing backtracks.
const ipv6Candidate = /(?<![A-Za-z0-9:.\]])[0-9A-Fa-f.]*:[0-9A-Fa-f.]*:[0-9A-Fa-f:.]*/g;
const ipv4Pattern = /(?<![A-Za-z0-9.\]])([0-9]{1,3})\.([0-9]{1,3})\.([0-9]{1,3})\.([0-9]{1,3})(?![A-Za-z0-9[]|\.[0-9[])/g;

function isIpv4Match(match: RegExpExecArray): boolean {
  return match.slice(1, 5).every(isOctet);
}

function isIpv4Address(text: string): boolean {
  const octets = text.split(".");
  return octets.length === 4 && octets.every(isOctet);
}

/**
 * True for an IPv6 address. A compressed address (`::`) must hold a group of three or four hex
 * digits, which keeps Python slices (`a[1::2]`) and Haskell's `::` out.
 */
function isIpv6Address(text: string): boolean {
  const lastColon = text.lastIndexOf(":");
  const tail = text.slice(lastColon + 1);
  if (tail.includes(".") && !isIpv4Address(tail)) return false;
  const hex = tail.includes(".") ? `${text.slice(0, lastColon + 1)}0:0` : text;
  const halves = hex.split("::");
  if (halves.length > 2) return false;
  const groups = halves.flatMap((half) => (half === "" ? [] : half.split(":")));
  if (!groups.every((group) => /^[0-9A-Fa-f]{1,4}$/.test(group))) return false;
  if (halves.length === 1) return groups.length === 8;
  return groups.length <= 7 && groups.some((group) => group.length >= 3);
}

/** The shortest IPv6 text the rule accepts (`abc::`) and the longest: six groups of four and an IPv4 tail. */
const minIpv6Length = 5;
const maxIpv6Length = "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255".length;

export const maskIpv6Addresses: Rule = (text, tally) =>
  replaceMatches(text, ipv6Candidate, (match) => {
    const candidate = match[0];
    if (isWordOrBracketAt(text, match.index + candidate.length)) return undefined;
    // A sentence may end right after the address.
    let length = candidate.length;
    while (candidate.charAt(length - 1) === ".") length--;
    const address = candidate.slice(0, length);
    if (address.length < minIpv6Length || address.length > maxIpv6Length || !isIpv6Address(address)) return undefined;
    return tally.mask("ip_address") + candidate.slice(length);
  });

export const maskIpv4Addresses: Rule = maskMatches("ip_address", ipv4Pattern, isIpv4Match);
