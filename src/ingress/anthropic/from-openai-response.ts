import * as z from "zod/mini";
import { GatewayError } from "../../errors/gateway-error";
import { readOpenAIUsage } from "../../providers/openai/usage";
import { parseToolInput, toAnthropicUsage, toMessageId, toStopReason } from "./message-parts";

const toolCall = z.looseObject({
  id: z.string(),
  function: z.looseObject({ name: z.string(), arguments: z.optional(z.nullable(z.string())) }),
});

const chatCompletion = z.looseObject({
  id: z.optional(z.nullable(z.string())),
  model: z.optional(z.nullable(z.string())),
  choices: z.array(
    z.looseObject({
      message: z.looseObject({
        content: z.optional(z.nullable(z.string())),
        refusal: z.optional(z.nullable(z.string())),
        tool_calls: z.optional(z.nullable(z.array(toolCall))),
      }),
      finish_reason: z.optional(z.nullable(z.string())),
    }),
  ),
  usage: z.optional(z.unknown()),
});

type AnthropicContent =
  | { type: "text"; text: string }
  | { type: "tool_use"; id: string; name: string; input: Record<string, unknown> };

/**
 * Translates an OpenAI `chat.completion` body (as the gateway's adapters produce it) into an
 * Anthropic `Message` body. Only the first choice is read: Anthropic has no `n`, and the
 * translated request never asks for more than one. A refusal (OpenAI's `refusal` field) is
 * returned as text, since Anthropic has no refusal block. Throws a `GatewayError`
 * (`upstream_failed`) when the body is not a chat completion.
 */
export function fromOpenAIResponse(openAIBody: string, requestModel: string): string {
  const completion = parseCompletion(openAIBody);
  const choice = completion.choices[0];
  const content: AnthropicContent[] = [];
  const text = choice?.message.content || choice?.message.refusal || "";
  if (text !== "") content.push({ type: "text", text });
  for (const call of choice?.message.tool_calls ?? []) {
    content.push({ type: "tool_use", id: call.id, name: call.function.name, input: parseToolInput(call.function.arguments || "{}") });
  }
  const madeToolCalls = content.some((block) => block.type === "tool_use");
  return JSON.stringify({
    id: toMessageId(completion.id),
    type: "message",
    role: "assistant",
    model: completion.model || requestModel,
    content,
    stop_reason: toStopReason(choice?.finish_reason, madeToolCalls),
    stop_sequence: null,
    usage: toAnthropicUsage(readOpenAIUsage(completion.usage)),
  });
}

function parseCompletion(body: string): z.infer<typeof chatCompletion> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (cause) {
    throw new GatewayError({ kind: "upstream_failed", status: null, detail: "chat completion body is not JSON" }, { cause });
  }
  const result = chatCompletion.safeParse(parsed);
  if (!result.success) {
    throw new GatewayError({ kind: "upstream_failed", status: null, detail: "chat completion body has no readable choices" });
  }
  return result.data;
}
