// Characters that render as nothing: stripped before matching so "ig\u200Bnore" reads as "ignore".
// The soft hyphen is not reported by hidden_unicode (word processors insert it) but hides words just as well.
const INVISIBLE = /[\u00AD\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;
// Unicode tag characters mirror ASCII (U+E0020 is " ", U+E0041 is "A"); spelling them out lets the
// phrase rules read instructions smuggled in them.
const TAG_CHARACTER = /[\u{E0000}-\u{E007F}]/gu;
const TAG_BASE = 0xe0000;
const NOT_LETTER_OR_DIGIT = /[^\p{L}\p{N}]+/gu;

function spellTag(tag: string): string {
  const ascii = (tag.codePointAt(0) ?? TAG_BASE) - TAG_BASE;
  return ascii >= 0x20 && ascii < 0x7f ? String.fromCharCode(ascii) : "";
}

export interface NormalizedText {
  /** NFKC, lower case, invisible characters removed, tag characters spelled as ASCII. */
  readonly folded: string;
  /**
   * `folded` with every run of anything but letters and digits turned into one space, padded with a
   * space at both ends, so phrases match as " ignore previous instructions " whatever the punctuation.
   */
  readonly words: string;
}

export function normalizeForMatching(text: string): NormalizedText {
  const folded = text.normalize("NFKC").replace(INVISIBLE, "").replace(TAG_CHARACTER, spellTag).toLowerCase();
  return { folded, words: ` ${folded.replace(NOT_LETTER_OR_DIGIT, " ")} ` };
}
