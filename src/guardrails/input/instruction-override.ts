import { INSTRUCTION_PHRASES } from "./instruction-phrases";
import { findingFromHits, matchPatterns } from "./pattern-hits";
import type { InputRule } from "./rule";

export const instructionOverrideRule: InputRule = {
  name: "instruction_override",
  check: (messages) =>
    messages.flatMap(({ index, words }) => findingFromHits("instruction_override", index, matchPatterns(words, INSTRUCTION_PHRASES)) ?? []),
};
