/** The JSON walk: a copy of a parsed JSON value with every string leaf masked. */
import type { RedactionCounts } from "./kinds";
import { redactWith } from "./redact-text";
import { Tally } from "./rule-engine";

/**
 * Walks a JSON value (as returned by JSON.parse) and masks every string leaf (object keys are left alone);
 * returns a new value and the summed counts. Iterative, so nesting depth is bounded only by memory.
 */
export function redactJson(value: unknown): { value: unknown; counts: RedactionCounts } {
  const tally = new Tally();
  const root: unknown[] = [undefined];
  const pending: PendingCopy[] = [{ source: value, container: root, key: 0 }];
  // Source container → its copy: a shared reference stays shared and a cycle cannot loop forever.
  const copies = new Map<object, unknown>();
  for (let task = pending.pop(); task !== undefined; task = pending.pop()) {
    place(task.container, task.key, copyNode(task.source, tally, pending, copies));
  }
  return { value: root[0], counts: tally.counts };
}

interface PendingCopy {
  source: unknown;
  container: unknown[] | Record<string, unknown>;
  key: number | string;
}

/** Stores `value` under `key`; defineProperty so that a `__proto__` key stays a plain property. */
function place(container: unknown[] | Record<string, unknown>, key: number | string, value: unknown): void {
  Object.defineProperty(container, key, { value, writable: true, enumerable: true, configurable: true });
}

/** A string's redaction, a scalar itself, or an empty copy of a container whose children are queued. */
function copyNode(source: unknown, tally: Tally, pending: PendingCopy[], copies: Map<object, unknown>): unknown {
  if (typeof source === "string") return redactWith(source, tally);
  if (typeof source !== "object" || source === null) return source;
  const known = copies.get(source);
  if (known !== undefined) return known;
  if (Array.isArray(source)) {
    const items: readonly unknown[] = source;
    const copy: unknown[] = Array.from({ length: items.length });
    copies.set(source, copy);
    items.forEach((item, index) => pending.push({ source: item, container: copy, key: index }));
    return copy;
  }
  const copy: Record<string, unknown> = {};
  copies.set(source, copy);
  for (const [key, item] of Object.entries(source as Record<string, unknown>)) {
    // Keys are defined now, in order; their values arrive as the queue drains.
    place(copy, key, null);
    pending.push({ source: item, container: copy, key });
  }
  return copy;
}
