import { findingFromCounts } from "./pattern-hits";
import type { InputRule } from "./rule";
import type { Severity } from "./severity";

const ZERO_WIDTH_JOINER = 0x200d;
const VARIATION_SELECTOR_16 = 0xfe0f;
const BYTE_ORDER_MARK = 0xfeff;
const BLACK_FLAG = 0x1f3f4;
const CANCEL_TAG = 0xe007f;

type Category = "zero-width" | "bidi mark" | "bidi control" | "invisible operator" | "byte order mark" | "tag character";

const SEVERITY: Record<Category, Severity> = {
  "zero-width": "low",
  "bidi mark": "low",
  "invisible operator": "low",
  "byte order mark": "low",
  // Trojan Source: reorders what a reader sees against what a model reads.
  "bidi control": "medium",
  // Tag characters mirror ASCII invisibly: a whole instruction can ride in them.
  "tag character": "high",
};

function categoryOf(codePoint: number): Category | null {
  if (codePoint >= 0x200b && codePoint <= 0x200d) return "zero-width";
  if (codePoint === 0x200e || codePoint === 0x200f) return "bidi mark";
  if ((codePoint >= 0x202a && codePoint <= 0x202e) || (codePoint >= 0x2066 && codePoint <= 0x2069)) return "bidi control";
  if (codePoint >= 0x2060 && codePoint <= 0x2064) return "invisible operator";
  if (codePoint === BYTE_ORDER_MARK) return "byte order mark";
  if (codePoint >= 0xe0000 && codePoint <= CANCEL_TAG) return "tag character";
  return null;
}

const EMOJI = /\p{Extended_Pictographic}/u;
const EMOJI_MODIFIER = /\p{Emoji_Modifier}/u;
const LETTER_OR_MARK = /[\p{L}\p{M}]/u;
// Scripts whose words a reader could be fooled by if joiners were slipped between their letters.
const SPOOFABLE_SCRIPT = /[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}\p{Script=Common}]/u;
const RIGHT_TO_LEFT_LETTER = /[\p{Script=Hebrew}\p{Script=Arabic}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]/u;

function test(pattern: RegExp, codePoint: number | undefined): boolean {
  return codePoint !== undefined && pattern.test(String.fromCodePoint(codePoint));
}

/** ZWJ inside an emoji sequence (👩‍💻, ❤️‍🔥, 👋🏽‍…) is how the sequence is built, not hidden text. */
function joinsEmoji(previous: number | undefined, next: number | undefined): boolean {
  const previousIsEmojiPart =
    previous === VARIATION_SELECTOR_16 || test(EMOJI, previous) || test(EMOJI_MODIFIER, previous);
  return previousIsEmojiPart && test(EMOJI, next);
}

/** ZWNJ/ZWJ/ZWSP between letters of Persian, Indic, Thai and similar scripts are part of their spelling. */
function joinsScriptLetters(previous: number | undefined, next: number | undefined): boolean {
  const isScriptLetter = (codePoint: number | undefined) =>
    test(LETTER_OR_MARK, codePoint) && !test(SPOOFABLE_SCRIPT, codePoint);
  return isScriptLetter(previous) && isScriptLetter(next);
}

/** Subdivision flags (🏴󠁧󠁢󠁥󠁮󠁧󠁿) are U+1F3F4, up to seven tag letters or digits, then CANCEL TAG. */
function emojiFlagTagLength(text: string, start: number, previous: number | undefined): number {
  if (previous !== BLACK_FLAG) return 0;
  let offset = start;
  for (let tags = 0; tags <= 7; tags++) {
    const codePoint = text.codePointAt(offset);
    if (codePoint === CANCEL_TAG) return tags === 0 ? 0 : offset + 2 - start;
    const isTagLetterOrDigit =
      codePoint !== undefined && ((codePoint >= 0xe0030 && codePoint <= 0xe0039) || (codePoint >= 0xe0061 && codePoint <= 0xe007a));
    if (!isTagLetterOrDigit) return 0;
    offset += 2;
  }
  return 0;
}

interface Neighbourhood {
  readonly offset: number;
  readonly previous: number | undefined;
  readonly next: number | undefined;
  readonly hasRightToLeftLetters: () => boolean;
}

/** Whether an otherwise hidden character is doing an ordinary job where it stands. */
function isOrdinaryUse(category: Category, codePoint: number, { offset, previous, next, hasRightToLeftLetters }: Neighbourhood): boolean {
  switch (category) {
    case "zero-width":
      return joinsScriptLetters(previous, next) || (codePoint === ZERO_WIDTH_JOINER && joinsEmoji(previous, next));
    case "bidi mark":
      return hasRightToLeftLetters();
    case "byte order mark":
      return offset === 0;
    default:
      return false;
  }
}

function countHiddenCharacters(text: string): Map<Category, number> {
  const counts = new Map<Category, number>();
  let rightToLeft: boolean | undefined;
  const hasRightToLeftLetters = () => (rightToLeft ??= RIGHT_TO_LEFT_LETTER.test(text));
  let previous: number | undefined;
  for (let offset = 0; offset < text.length; ) {
    const codePoint = text.codePointAt(offset) ?? 0;
    const width = codePoint > 0xffff ? 2 : 1;
    const category = categoryOf(codePoint);
    const flagLength = category === "tag character" ? emojiFlagTagLength(text, offset, previous) : 0;
    if (flagLength > 0) {
      offset += flagLength;
      previous = CANCEL_TAG;
      continue;
    }
    if (category !== null) {
      const next = text.codePointAt(offset + width);
      if (!isOrdinaryUse(category, codePoint, { offset, previous, next, hasRightToLeftLetters })) {
        counts.set(category, (counts.get(category) ?? 0) + 1);
      }
    }
    previous = codePoint;
    offset += width;
  }
  return counts;
}

export const hiddenUnicodeRule: InputRule = {
  name: "hidden_unicode",
  check: (messages) =>
    messages.flatMap(({ index, text }) => findingFromCounts("hidden_unicode", index, countHiddenCharacters(text), SEVERITY) ?? []),
};
