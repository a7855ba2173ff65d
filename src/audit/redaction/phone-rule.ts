/**
 * phone: `+` and 8–15 digits, or a national number in groups (see isPhoneNumber). A candidate is what
 * /[+(]?[0-9](?:[ .()-]{0,2}[0-9])*(?![\w[]|[.,:\/-][0-9])/ would match: digits joined by at most two of
 * space, dot, dash and parentheses, ending on a digit that no word character, `[`, or `.`/`,`/`-`/`:`/`/`
 * plus a digit follows. That loop is scanned in code: as a regular expression it overflows V8's
 * backtrack stack on long runs of digits. Numbers glued by `,`, `:` or `/` (`10:30`, `1,000`,
 * `01/02`) are one thing: no number ends before the glue (the lookahead) or starts after it (the
 * lookbehind), so masking one of them can never free the other.
 */
import { isDigitAt, isWordOrBracketAt, replaceMatches, type Rule } from "./rule-engine";

const phoneStart = /(?<![\w+.,\]-]|[0-9\]][,:/])[+(]?[0-9]/g;

export const maskPhones: Rule = (text, tally) =>
  replaceMatches(text, phoneStart, (match) => {
    const { end, runEnd } = scanPhoneRun(text, match.index + match[0].length);
    // No digit of the run may end a number: no start inside the run can succeed either.
    if (end === undefined) return { end: runEnd };
    const candidate = text.slice(match.index, end);
    // A "(" that closes nothing is punctuation before the number.
    const lead = candidate.startsWith("(") && !candidate.includes(")") ? "(" : "";
    return { end, text: isPhoneNumber(candidate.slice(lead.length)) ? lead + tally.mask("phone") : undefined };
  });

function isPhoneSeparatorAt(text: string, at: number): boolean {
  const code = text.charCodeAt(at);
  return code === 32 || code === 46 || code === 45 || code === 40 || code === 41; // space . - ( )
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
