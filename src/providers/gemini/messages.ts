import { GatewayError } from "../../errors/gateway-error";
import type { ChatMessage } from "../../schemas/openai/chat";

/** A Gemini `Part`, as far as the gateway writes them. */
export type GeminiPart =
  | { readonly text: string }
  | { readonly inlineData: { readonly mimeType: string; readonly data: string } }
  | { readonly fileData: { readonly fileUri: string; readonly mimeType: string } }
  | { readonly functionCall: { readonly name: string; readonly args: Record<string, unknown> }; readonly thoughtSignature?: string }
  | { readonly functionResponse: { readonly name: string; readonly response: Record<string, unknown> } };

export interface GeminiContent {
  readonly role: "user" | "model";
  readonly parts: GeminiPart[];
}

export interface GeminiConversation {
  readonly systemInstruction: { readonly parts: GeminiPart[] } | null;
  readonly contents: GeminiContent[];
}

type Content = Extract<ChatMessage, { role: "user" }>["content"];
type ContentPart = Exclude<Content, string>[number];

/**
 * Gemini 3 models refuse a replayed function call without the thought signature they attached to it,
 * and OpenAI's wire format has no place to carry one back. Google documents this value as the way to
 * replay calls whose signature is unknown (for instance, history from another model); older models
 * ignore it. The model's earlier reasoning is not restored, only the conversation.
 */
const unknownThoughtSignature = "skip_thought_signature_validator";

function invalid(message: string, param: string | null): GatewayError {
  return new GatewayError({ kind: "invalid_request", message, param });
}

const mimeByExtension: Readonly<Record<string, string>> = {
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  webp: "image/webp",
  gif: "image/gif",
  heic: "image/heic",
  heif: "image/heif",
  pdf: "application/pdf",
};

function guessMimeType(url: string): string {
  const path = url.split(/[?#]/, 1)[0] ?? "";
  const extension = path.slice(path.lastIndexOf(".") + 1).toLowerCase();
  return mimeByExtension[extension] ?? "image/jpeg";
}

/** A `data:` URL as inline data, or a remote URL as file data. */
function urlPart(url: string, param: string): GeminiPart {
  if (url.startsWith("data:")) {
    const match = /^data:([^;,]+)(?:;[^;,=]+=[^;,]*)*;base64,(.*)$/s.exec(url);
    if (!match?.[1] || match[2] === undefined) throw invalid("Data URLs must be base64-encoded with a media type.", param);
    return { inlineData: { mimeType: match[1], data: match[2] } };
  }
  return { fileData: { fileUri: url, mimeType: guessMimeType(url) } };
}

function contentPart(part: ContentPart, param: string): GeminiPart {
  switch (part.type) {
    case "text":
      return { text: part.text };
    case "refusal":
      return { text: part.refusal };
    case "image_url":
      return urlPart(part.image_url.url, param);
    case "input_audio":
      return { inlineData: { mimeType: `audio/${part.input_audio.format}`, data: part.input_audio.data } };
    case "file": {
      const data: unknown = part.file.file_data;
      if (typeof data === "string") return urlPart(data, param);
      throw invalid("Gemini targets take files as file_data, not file_id.", param);
    }
  }
}

function contentParts(content: Content | null | undefined, param: string): GeminiPart[] {
  if (content === null || content === undefined || content === "") return [];
  if (typeof content === "string") return [{ text: content }];
  return content.map((part, i) => contentPart(part, `${param}[${i}]`));
}

function textOf(content: Content | null, param: string): string {
  if (content === null) return "";
  if (typeof content === "string") return content;
  return content
    .map((part) => {
      if (part.type === "text") return part.text;
      throw invalid("Only text content is accepted here.", param);
    })
    .join("");
}

/** The JSON object a text holds, or null when it holds anything else. */
function jsonObject(text: string): Record<string, unknown> | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

function parseArguments(text: string, param: string): Record<string, unknown> {
  const args = jsonObject(text === "" ? "{}" : text);
  if (args === null) throw invalid("Tool call arguments must be a JSON object.", param);
  return args;
}

/** A tool result: a JSON object as is, any other text wrapped as `{content}`. */
function functionResponse(name: string, text: string): GeminiPart {
  return { functionResponse: { name, response: jsonObject(text) ?? { content: text } } };
}

function toolNamesById(messages: readonly ChatMessage[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const message of messages) {
    if (message.role === "assistant") for (const call of message.tool_calls ?? []) names.set(call.id, call.function.name);
  }
  return names;
}

/** OpenAI messages as Gemini contents: one system instruction, and alternating user/model turns. */
export function toGeminiConversation(messages: readonly ChatMessage[]): GeminiConversation {
  const toolNames = toolNamesById(messages);
  const system: GeminiPart[] = [];
  const contents: GeminiContent[] = [];
  const append = (role: GeminiContent["role"], parts: GeminiPart[]) => {
    if (parts.length === 0) return;
    const last = contents[contents.length - 1];
    if (last?.role === role) last.parts.push(...parts);
    else contents.push({ role, parts });
  };
  messages.forEach((message, i) => {
    const param = `messages[${i}].content`;
    switch (message.role) {
      case "system":
      case "developer":
        system.push({ text: textOf(message.content, param) });
        return;
      case "user":
        return append("user", contentParts(message.content, param));
      case "assistant": {
        const calls = (message.tool_calls ?? []).map((call, j): GeminiPart => {
          const args = parseArguments(call.function.arguments, `messages[${i}].tool_calls[${j}].function.arguments`);
          const functionCall = { name: call.function.name, args };
          return j === 0 ? { functionCall, thoughtSignature: unknownThoughtSignature } : { functionCall };
        });
        return append("model", [...contentParts(message.content, param), ...calls]);
      }
      case "tool": {
        const name = toolNames.get(message.tool_call_id);
        if (name === undefined) throw invalid("No assistant tool call has this tool_call_id.", `messages[${i}].tool_call_id`);
        return append("user", [functionResponse(name, textOf(message.content, param))]);
      }
      case "function":
        return append("user", [functionResponse(message.name, message.content ?? "")]);
    }
  });
  return { systemInstruction: system.length > 0 ? { parts: system } : null, contents };
}
