import { findingFromHits, matchPatterns, type LabelledPattern } from "./pattern-hits";
import type { InputRule } from "./rule";

// Read from NormalizedText.folded: lower case, and NFKC has already turned full-width look-alikes
// ("＜｜im_start｜＞") into the ASCII markers.
const ROLE_MARKERS: readonly LabelledPattern[] = [
  // A line that opens like a transcript turn: "system:", "### System:", "> **assistant:**".
  { label: "system: header", severity: "medium", pattern: /^[ \t>*_]*(?:#{1,6}[ \t]*)?(?:system|developer)[ \t]*:/gm },
  // Lower: people paste chat transcripts with assistant turns in them.
  { label: "assistant: header", severity: "low", pattern: /^[ \t>*_]*(?:#{1,6}[ \t]*)?assistant[ \t]*:/gm },
  {
    label: "chat-template token",
    severity: "high",
    pattern: /<\|(?:im_start|im_end|im_sep|system|user|assistant|endoftext|begin_of_text|start_header_id|end_header_id|eot_id|end)\|>/g,
  },
  { label: "[INST] marker", severity: "medium", pattern: /\[\/?inst\]/g },
  { label: "<<SYS>> marker", severity: "medium", pattern: /<<\/?sys>>/g },
  { label: "turn marker", severity: "medium", pattern: /<(?:start|end)_of_turn>/g },
  // A bare "</s>" is also HTML strike-through; only the end-of-turn-then-new-turn sequence counts.
  { label: "</s> turn boundary", severity: "low", pattern: /<\/s>[ \t\r\n]*(?:<s>|\[inst\])/g },
];

export const roleConfusionRule: InputRule = {
  name: "role_confusion",
  check: (messages) =>
    messages.flatMap(({ index, folded }) => findingFromHits("role_confusion", index, matchPatterns(folded, ROLE_MARKERS)) ?? []),
};
