import { GatewayError } from "../../errors/gateway-error";
import type { ChatMessage } from "../../schemas/openai/chat";

type Source = { type: "base64"; media_type: string; data: string } | { type: "url"; url: string };

export type AnthropicBlock =
  | { type: "text"; text: string }
  | { type: "image"; source: Source }
  | { type: "document"; source: Source }
  | { type: "tool_use"; id: string; name: string; input: Record<string, unknown> }
  | { type: "tool_result"; tool_use_id: string; content: string };

export interface AnthropicMessage {
  role: "user" | "assistant";
  /** A lone text block is sent as a plain string, as Anthropic's own examples do. */
  content: string | AnthropicBlock[];
}

interface BlockMessage {
  role: "user" | "assistant";
  content: AnthropicBlock[];
}

export interface TranslatedConversation {
  /** The system and developer messages, wherever they stood, joined; null when there are none. */
  readonly system: string | null;
  readonly messages: AnthropicMessage[];
}

export function invalid(message: string, param: string): never {
  throw new GatewayError({ kind: "invalid_request", message, param });
}

type Content = Extract<ChatMessage, { role: "user" }>["content"];
type Part = Exclude<Content, string>[number];

const dataUrl = /^data:([^;,]+);base64,(.*)$/s;

function source(url: string, param: string): Source {
  const data = dataUrl.exec(url);
  if (data) return { type: "base64", media_type: (data[1] ?? "").toLowerCase(), data: data[2] ?? "" };
  if (/^https?:\/\//i.test(url)) return { type: "url", url };
  return invalid("Images must be an http(s) URL or a base64 data URL.", param);
}

function partBlock(part: Part, param: string): AnthropicBlock {
  switch (part.type) {
    case "text":
      return { type: "text", text: part.text };
    case "refusal":
      return { type: "text", text: part.refusal };
    case "image_url":
      return { type: "image", source: source(part.image_url.url, `${param}.image_url.url`) };
    case "file": {
      const fileData = part.file.file_data;
      const data = typeof fileData === "string" ? dataUrl.exec(fileData) : null;
      if (data?.[1]?.toLowerCase() !== "application/pdf") {
        return invalid("This provider accepts files only as PDF base64 data URLs in 'file_data'.", `${param}.file`);
      }
      return { type: "document", source: { type: "base64", media_type: "application/pdf", data: data[2] ?? "" } };
    }
    case "input_audio":
      return invalid("This provider does not accept audio input.", param);
  }
}

function contentBlocks(content: Content | null | undefined, param: string): AnthropicBlock[] {
  if (content === null || content === undefined) return [];
  if (typeof content === "string") return [{ type: "text", text: content }];
  return content.map((part, index) => partBlock(part, `${param}[${index}]`));
}

/** Text-only content (system, developer and tool messages) as one string. */
function plainText(content: Content, param: string, separator: string): string {
  if (typeof content === "string") return content;
  return content
    .map((part, index) => (part.type === "text" ? part.text : invalid("Only text parts are allowed here.", `${param}[${index}]`)))
    .join(separator);
}

function toolInput(args: string, param: string): Record<string, unknown> {
  // Some clients send "" for a call without arguments; Anthropic needs an object.
  if (args.trim() === "") return {};
  let input: unknown;
  try {
    input = JSON.parse(args);
  } catch {
    return invalid("Tool call arguments must be a JSON object.", param);
  }
  if (typeof input !== "object" || input === null || Array.isArray(input)) return invalid("Tool call arguments must be a JSON object.", param);
  return input as Record<string, unknown>;
}

type SystemMessage = Extract<ChatMessage, { role: "system" | "developer" }>;
type TurnMessage = Exclude<ChatMessage, SystemMessage>;

function isSystem(message: ChatMessage): message is SystemMessage {
  return message.role === "system" || message.role === "developer";
}

function toAnthropic(message: TurnMessage, param: string): BlockMessage {
  switch (message.role) {
    case "user":
      return { role: "user", content: contentBlocks(message.content, `${param}.content`) };
    case "assistant": {
      const calls = (message.tool_calls ?? []).map(
        (call, index): AnthropicBlock => ({
          type: "tool_use",
          id: call.id,
          name: call.function.name,
          input: toolInput(call.function.arguments, `${param}.tool_calls[${index}].function.arguments`),
        }),
      );
      return { role: "assistant", content: [...contentBlocks(message.content, `${param}.content`), ...calls] };
    }
    case "tool":
      return {
        role: "user",
        content: [{ type: "tool_result", tool_use_id: message.tool_call_id, content: plainText(message.content, `${param}.content`, "") }],
      };
    case "function":
      return invalid("Legacy 'function' messages are not supported by this provider; use tool messages.", `${param}.role`);
  }
}

/**
 * OpenAI's message list as Anthropic's: system prompts move to the top-level `system`, tool results
 * become user turns, and consecutive turns of one role are merged, since Anthropic requires user and
 * assistant turns to alternate. Empty text blocks, which Anthropic rejects, are dropped.
 */
export function translateConversation(messages: readonly ChatMessage[]): TranslatedConversation {
  const system: string[] = [];
  const out: BlockMessage[] = [];
  messages.forEach((message, index) => {
    const param = `messages[${index}]`;
    if (isSystem(message)) {
      const text = plainText(message.content, `${param}.content`, "\n\n");
      if (text !== "") system.push(text);
      return;
    }
    const translated = toAnthropic(message, param);
    const content = translated.content.filter((block) => block.type !== "text" || block.text !== "");
    if (content.length === 0) return;
    const last = out.at(-1);
    if (last && last.role === translated.role) last.content.push(...content);
    else out.push({ role: translated.role, content });
  });
  const messagesOut = out.map(({ role, content }): AnthropicMessage => {
    const only = content.length === 1 ? content[0] : undefined;
    return { role, content: only?.type === "text" ? only.text : content };
  });
  return { system: system.length > 0 ? system.join("\n\n") : null, messages: messagesOut };
}
