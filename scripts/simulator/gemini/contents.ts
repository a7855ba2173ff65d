import type { ChatMessage } from "../chat-request";
import { isRecord } from "../json";
import { field } from "./fields";

export type Checked<T> = { ok: true; value: T } | { ok: false; message: string };

const DATA_FIELDS = ["text", "inlineData", "fileData", "functionCall", "functionResponse", "executableCode", "codeExecutionResult"];

interface Turn {
  role: "user" | "model";
  parts: Record<string, unknown>[];
}

/**
 * Validates `contents` as the Gemini API does (roles, one data field per part, function call /
 * response turn order and counts) and flattens them for the reply engine: functionResponse parts
 * become `tool` messages, so a reply answers the function result.
 */
export function convertContents(value: unknown, request = "GenerateContentRequest"): Checked<ChatMessage[]> {
  if (value === undefined || value === null || (Array.isArray(value) && value.length === 0)) {
    return fail(`* ${request}.contents: contents is not specified\n`);
  }
  if (!Array.isArray(value)) return fail(`Invalid value at 'contents' (type.googleapis.com/google.ai.generativelanguage.v1beta.Content), expected a list`);
  const turns: Turn[] = [];
  for (const [index, entry] of value.entries()) {
    const turn = parseTurn(entry, `${request}.contents[${index}]`);
    if (!turn.ok) return turn;
    turns.push(turn.value);
  }
  const order = functionTurnProblem(turns);
  if (order !== undefined) return fail(order);
  return { ok: true, value: turns.flatMap(toChatMessages) };
}

function parseTurn(entry: unknown, where: string): Checked<Turn> {
  if (!isRecord(entry)) return fail(`* ${where}: expected a Content object\n`);
  // A single-turn request may leave the role out; "function" is the legacy role of function responses.
  const role = entry.role ?? "user";
  if (role !== "user" && role !== "model" && role !== "function") return fail("Please use a valid role: user, model.");
  const parts = entry.parts;
  if (!Array.isArray(parts) || parts.length === 0) return fail(`* ${where}.parts: contents.parts must not be empty.\n`);
  const checked: Record<string, unknown>[] = [];
  for (const [index, part] of parts.entries()) {
    const problem = partProblem(part, `${where}.parts[${index}]`);
    if (problem !== undefined) return fail(problem);
    if (isRecord(part)) checked.push(part);
  }
  return { ok: true, value: { role: role === "model" ? "model" : "user", parts: checked } };
}

function partProblem(part: unknown, where: string): string | undefined {
  if (!isRecord(part)) return `* ${where}: expected a Part object\n`;
  const present = DATA_FIELDS.filter((name) => field(part, name) !== undefined);
  if (present.length === 0) return `* ${where}.data: required oneof field 'data' must have one initialized field\n`;
  if (present.length > 1) return `Invalid value at '${where}' (oneof field 'data' is already set. Cannot set '${present[1]}')`;
  const inline = field(part, "inlineData");
  if (inline !== undefined && (!isRecord(inline) || typeof field(inline, "mimeType") !== "string" || typeof inline.data !== "string")) {
    return `* ${where}.inline_data: mime_type and data are required\n`;
  }
  const file = field(part, "fileData");
  if (file !== undefined && (!isRecord(file) || typeof field(file, "fileUri") !== "string")) return `* ${where}.file_data.file_uri: a file URI is required\n`;
  for (const name of ["functionCall", "functionResponse"]) {
    const call = field(part, name);
    if (call !== undefined && (!isRecord(call) || typeof call.name !== "string" || call.name === "")) {
      return `* ${where}.${name === "functionCall" ? "function_call" : "function_response"}.name: Name cannot be empty.\n`;
    }
  }
  if (typeof part.text !== "string" && part.text !== undefined) return `Invalid value at '${where}.text' (TYPE_STRING)`;
  return undefined;
}

function countParts(turn: Turn | undefined, name: string): number {
  return turn === undefined ? 0 : turn.parts.filter((part) => field(part, name) !== undefined).length;
}

function functionTurnProblem(turns: Turn[]): string | undefined {
  for (const [index, turn] of turns.entries()) {
    const calls = countParts(turn, "functionCall");
    if (turn.role === "model" && calls > 0 && index > 0 && turns[index - 1]?.role !== "user") {
      return "Please ensure that function call turn comes immediately after a user turn or after a function response turn.";
    }
    const responses = countParts(turns[index + 1], "functionResponse");
    if (turn.role === "model" && calls > 0 && responses > 0 && responses !== calls) {
      return "Please ensure that the number of function response parts is equal to the number of function call parts of the function call turn.";
    }
  }
  return undefined;
}

function texts(parts: Record<string, unknown>[]): string {
  return parts.flatMap((part) => (typeof part.text === "string" ? [part.text] : [])).join("\n");
}

function toChatMessages(turn: Turn): ChatMessage[] {
  const text = texts(turn.parts);
  if (turn.role === "model") {
    const calls = turn.parts.map((part) => field(part, "functionCall")).filter((call) => call !== undefined);
    return [{ role: "assistant", text, toolCallText: calls.length > 0 ? JSON.stringify(calls) : "" }];
  }
  const results: ChatMessage[] = turn.parts
    .map((part) => field(part, "functionResponse"))
    .filter(isRecord)
    .map((response) => ({ role: "tool", text: JSON.stringify(response.response ?? {}), toolCallText: "" }));
  return text === "" && results.length > 0 ? results : [...results, { role: "user", text, toolCallText: "" }];
}

function fail<T>(message: string): Checked<T> {
  return { ok: false, message };
}
