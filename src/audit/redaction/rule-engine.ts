/**
 * How a rule runs: one left-to-right pass of a global regular expression whose matches the rule
 * replaces, keeps, or skips past, while a tally counts the masks it writes.
 */
import { type RedactionCounts, type RedactionKind, redactionMask } from "./kinds";

export class Tally {
  readonly counts: RedactionCounts = {};

  /** Counts one masked value of `kind` and returns its mask. */
  mask(kind: RedactionKind): string {
    this.counts[kind] = (this.counts[kind] ?? 0) + 1;
    return redactionMask(kind);
  }
}

export type Rule = (text: string, tally: Tally) => string;

/**
 * What becomes of a match: `undefined` keeps it, a string replaces it; `{ end, text }` replaces the text
 * from the match to `end` (or keeps it, without `text`) and resumes the search at `end`.
 */
export type Replacement = string | { end: number; text?: string } | undefined;

/**
 * Runs the global `pattern` over `text` and replaces each match for which `replace` returns a text.
 * Returns `text` itself when nothing was replaced.
 */
export function replaceMatches(text: string, pattern: RegExp, replace: (match: RegExpExecArray) => Replacement): string {
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
export function maskMatches(kind: RedactionKind, pattern: RegExp, accept: (match: RegExpExecArray) => boolean = () => true): Rule {
  return (text, tally) => replaceMatches(text, pattern, (match) => (accept(match) ? tally.mask(kind) : undefined));
}

// Character tests by code (NaN past the end of the text fails them all), for the rules that scan in code.

export function isDigitAt(text: string, at: number): boolean {
  const code = text.charCodeAt(at);
  return code >= 48 && code <= 57;
}

/** A word character or `[`, which starts a mask: no token may end right before one. */
export function isWordOrBracketAt(text: string, at: number): boolean {
  const code = text.charCodeAt(at);
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || code === 91;
}
