/**
 * Redaction of a whole (non-streamed) chat completion: each choice's `message.content` when it is a
 * text, and each tool call's `function.arguments`. Everything else is kept as it was.
 */
import { type RedactionCounts, redactText } from "../../audit/redact";
import { addCounts } from "./redaction-counts";
import { arrayOf, isJsonObject, type JsonObject, withToolArguments } from "./chat-fields";

/** A copy of `completion` (as JSON.parse returned it) with its texts masked, and what was masked. */
export function redactCompletion(completion: unknown): { completion: unknown; counts: RedactionCounts } {
  const counts: RedactionCounts = {};
  const mask = (text: string): string => {
    const masked = redactText(text);
    addCounts(counts, masked.counts);
    return masked.text;
  };
  if (!isJsonObject(completion) || !Array.isArray(completion.choices)) return { completion, counts };
  const choices = arrayOf(completion.choices).map((choice) =>
    isJsonObject(choice) && isJsonObject(choice.message) ? { ...choice, message: redactMessage(choice.message, mask) } : choice,
  );
  return { completion: { ...completion, choices }, counts };
}

function redactMessage(message: JsonObject, mask: (text: string) => string): JsonObject {
  const redacted = { ...message };
  if (typeof message.content === "string") redacted.content = mask(message.content);
  if (Array.isArray(message.tool_calls)) redacted.tool_calls = withToolArguments(message.tool_calls, mask);
  return redacted;
}
