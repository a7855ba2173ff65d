import type { OpenAIFlavour } from "../chat-endpoint";
import { isRecord, type JsonObject, type JsonValue } from "../json";
import { contentFilterError } from "./errors";

const SAFE = { filtered: false, severity: "safe" };
const UNDETECTED = { filtered: false, detected: false };

function promptFilterResults(): JsonValue[] {
  return [{ prompt_index: 0, content_filter_results: { hate: SAFE, jailbreak: UNDETECTED, self_harm: SAFE, sexual: SAFE, violence: SAFE } }];
}

function completionFilterResults(): JsonObject {
  return {
    hate: SAFE,
    protected_material_code: UNDETECTED,
    protected_material_text: UNDETECTED,
    self_harm: SAFE,
    sexual: SAFE,
    violence: SAFE,
  };
}

function withChoiceFilters(chunk: JsonObject, results: (choice: JsonObject) => JsonObject): JsonObject {
  const choices = chunk.choices;
  if (!Array.isArray(choices)) return chunk;
  return { ...chunk, choices: choices.map((choice) => (isRecord(choice) ? { ...choice, content_filter_results: results(choice) } : choice)) };
}

function carriesContent(choice: JsonObject): boolean {
  const delta = choice.delta;
  return isRecord(delta) && ((typeof delta.content === "string" && delta.content !== "") || delta.tool_calls !== undefined);
}

/** Azure's additions to OpenAI chat completions: content filter results and the content_filter directive. */
export function azureChatFlavour(deployment: string): OpenAIFlavour {
  return {
    model: deployment,
    directiveError: (directives) => (directives.contentFilter ? contentFilterError() : undefined),
    decorateCompletion: (completion) => ({
      ...withChoiceFilters(completion, completionFilterResults),
      prompt_filter_results: promptFilterResults(),
    }),
    // Azure streams the prompt's filter results first, in a chunk with no choices and empty ids.
    decorateChunks: (chunks) => [
      { choices: [], created: 0, id: "", model: "", object: "", prompt_filter_results: promptFilterResults() },
      ...chunks.map((chunk) => withChoiceFilters(chunk, (choice) => (carriesContent(choice) ? completionFilterResults() : {}))),
    ],
  };
}
