import { GatewayError } from "../../errors/gateway-error";
import type { TranslatedBody } from "../contract";
import type { ToolCallPart } from "../shared/chat-parts";
import { openAIChatCompletion } from "../shared/openai-output";
import { toFinishReason, toTokenUsage } from "./normalize";
import { messageSchema, narrow, parseJson, textBlockSchema, toolUseBlockSchema } from "./wire";

function unreadable(what: string): never {
  throw new GatewayError({ kind: "upstream_failed", status: 200, detail: `provider answered 200 with ${what}` });
}

/**
 * A whole Anthropic message as an OpenAI `chat.completion`: text blocks joined into `content`,
 * `tool_use` blocks as `tool_calls`; other blocks (thinking, server tools) are not part of OpenAI's
 * shape and are left out.
 */
export function translateResponse(upstreamBody: string): TranslatedBody {
  const message = narrow(messageSchema, parseJson(upstreamBody)) ?? unreadable("a body that is not an Anthropic message");
  const texts: string[] = [];
  const toolCalls: ToolCallPart[] = [];
  for (const block of message.content) {
    if (block.type === "text") {
      texts.push((narrow(textBlockSchema, block) ?? unreadable("a malformed text block")).text);
    } else if (block.type === "tool_use") {
      const call = narrow(toolUseBlockSchema, block) ?? unreadable("a malformed tool_use block");
      toolCalls.push({ id: call.id, name: call.name, arguments: JSON.stringify(call.input ?? {}) });
    }
  }
  const text = texts.length > 0 ? texts.join("") : toolCalls.length > 0 ? null : "";
  const usage = message.usage ? toTokenUsage(message.usage) : null;
  const body = openAIChatCompletion({
    id: message.id,
    model: message.model,
    text,
    toolCalls,
    finishReason: toFinishReason(message.stop_reason),
    usage,
  });
  return { body, usage };
}
