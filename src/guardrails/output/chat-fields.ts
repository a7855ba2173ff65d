/** Reading the parts of a chat completion (or chunk) that the output guardrails touch, from parsed JSON. */

export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function arrayOf(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

/** A choice's or tool call's `index`, or its position in the array when it has none. */
export function indexOf(item: JsonObject, position: number): number {
  return typeof item.index === "number" ? item.index : position;
}

/** `calls` with each `function.arguments` text replaced by `replace(arguments, call index)`. */
export function withToolArguments(calls: readonly unknown[], replace: (text: string, toolIndex: number) => string): unknown[] {
  return calls.map((call, position) => {
    const fn = isJsonObject(call) ? call.function : undefined;
    if (!isJsonObject(call) || !isJsonObject(fn) || typeof fn.arguments !== "string") return call;
    return { ...call, function: { ...fn, arguments: replace(fn.arguments, indexOf(call, position)) } };
  });
}
