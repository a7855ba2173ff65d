/**
 * Masking of a text that arrives in pieces (a streamed answer), releasing text as soon as no secret
 * or personal data could still be continuing into the next piece.
 *
 * The window never guesses from the rules' shapes: it releases the pending text up to a cut only when
 * masking the two sides apart gives exactly what masking them together gives (texts and counts), and
 * only when at least `windowChars / 2` characters (the lookahead) follow the cut. A value that crosses
 * such a cut and is at most the lookahead long therefore lies wholly in the pending text, where the
 * comparison sees it. Hence the bound (docs/guardrails-output.md): the output equals
 * `redactText(whole text)` whenever every value the rules decide as one — a match, or a candidate they
 * scan and reject, such as a run of digits and spaces — is at most `windowChars / 2` characters long.
 * Longer values can be cut and then only each side of the cut is masked.
 */
import { type RedactionCounts, redactText } from "../../audit/redact";
import { addCounts, sameCounts } from "./redaction-counts";

/** Characters held back at most; values up to half of it are masked exactly as in the whole text. */
export const defaultWindowChars = 512;

type Masked = ReturnType<typeof redactText>;

export class RedactionWindow {
  /** What the released text had masked, by kind. */
  readonly counts: RedactionCounts = {};
  private pending = "";
  private readonly lookahead: number;
  /**
   * Cuts are sought once this many characters could be released. Each search masks the pending text
   * about three times, so the step is the whole lookahead: the text is still released within
   * `lookahead` to `windowChars` characters, and masking costs a few times the text, not dozens.
   */
  private readonly releaseStep: number;
  /** Positions in `pending` up to here were tried as whitespace cuts and failed; they are not tried again until the window overflows. */
  private triedUpTo = 0;

  constructor(readonly windowChars: number = defaultWindowChars) {
    if (!Number.isInteger(windowChars) || windowChars < 2) throw new RangeError(`windowChars must be an integer of at least 2, not ${windowChars}`);
    this.lookahead = Math.floor(windowChars / 2);
    this.releaseStep = Math.max(1, this.lookahead);
  }

  /** Characters received and not yet released: never more than `windowChars` after a push. */
  get heldChars(): number {
    return this.pending.length;
  }

  /** Takes the next piece; returns the masked text that is safe to release now (often ""). */
  push(piece: string): string {
    this.pending += piece;
    const latest = this.pending.length - this.lookahead;
    if (latest < this.releaseStep && this.pending.length <= this.windowChars) return "";
    const cut = this.findCut(latest);
    if (cut === undefined) return "";
    this.pending = this.pending.slice(cut.at);
    this.triedUpTo = Math.max(0, this.triedUpTo - cut.at);
    return this.release(cut.left);
  }

  /** The text ended: releases the rest, masked. */
  finish(): string {
    const rest = redactText(this.pending);
    this.pending = "";
    this.triedUpTo = 0;
    return this.release(rest);
  }

  private release(masked: Masked): string {
    addCounts(this.counts, masked.counts);
    return masked.text;
  }

  /**
   * The latest cut at or before `latest` that keeps the tail within the window: first among the
   * positions next to whitespace (where a cut almost always separates), then, when the window
   * overflows, among all positions, and as a last resort at `latest` itself.
   */
  private findCut(latest: number): { at: number; left: Masked } | undefined {
    const earliest = Math.max(1, this.pending.length - this.windowChars);
    let whole: Masked | undefined;
    const tryCut = (at: number): { at: number; left: Masked } | undefined => {
      whole ??= redactText(this.pending);
      const left = separatingCut(this.pending, at, whole);
      return left === undefined ? undefined : { at, left };
    };
    for (let at = latest; at >= Math.max(earliest, this.triedUpTo + 1); at--) {
      const cut = this.isNextToWhitespace(at) ? tryCut(at) : undefined;
      if (cut !== undefined) return cut;
    }
    this.triedUpTo = Math.max(this.triedUpTo, latest);
    if (this.pending.length <= this.windowChars) return undefined;
    for (let at = latest; at >= earliest; at--) {
      const cut = this.splitsCharacter(at) ? undefined : tryCut(at);
      if (cut !== undefined) return cut;
    }
    // Something longer than the lookahead crosses every position: cutting it is unavoidable.
    const at = this.splitsCharacter(latest) ? latest - 1 : latest;
    return { at, left: redactText(this.pending.slice(0, at)) };
  }

  private isNextToWhitespace(at: number): boolean {
    return whitespace.test(this.pending.charAt(at - 1)) || whitespace.test(this.pending.charAt(at));
  }

  /** True between the two halves of a surrogate pair, which a released piece must not part. */
  private splitsCharacter(at: number): boolean {
    const before = this.pending.charCodeAt(at - 1);
    const after = this.pending.charCodeAt(at);
    return before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff;
  }
}

const whitespace = /^\s$/;

/** The masked left side when masking `text` apart at `at` gives exactly `whole` (text and counts); otherwise undefined. */
function separatingCut(text: string, at: number, whole: Masked): Masked | undefined {
  const left = redactText(text.slice(0, at));
  if (!whole.text.startsWith(left.text)) return undefined;
  const right = redactText(text.slice(at));
  if (left.text.length + right.text.length !== whole.text.length || !whole.text.endsWith(right.text)) return undefined;
  const together: RedactionCounts = {};
  addCounts(together, left.counts);
  addCounts(together, right.counts);
  return sameCounts(together, whole.counts) ? left : undefined;
}
