import type { ChatMessage } from "../chat-request";
import { contentText } from "../chat-request";
import { isRecord } from "../json";

export type Checked<T> = { ok: true; value: T } | { ok: false; message: string };

const BLOCK_TYPES = new Set([
  "text",
  "image",
  "document",
  "search_result",
  "tool_use",
  "tool_result",
  "thinking",
  "redacted_thinking",
  "server_tool_use",
  "web_search_tool_result",
]);
const IMAGE_MEDIA_TYPES = new Set(["image/jpeg", "image/png", "image/gif", "image/webp"]);

interface Turn {
  role: "user" | "assistant";
  blocks: Record<string, unknown>[];
}

/**
 * Validates Anthropic `messages` the way the API does (roles, block shapes, tool_use/tool_result
 * pairing) and flattens them for the reply engine: a user turn's `tool_result` blocks become `tool`
 * messages (so a reply answers the tool result), its text a `user` message.
 */
export function convertMessages(value: unknown): Checked<ChatMessage[]> {
  if (value === undefined || value === null) return fail("messages: Field required");
  if (!Array.isArray(value)) return fail("messages: Input should be a valid list");
  if (value.length === 0) return fail("messages: at least one message is required");
  const turns: Turn[] = [];
  for (const [index, entry] of value.entries()) {
    const turn = parseTurn(entry, index, index === value.length - 1);
    if (!turn.ok) return turn;
    turns.push(turn.value);
  }
  const pairing = checkToolPairing(turns);
  if (pairing !== undefined) return fail(pairing);
  return { ok: true, value: turns.flatMap(toChatMessages) };
}

function parseTurn(entry: unknown, index: number, isLast: boolean): Checked<Turn> {
  if (!isRecord(entry)) return fail(`messages.${index}: Input should be a valid dictionary`);
  if (entry.role !== "user" && entry.role !== "assistant") return fail(`messages.${index}.role: Input should be 'user' or 'assistant'`);
  const content = entry.content;
  if (content === undefined) return fail(`messages.${index}.content: Field required`);
  const emptyAllowed = isLast && entry.role === "assistant";
  const empty = `messages.${index}: all messages must have non-empty content except for the optional final assistant message`;
  if (typeof content === "string") {
    if (content === "" && !emptyAllowed) return fail(empty);
    return { ok: true, value: { role: entry.role, blocks: content === "" ? [] : [{ type: "text", text: content }] } };
  }
  if (!Array.isArray(content)) return fail(`messages.${index}.content: Input should be a valid list`);
  if (content.length === 0 && !emptyAllowed) return fail(empty);
  const blocks: Record<string, unknown>[] = [];
  for (const [position, block] of content.entries()) {
    const problem = blockProblem(block, entry.role, `messages.${index}.content.${position}`);
    if (problem !== undefined) return fail(problem);
    if (isRecord(block)) blocks.push(block);
  }
  return { ok: true, value: { role: entry.role, blocks } };
}

function blockProblem(block: unknown, role: string, where: string): string | undefined {
  if (!isRecord(block) || typeof block.type !== "string") return `${where}: Input should be a valid dictionary or object to extract fields from`;
  if (!BLOCK_TYPES.has(block.type)) {
    return `${where}: Input tag '${block.type}' found using 'type' does not match any of the expected tags: ${[...BLOCK_TYPES].map((type) => `'${type}'`).join(", ")}`;
  }
  switch (block.type) {
    case "text":
      if (typeof block.text !== "string") return `${where}.text.text: Field required`;
      return block.text === "" ? "messages: text content blocks must be non-empty" : undefined;
    case "image":
      return imageProblem(block.source, `${where}.image.source`);
    case "tool_use":
      if (role !== "assistant") return `${where}: tool_use blocks can only appear in assistant messages`;
      if (typeof block.id !== "string" || typeof block.name !== "string") return `${where}.tool_use: id and name are required`;
      return isRecord(block.input) ? undefined : `${where}.tool_use.input: Input should be a valid dictionary`;
    case "tool_result":
      if (role !== "user") return `${where}: tool_result blocks can only appear in user messages`;
      return typeof block.tool_use_id === "string" ? undefined : `${where}.tool_result.tool_use_id: Field required`;
    default:
      return undefined;
  }
}

function imageProblem(source: unknown, where: string): string | undefined {
  if (!isRecord(source)) return `${where}: Field required`;
  if (source.type === "base64") {
    if (typeof source.media_type !== "string" || !IMAGE_MEDIA_TYPES.has(source.media_type)) {
      return `${where}.base64.media_type: Input should be 'image/jpeg', 'image/png', 'image/gif' or 'image/webp'`;
    }
    return typeof source.data === "string" && source.data !== "" ? undefined : `${where}.base64.data: Field required`;
  }
  if (source.type === "url") return typeof source.url === "string" ? undefined : `${where}.url.url: Field required`;
  if (source.type === "file") return typeof source.file_id === "string" ? undefined : `${where}.file.file_id: Field required`;
  return `${where}: Input tag '${String(source.type)}' found using 'type' does not match any of the expected tags: 'base64', 'url', 'file'`;
}

/** Every tool_use must be answered by a tool_result in the very next (user) turn, and vice versa. */
function checkToolPairing(turns: Turn[]): string | undefined {
  for (const [index, turn] of turns.entries()) {
    const previous = turns[index - 1];
    const offered = new Set(previous?.role === "assistant" ? idsOf(previous.blocks, "tool_use", "id") : []);
    const answered = turn.role === "user" ? idsOf(turn.blocks, "tool_result", "tool_use_id") : [];
    const unexpected = answered.find((id) => !offered.has(id));
    if (unexpected !== undefined) {
      return `messages.${index}.content.0: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${unexpected}. Each \`tool_result\` block must have a corresponding \`tool_use\` block in the previous message.`;
    }
    const missing = [...offered].filter((id) => !answered.includes(id));
    if (missing.length > 0) {
      return `messages.${index - 1}: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ${missing.join(", ")}. Each \`tool_use\` block must have a corresponding \`tool_result\` block in the next message.`;
    }
  }
  return undefined;
}

function idsOf(blocks: Record<string, unknown>[], type: string, field: string): string[] {
  return blocks.flatMap((block) => (block.type === type && typeof block[field] === "string" ? [block[field]] : []));
}

function toChatMessages(turn: Turn): ChatMessage[] {
  const text = contentText(turn.blocks);
  if (turn.role === "assistant") {
    const calls = turn.blocks.filter((block) => block.type === "tool_use").map((block) => ({ name: block.name, input: block.input }));
    return [{ role: "assistant", text, toolCallText: calls.length > 0 ? JSON.stringify(calls) : "" }];
  }
  const results: ChatMessage[] = turn.blocks
    .filter((block) => block.type === "tool_result")
    .map((block) => ({ role: "tool", text: contentText(block.content), toolCallText: "" }));
  return text === "" && results.length > 0 ? results : [...results, { role: "user", text, toolCallText: "" }];
}

function fail<T>(message: string): Checked<T> {
  return { ok: false, message };
}
