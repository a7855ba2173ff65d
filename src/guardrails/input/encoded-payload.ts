import { findRuns } from "./character-runs";
import { decodeBase64, decodeHex, decodePercent, isBase64Character, isHexDigit } from "./decoders";
import { INSTRUCTION_PHRASES } from "./instruction-phrases";
import { normalizeForMatching } from "./normalize";
import { findingFromHits, matchPatterns, type Hit } from "./pattern-hits";
import type { InputRule } from "./rule";

interface Encoding {
  readonly name: string;
  readonly isMember: (code: number) => boolean;
  readonly minLength: number;
  /** Cheap test that a run is worth decoding at all. */
  readonly worthDecoding: (run: string) => boolean;
  readonly decode: (run: string) => string | null;
}

const isNotWhitespace = (code: number) => code > 0x20 && code !== 0x85 && code !== 0xa0;
const PERCENT_ESCAPE = /%[0-9a-f]{2}/i;

const ENCODINGS: readonly Encoding[] = [
  // Long enough to hold more than a word or two; shorter base64 is everywhere (ids, hashes, tokens).
  { name: "base64", isMember: isBase64Character, minLength: 200, worthDecoding: () => true, decode: decodeBase64 },
  // 20 bytes: "ignore all instructions" is 23.
  { name: "hex", isMember: isHexDigit, minLength: 40, worthDecoding: () => true, decode: decodeHex },
  { name: "URL-encoded", isMember: isNotWhitespace, minLength: 4, worthDecoding: (run) => PERCENT_ESCAPE.test(run), decode: decodePercent },
];

function encodedInstructions(text: string, budget: { remaining: number }): Hit[] {
  const hits: Hit[] = [];
  for (const encoding of ENCODINGS) {
    for (const { start, end } of findRuns(text, encoding.isMember, encoding.minLength)) {
      if (budget.remaining <= 0) return hits;
      const run = text.slice(start, Math.min(end, start + budget.remaining));
      if (!encoding.worthDecoding(run)) continue;
      budget.remaining -= run.length;
      const decoded = encoding.decode(run);
      if (decoded === null) continue;
      // Smuggling an instruction past a filter is deliberate whatever the phrase, so the hit is high.
      for (const { label, count } of matchPatterns(normalizeForMatching(decoded).words, INSTRUCTION_PHRASES)) {
        hits.push({ label: `${encoding.name}: ${label}`, severity: "high", count });
      }
    }
  }
  return hits;
}

export const encodedPayloadRule: InputRule = {
  name: "encoded_payload",
  check: (messages, settings) =>
    messages.flatMap(({ index, text }) => {
      const budget = { remaining: settings.maxDecodedKiBPerMessage * 1024 };
      return findingFromHits("encoded_payload", index, encodedInstructions(text, budget)) ?? [];
    }),
};
