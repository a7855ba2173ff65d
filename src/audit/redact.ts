/**
 * Masking of personal data and secrets for the audit trail's `redacted` mode.
 *
 * Pure: no Workers API, no Node API. Each rule is one left-to-right pass of a global regular expression
 * whose candidates are checked in code (Luhn, mod-97, octet ranges, ...). Every pattern is linear: no
 * nested quantifiers over overlapping classes, and every unbounded run may only start where its
 * lookbehind says a token starts, so a failed attempt is never retried from each character of the run.
 * Unbounded repetition is only ever a single character class (`X+`, `X*`): V8 keeps a backtrack entry
 * per iteration of a group loop, of an alternation and even of `X{n,}`, and throws on inputs of a few
 * megabytes. Group loops are bounded; phone-number runs, quoted credential values and the body of a
 * truncated PEM block are scanned in code.
 *
 * Idempotence rests on two conventions: no rule can match inside a mask (`[REDACTED:<kind>]` holds no
 * digit, `@` or assignment, and its words follow letters or `:`), and every token boundary treats a
 * mask as a word character (a `]` on the left, a `[` on the right), so masking one value never frees
 * a neighbour that was rejected because of what stood next to it. Where two-character boundaries
 * depend on the character after a separator (numbers glued by `:` or `,`), the rule refuses both
 * sides of the glue. Rules run secrets first, generic numbers last.
 * docs/audit-redaction.md describes each rule and what it deliberately leaves alone.
 */

/** The kinds of data masked; the mask is `[REDACTED:<kind>]`. */
export const redactionKinds = [
  "private_key",
  "jwt",
  "api_key",
  "bearer_token",
  "credential",
  "email",
  "iban",
  "card",
  "us_ssn",
  "ip_address",
  "phone",
] as const;

export type RedactionKind = (typeof redactionKinds)[number];

export type RedactionCounts = Partial<Record<RedactionKind, number>>;

/** The text that replaces a masked value of `kind`. */
export function redactionMask(kind: RedactionKind): string {
  return `[REDACTED:${kind}]`;
}

/** Masks personal data and secrets in a text. Returns the masked text and how many of each kind were masked. */
export function redactText(text: string): { text: string; counts: RedactionCounts } {
  const tally = new Tally();
  return { text: redactWith(text, tally), counts: tally.counts };
}

/**
 * Walks a JSON value (as returned by JSON.parse) and masks every string leaf (object keys are left alone);
 * returns a new value and the summed counts. Iterative, so nesting depth is bounded only by memory.
 */
export function redactJson(value: unknown): { value: unknown; counts: RedactionCounts } {
  const tally = new Tally();
  const root: unknown[] = [undefined];
  const pending: PendingCopy[] = [{ source: value, container: root, key: 0 }];
  // Source container → its copy: a shared reference stays shared and a cycle cannot loop forever.
  const copies = new Map<object, unknown>();
  for (let task = pending.pop(); task !== undefined; task = pending.pop()) {
    place(task.container, task.key, copyNode(task.source, tally, pending, copies));
  }
  return { value: root[0], counts: tally.counts };
}

// ---------------------------------------------------------------------------------------------------
// Counting, the pipeline and the pass helper

class Tally {
  readonly counts: RedactionCounts = {};

  /** Counts one masked value of `kind` and returns its mask. */
  mask(kind: RedactionKind): string {
    this.counts[kind] = (this.counts[kind] ?? 0) + 1;
    return redactionMask(kind);
  }
}

type Rule = (text: string, tally: Tally) => string;

function redactWith(text: string, tally: Tally): string {
  let result = text;
  for (const rule of rules) result = rule(result, tally);
  return result;
}

/**
 * What becomes of a match: `undefined` keeps it, a string replaces it; `{ end, text }` replaces the text
 * from the match to `end` (or keeps it, without `text`) and resumes the search at `end`.
 */
type Replacement = string | { end: number; text?: string } | undefined;

/**
 * Runs the global `pattern` over `text` and replaces each match for which `replace` returns a text.
 * Returns `text` itself when nothing was replaced.
 */
function replaceMatches(text: string, pattern: RegExp, replace: (match: RegExpExecArray) => Replacement): string {
  const parts: string[] = [];
  let copiedUpTo = 0;
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    if (match[0] === "") {
      pattern.lastIndex++;
      continue;
    }
    const replacement = replace(match);
    if (replacement === undefined) continue;
    const { end, text: replacing } = typeof replacement === "string" ? { end: match.index + match[0].length, text: replacement } : replacement;
    pattern.lastIndex = end;
    if (replacing === undefined) continue;
    parts.push(text.slice(copiedUpTo, match.index), replacing);
    copiedUpTo = end;
  }
  if (parts.length === 0) return text;
  parts.push(text.slice(copiedUpTo));
  return parts.join("");
}

/** A rule that masks every match of `pattern` that `accept` (by default: every match) accepts. */
function maskMatches(kind: RedactionKind, pattern: RegExp, accept: (match: RegExpExecArray) => boolean = () => true): Rule {
  return (text, tally) => replaceMatches(text, pattern, (match) => (accept(match) ? tally.mask(kind) : undefined));
}

const maskShape = /^\[REDACTED:[a-z_]{1,20}\]$/;

// ---------------------------------------------------------------------------------------------------
// private_key: a PEM block from BEGIN to the next END; without an END (a truncated paste), the
// header and the base64 lines that follow it.

const pemBegin = /-----BEGIN (?:[A-Z0-9]+ ){0,3}PRIVATE KEY(?: BLOCK)?-----/g;
const pemEnd = /-----END (?:[A-Z0-9]+ ){0,3}PRIVATE KEY(?: BLOCK)?-----/g;
const pemLineBreak = /(?:[ \t\r\n]|\\[nr])/y;
const base64Run = /[A-Za-z0-9+/=]*/y;

const maskPrivateKeys: Rule = (text, tally) => {
  if (!text.includes("PRIVATE KEY")) return text;
  const ends = [...text.matchAll(pemEnd)].map((match) => ({ start: match.index, end: match.index + match[0].length }));
  let next = 0;
  return replaceMatches(text, pemBegin, (begin) => {
    const headerEnd = begin.index + begin[0].length;
    // END markers come in text order and blocks never overlap: a pointer that only advances keeps this linear.
    while (next < ends.length && (ends[next]?.start ?? 0) < headerEnd) next++;
    const end = ends[next]?.end ?? truncatedBodyEnd(text, headerEnd);
    return { text: tally.mask("private_key"), end };
  });
};

/** The end of the lines of 16 or more base64 characters that follow a header (line breaks may be escaped). */
function truncatedBodyEnd(text: string, headerEnd: number): number {
  let end = headerEnd;
  for (;;) {
    let lineStart = end;
    pemLineBreak.lastIndex = lineStart;
    while (pemLineBreak.exec(text) !== null) lineStart = pemLineBreak.lastIndex;
    base64Run.lastIndex = lineStart;
    const line = base64Run.exec(text)?.[0] ?? "";
    if (lineStart === end || line.length < 16) return end;
    end = lineStart + line.length;
  }
}

// ---------------------------------------------------------------------------------------------------
// jwt: three (or five, for an encrypted token) base64url segments, the first starting `eyJ` (`{"`).

const jwtPattern = /(?<![\w\]-])eyJ[\w-]{8}[\w-]*\.[\w-]{2}[\w-]*\.[\w-]*(?:\.[\w-]+){0,2}/g;

// ---------------------------------------------------------------------------------------------------
// api_key: well-known token shapes. `sk-` covers OpenAI (`sk-`, `sk-proj-`, `sk-svcacct-`), Anthropic
// (`sk-ant-`) and this gateway's own keys (`sk-sb-` + 40 base62, see src/governance/api-key.ts).

const apiKeyPattern = new RegExp(
  "(?<![\\w\\]-])(?:" +
    [
      "(sk-|xox[abprs]-)[\\w-]{20}[\\w-]*",
      "(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16}[A-Za-z0-9]*",
      "A(?:KIA|SIA)[A-Z0-9]{16}(?![\\w[-])",
      "gh[pousr]_[A-Za-z0-9]{30}[A-Za-z0-9]*",
      "github_pat_\\w{20}\\w*",
      "AIza[\\w-]{35}(?![\\w[-])",
    ].join("|") +
    ")",
  "g",
);

/** `sk-` and Slack prefixes are also ordinary words: their keys must look random (a digit or a capital). */
function looksLikeApiKey(match: RegExpExecArray): boolean {
  const prefix = match[1];
  if (prefix === undefined) return true;
  return /[0-9A-Z]/.test(match[0].slice(prefix.length));
}

// ---------------------------------------------------------------------------------------------------
// bearer_token: `Bearer <token>`; the word stays, the token goes.

const bearerPattern = /(?<![\w\]])([Bb]earer|BEARER)([ \t]+)([\w.~+/=-]+)/g;

const maskBearerTokens: Rule = (text, tally) =>
  replaceMatches(text, bearerPattern, (match) => {
    const [, word = "", blanks = "", token = ""] = match;
    // A token has a digit or is long: "Bearer authentication" is prose.
    const isToken = token.length >= 8 && (/[0-9]/.test(token) || token.length >= 20);
    // When it is not one, the next word may itself start "Bearer <token>".
    return isToken ? word + blanks + tally.mask("bearer_token") : { end: match.index + word.length };
  });

// ---------------------------------------------------------------------------------------------------
// credential: `name = value`, `name: value`, `"name": "value"` where the name ends with a secret-ish
// word; the name and the quotes stay, the value goes. Also the password of a URL's user info.

const credentialAssignment =
  /(?<![\w.\]-])([\w.-]*(?:pass(?:word|wd|phrase)|secret|token|api[_-]?key|access[_-]?key|secret[_-]?key|private[_-]?key|auth[_-]?key|credential))(["']?[ \t]*(?:=>|:=|[:=](?!=))[ \t]*)(["']|[^\s"'`,;&<>(){}[\]]+)/gi;

const placeholderValue = /^(?:|null|nil|none|true|false|undefined)$/i;

const maskCredentialAssignments: Rule = (text, tally) =>
  replaceMatches(text, credentialAssignment, (match) => {
    const [whole, name = "", separator = "", value = ""] = match;
    const quote = value === '"' || value === "'" ? value : "";
    const valueStart = match.index + whole.length - value.length;
    const end = quote === "" ? valueStart + value.length : closingQuoteEnd(text, valueStart + 1, quote);
    if (end === undefined) return undefined;
    const inner = text.slice(valueStart + quote.length, end - quote.length);
    if (placeholderValue.test(inner) || maskShape.test(inner)) return { end };
    return { end, text: name + separator + quote + tally.mask("credential") + quote };
  });

/** Just past the quote that closes a value opened before `from`, on the same line; backslash escapes. */
function closingQuoteEnd(text: string, from: number, quote: string): number | undefined {
  for (let i = from; i < text.length; i++) {
    const char = text.charAt(i);
    if (char === quote) return i + 1;
    if (char === "\\") i++;
    else if (char === "\n" || char === "\r") return undefined;
  }
  return undefined;
}

const urlUserInfo = /:\/\/([^\s:/@?#[\]]{1,256}):([^\s/@?#[\]]{1,256})@/g;

const maskUrlPasswords: Rule = (text, tally) =>
  replaceMatches(text, urlUserInfo, (match) => `://${match[1] ?? ""}:${tally.mask("credential")}@`);

// ---------------------------------------------------------------------------------------------------
// email: local@domain.tld, the top-level domain alphabetic. Starting only where a local part starts
// keeps a long run without `@` linear.

const emailPattern = /(?<![\w.%+\]-])[\w.%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+){0,30}\.[A-Za-z]{2,63}(?![\w[-])/g;

// ---------------------------------------------------------------------------------------------------
// iban: upper-case, compact or printed in groups of four; the length must be the country's and the
// mod-97 check must hold. A printed candidate holds at most the 34 characters an IBAN can have; when
// it is not one, the search resumes after its first group, which may start the next IBAN.

const ibanPattern =
  /(?<![A-Za-z0-9\]])[A-Z]{2}[0-9]{2}(?:[A-Z0-9]{11,30}(?![A-Za-z0-9[])|(?: [A-Z0-9]{4}){1,7}(?: [A-Z0-9]{1,3})?(?![A-Za-z0-9[]))/g;

/** IBAN lengths by country (the SWIFT IBAN registry). */
const ibanLengths = new Map(
  (
    "AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BI27 BR29 BY28 CH21 CR22 CY28 CZ24 DE22 DJ27 DK18 DO28 " +
    "EE20 EG29 ES24 FI18 FK18 FO18 FR27 GB22 GE22 GI23 GL18 GR27 GT28 HR21 HU28 IE22 IL23 IQ23 IS26 IT27 " +
    "JO30 KW30 KZ20 LB28 LC32 LI21 LT20 LU20 LV21 LY25 MC27 MD24 ME22 MK19 MN20 MR27 MT31 MU30 NI28 NL18 " +
    "NO15 OM23 PK24 PL28 PS29 PT25 QA29 RO24 RS22 RU33 SA24 SC31 SD18 SE24 SI19 SK24 SM27 SO23 ST25 SV28 " +
    "TL23 TN24 TR26 UA29 VA22 VG24 XK20 YE30"
  )
    .split(" ")
    .map((entry): [string, number] => [entry.slice(0, 2), Number(entry.slice(2))]),
);

/** True when `iban` (upper-case, no spaces) has its country's length and passes the ISO 7064 mod-97 check. */
export function isValidIban(iban: string): boolean {
  if (ibanLengths.get(iban.slice(0, 2)) !== iban.length || !/^[A-Z]{2}[0-9]{2}[A-Z0-9]+$/.test(iban)) return false;
  let remainder = 0;
  for (const char of iban.slice(4) + iban.slice(0, 4)) {
    const value = Number.parseInt(char, 36);
    remainder = (remainder * (value >= 10 ? 100 : 10) + value) % 97;
  }
  return remainder === 1;
}

/** The country code and check digits, which a printed IBAN writes as its first group. */
const ibanHeadLength = 4;

const maskIbans: Rule = (text, tally) =>
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

/** True when `digits` passes the Luhn check. */
export function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = digits.length - 1, double = false; i >= 0; i--, double = !double) {
    const digit = digits.charCodeAt(i) - 48;
    sum += double ? (digit * 2 > 9 ? digit * 2 - 9 : digit * 2) : digit;
  }
  return sum % 10 === 0;
}

function isCardNumber(digits: string): boolean {
  return digits.length >= 13 && digits.length <= 19 && /^[2-6]/.test(digits) && passesLuhn(digits);
}

const maskCards: Rule = (text, tally) =>
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

// ---------------------------------------------------------------------------------------------------
// ip_address: IPv6 (full, compressed, with an IPv4 tail) then IPv4 (four octets ≤ 255).

// A hex-and-dot run holding two colons; each class stops where the next begins, so nothing backtracks.
const ipv6Candidate = /(?<![A-Za-z0-9:.\]])[0-9A-Fa-f.]*:[0-9A-Fa-f.]*:[0-9A-Fa-f:.]*/g;
const ipv4Pattern = /(?<![A-Za-z0-9.\]])([0-9]{1,3})\.([0-9]{1,3})\.([0-9]{1,3})\.([0-9]{1,3})(?![A-Za-z0-9[]|\.[0-9[])/g;

function isOctet(text: string): boolean {
  return /^[0-9]{1,3}$/.test(text) && Number(text) <= 255;
}

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

const maskIpv6: Rule = (text, tally) =>
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

// ---------------------------------------------------------------------------------------------------
// phone: `+` and 8–15 digits, or a national number in groups (see isPhoneNumber). A candidate is what
// /[+(]?[0-9](?:[ .()-]{0,2}[0-9])*(?![\w[]|[.,:\/-][0-9])/ would match: digits joined by at most two of
// space, dot, dash and parentheses, ending on a digit that no word character, `[`, or `.`/`,`/`-`/`:`/`/`
// plus a digit follows. That loop is scanned in code: as a regular expression it overflows V8's
// backtrack stack on long runs of digits. Numbers glued by `,`, `:` or `/` (`10:30`, `1,000`,
// `01/02`) are one thing: no number ends before the glue (the lookahead) or starts after it (the
// lookbehind), so masking one of them can never free the other.

const phoneStart = /(?<![\w+.,\]-]|[0-9\]][,:/])[+(]?[0-9]/g;

const maskPhones: Rule = (text, tally) =>
  replaceMatches(text, phoneStart, (match) => {
    const { end, runEnd } = scanPhoneRun(text, match.index + match[0].length);
    // No digit of the run may end a number: no start inside the run can succeed either.
    if (end === undefined) return { end: runEnd };
    const candidate = text.slice(match.index, end);
    // A "(" that closes nothing is punctuation before the number.
    const lead = candidate.startsWith("(") && !candidate.includes(")") ? "(" : "";
    return { end, text: isPhoneNumber(candidate.slice(lead.length)) ? lead + tally.mask("phone") : undefined };
  });

// Character tests by code (NaN past the end of the text fails them all): this loop sees every digit.
function isDigitAt(text: string, at: number): boolean {
  const code = text.charCodeAt(at);
  return code >= 48 && code <= 57;
}

function isPhoneSeparatorAt(text: string, at: number): boolean {
  const code = text.charCodeAt(at);
  return code === 32 || code === 46 || code === 45 || code === 40 || code === 41; // space . - ( )
}

function isWordOrBracketAt(text: string, at: number): boolean {
  const code = text.charCodeAt(at);
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || code === 91;
}

/** True when a number may end at `at`: the lookahead of the candidate pattern above. */
function canEndNumberAt(text: string, at: number): boolean {
  if (isWordOrBracketAt(text, at)) return false;
  return !(".,:/-".includes(text.charAt(at)) && at < text.length && isDigitAt(text, at + 1));
}

/** How far the run continues from `at`, just after a digit: 0 when it ends there. */
function phoneRunStep(text: string, at: number): number {
  if (isDigitAt(text, at)) return 1;
  if (!isPhoneSeparatorAt(text, at)) return 0;
  if (isDigitAt(text, at + 1)) return 2;
  return isPhoneSeparatorAt(text, at + 1) && isDigitAt(text, at + 2) ? 3 : 0;
}

/** From just after a run's first digit: where the run ends, and the last place a number may end in it. */
function scanPhoneRun(text: string, afterFirstDigit: number): { end: number | undefined; runEnd: number } {
  let at = afterFirstDigit;
  let end: number | undefined;
  for (let step = 1; step !== 0; at += step) {
    if (canEndNumberAt(text, at)) end = at;
    step = phoneRunStep(text, at);
  }
  return { end, runEnd: at };
}

/** `+`, 15 digits, and two separator characters between each two of them. */
const maxPhoneLength = 1 + 15 + 14 * 2;

/** The digit groups of a phone candidate and the separators between them, parentheses set apart. */
interface PhoneShape {
  international: boolean;
  groups: string[];
  /** The separator before each group after the first, without parentheses; "" next to a parenthesis. */
  separators: string[];
  parenthesized: boolean;
}

function phoneShape(candidate: string): PhoneShape | undefined {
  const international = candidate.startsWith("+");
  const body = international ? candidate.slice(1) : candidate;
  const open = body.indexOf("(");
  const close = body.indexOf(")");
  const parenthesized = open !== -1;
  if (parenthesized !== (close !== -1) || close < open || body.indexOf("(", open + 1) !== -1 || body.indexOf(")", close + 1) !== -1) return undefined;
  if (parenthesized && !/^[0-9]{1,5}$/.test(body.slice(open + 1, close))) return undefined;
  // The candidate ends on a digit and may start with "(": the runs between groups are the middle pieces.
  const separators: string[] = [];
  for (const run of body.split(/[0-9]+/).slice(1, -1)) {
    const plain = run.replace(/[()]/g, "");
    if (plain.length > 1) return undefined;
    separators.push(run === plain ? plain : "");
  }
  return { international, groups: body.match(/[0-9]+/g) ?? [], separators, parenthesized };
}

/**
 * The phone rule. International (`+`): 8–15 digits. National: 8–15 digits in at least two groups,
 * and not one of the shapes ordinary numbers take: a date (4-2-2 or 2-2-4), years (19xx/20xx groups),
 * thousands (1–3 digits then groups of exactly 3, one separator), an SSN shape (3-2-4 with dashes), a
 * 1-digit group after the first, mixed separators, two groups unless the first starts with 0 or is in
 * parentheses, or only 2-digit groups unless the first starts with 0.
 */
function isPhoneNumber(candidate: string): boolean {
  if (candidate.length < 8 || candidate.length > maxPhoneLength) return false;
  const shape = phoneShape(candidate);
  if (shape === undefined) return false;
  const { international, groups, separators, parenthesized } = shape;
  const digitCount = groups.join("").length;
  if (digitCount < 8 || digitCount > 15) return false;
  const lengths = groups.map((group) => group.length);
  const first = groups[0] ?? "";
  // After a country code, a trunk or area digit may stand alone (+33 6 12 34 56 78).
  if (lengths.some((length, i) => length === 1 && i > (international ? 1 : 0))) return false;
  // The separator after the country code may differ from the rest (+1 555-123-4567).
  const consistent = new Set((international ? separators.slice(1) : separators).filter((separator) => separator !== ""));
  if (consistent.size > 1) return false;
  if (international) return true;
  if (groups.length < 2 || lengths.some((length) => length > 8)) return false;
  if (groups.length === 2 && !parenthesized && !first.startsWith("0")) return false;
  if (lengths.every((length) => length <= 2) && !first.startsWith("0")) return false;
  const head = lengths.slice(0, 3).join("-");
  if (head === "4-2-2" || head === "2-2-4") return false;
  if (groups.every((group) => /^(?:19|20)[0-9]{2}$/.test(group))) return false;
  if (head === "3-2-4" && groups.length === 3 && separators.every((separator) => separator === "-")) return false;
  const thousands = !parenthesized && lengths[0] !== undefined && lengths[0] <= 3 && lengths.slice(1).every((length) => length === 3);
  return !(thousands && separators.every((separator) => separator === " " || separator === "."));
}

// ---------------------------------------------------------------------------------------------------
// The order matters: secrets before generic patterns (a key holding digits must not become a phone),
// IBAN before card (an IBAN's digits can pass Luhn), IPv6 before IPv4 (an IPv4 tail), phone last.

const rules: readonly Rule[] = [
  maskPrivateKeys,
  maskMatches("jwt", jwtPattern),
  maskMatches("api_key", apiKeyPattern, looksLikeApiKey),
  maskBearerTokens,
  maskCredentialAssignments,
  maskUrlPasswords,
  maskMatches("email", emailPattern),
  maskIbans,
  maskCards,
  maskMatches("us_ssn", ssnPattern, isSsn),
  maskIpv6,
  maskMatches("ip_address", ipv4Pattern, isIpv4Match),
  maskPhones,
];

// ---------------------------------------------------------------------------------------------------
// The JSON walk

interface PendingCopy {
  source: unknown;
  container: unknown[] | Record<string, unknown>;
  key: number | string;
}

/** Stores `value` under `key`; defineProperty so that a `__proto__` key stays a plain property. */
function place(container: unknown[] | Record<string, unknown>, key: number | string, value: unknown): void {
  Object.defineProperty(container, key, { value, writable: true, enumerable: true, configurable: true });
}

/** A string's redaction, a scalar itself, or an empty copy of a container whose children are queued. */
function copyNode(source: unknown, tally: Tally, pending: PendingCopy[], copies: Map<object, unknown>): unknown {
  if (typeof source === "string") return redactWith(source, tally);
  if (typeof source !== "object" || source === null) return source;
  const known = copies.get(source);
  if (known !== undefined) return known;
  if (Array.isArray(source)) {
    const items: readonly unknown[] = source;
    const copy: unknown[] = Array.from({ length: items.length });
    copies.set(source, copy);
    items.forEach((item, index) => pending.push({ source: item, container: copy, key: index }));
    return copy;
  }
  const copy: Record<string, unknown> = {};
  copies.set(source, copy);
  for (const [key, item] of Object.entries(source as Record<string, unknown>)) {
    // Keys are defined now, in order; their values arrive as the queue drains.
    place(copy, key, null);
    pending.push({ source: item, container: copy, key });
  }
  return copy;
}
