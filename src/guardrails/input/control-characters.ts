import { findingFromCounts } from "./pattern-hits";
import type { InputRule } from "./rule";
import type { Severity } from "./severity";

const ESCAPE = 0x1b;
const CONTROL_SEQUENCE_INTRODUCER = 0x9b;
const NUL = 0x00;

type Category = "NUL" | "escape" | "C0 control" | "DEL" | "C1 control";

// Escapes drive terminals and log viewers that may later display the prompt; NUL truncates strings in C code.
const SEVERITY: Record<Category, Severity> = { NUL: "medium", escape: "medium", "C0 control": "low", DEL: "low", "C1 control": "low" };

function categoryOf(code: number): Category | null {
  if (code === NUL) return "NUL";
  if (code === ESCAPE || code === CONTROL_SEQUENCE_INTRODUCER) return "escape";
  if (code === 0x09 || code === 0x0a || code === 0x0d) return null;
  if (code < 0x20) return "C0 control";
  if (code === 0x7f) return "DEL";
  if (code >= 0x80 && code <= 0x9f) return "C1 control";
  return null;
}

function countControlCharacters(text: string): Map<Category, number> {
  const counts = new Map<Category, number>();
  for (let i = 0; i < text.length; i++) {
    const category = categoryOf(text.charCodeAt(i));
    if (category !== null) counts.set(category, (counts.get(category) ?? 0) + 1);
  }
  return counts;
}

export const controlCharactersRule: InputRule = {
  name: "control_characters",
  check: (messages) =>
    messages.flatMap(({ index, text }) => findingFromCounts("control_characters", index, countControlCharacters(text), SEVERITY) ?? []),
};
