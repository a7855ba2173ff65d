import { GatewayError } from "../../errors/gateway-error";
import type { ChatMessage } from "../../schemas/openai/chat";
import type { AnthropicDocumentBlock, AnthropicImageBlock, AnthropicToolResultContentBlock } from "./request-schema";

type UserMessage = Extract<ChatMessage, { role: "user" }>;
/** One OpenAI content part of a user message. */
export type OpenAIContentPart = Exclude<UserMessage["content"], string>[number];
export type OpenAITextPart = Extract<OpenAIContentPart, { type: "text" }>;

/** A 400 naming the parameter the client should fix. */
export function refuse(message: string, param: string): never {
  throw new GatewayError({ kind: "invalid_request", message, param });
}

export function textPart(text: string): OpenAITextPart {
  return { type: "text", text };
}

/** Base64 images become `data:` URLs, which every OpenAI-compatible vision API accepts. */
export function imagePart(block: AnthropicImageBlock): OpenAIContentPart {
  const url = block.source.type === "base64" ? `data:${block.source.media_type};base64,${block.source.data}` : block.source.url;
  return { type: "image_url", image_url: { url } };
}

/**
 * Documents map where OpenAI has an equivalent: a base64 PDF becomes a `file` part (OpenAI's
 * inline PDF input), plain text and custom-content documents become text (and image) parts. URL
 * and Files API documents need a fetch or a file store this gateway does not have: refused.
 */
export function documentParts(block: AnthropicDocumentBlock, param: string): OpenAIContentPart[] {
  const source = block.source;
  switch (source.type) {
    case "base64":
      return [
        {
          type: "file",
          file: { filename: block.title ?? "document.pdf", file_data: `data:application/pdf;base64,${source.data}` },
        },
      ];
    case "text":
      return [textPart(source.data)];
    case "content":
      return source.content.map((inner) => (inner.type === "text" ? textPart(inner.text) : imagePart(inner)));
    case "url":
      return refuse("Documents given by URL are not supported on this gateway; send the PDF as base64.", `${param}.source`);
    case "file":
      return refuse("Documents from the Files API are not supported on this gateway; send the PDF as base64.", `${param}.source`);
  }
}

/** The OpenAI parts of a block that may appear in a user message or a tool result. */
export function partsOf(block: AnthropicToolResultContentBlock, param: string): OpenAIContentPart[] {
  switch (block.type) {
    case "text":
      return [textPart(block.text)];
    case "image":
      return [imagePart(block)];
    case "document":
      return documentParts(block, param);
  }
}

/** One text part alone is sent as a plain string, which every OpenAI-compatible server accepts. */
export function compactContent(parts: readonly OpenAIContentPart[]): string | OpenAIContentPart[] {
  const only = parts[0];
  if (parts.length === 1 && only?.type === "text") return only.text;
  return [...parts];
}
