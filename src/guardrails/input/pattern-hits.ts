import type { InputFinding, InputRuleName } from "./rule";
import { mostSevere, type Severity } from "./severity";

export interface LabelledPattern {
  readonly label: string;
  readonly severity: Severity;
  /** Must carry the `g` flag; patterns must not backtrack over unbounded overlapping runs. */
  readonly pattern: RegExp;
}

export interface Hit {
  readonly label: string;
  readonly severity: Severity;
  readonly count: number;
}

export function matchPatterns(text: string, patterns: readonly LabelledPattern[]): Hit[] {
  const hits: Hit[] = [];
  for (const { label, severity, pattern } of patterns) {
    let count = 0;
    for (const _match of text.matchAll(pattern)) count++;
    if (count > 0) hits.push({ label, severity, count });
  }
  return hits;
}

/** One finding per rule and message: the worst severity seen, and every label with its count. */
export function findingFromHits(rule: InputRuleName, messageIndex: number, hits: readonly Hit[]): InputFinding | null {
  if (hits.length === 0) return null;
  return {
    rule,
    messageIndex,
    severity: mostSevere(hits.map((hit) => hit.severity)),
    detail: hits.map(({ label, count }) => (count === 1 ? label : `${label} ×${count}`)).join(", "),
  };
}

/** For rules that count characters by category rather than match patterns. */
export function findingFromCounts<Category extends string>(
  rule: InputRuleName,
  messageIndex: number,
  counts: ReadonlyMap<Category, number>,
  severityOf: Readonly<Record<Category, Severity>>,
): InputFinding | null {
  const hits = [...counts].map(([category, count]) => ({ label: category, severity: severityOf[category], count }));
  return findingFromHits(rule, messageIndex, hits);
}
