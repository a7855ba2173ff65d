import * as z from "zod/mini";

// What the gateway reads from Anthropic's answers. Objects are loose and block/event kinds are
// plain strings: Anthropic adds kinds over time, and the ones not listed here are skipped.

const count = z.optional(z.nullable(z.number()));

export const usageSchema = z.looseObject({
  input_tokens: count,
  output_tokens: count,
  cache_creation_input_tokens: count,
  cache_read_input_tokens: count,
});
export type AnthropicUsage = z.infer<typeof usageSchema>;

const anyBlock = z.looseObject({ type: z.string() });
export const textBlockSchema = z.looseObject({ type: z.literal("text"), text: z.string() });
export const toolUseBlockSchema = z.looseObject({ type: z.literal("tool_use"), id: z.string(), name: z.string(), input: z.unknown() });

/** A whole (non-streamed) answer: `{"type":"message", ...}`. */
export const messageSchema = z.looseObject({
  id: z.string(),
  model: z.string(),
  content: z.array(anyBlock),
  stop_reason: z.optional(z.nullable(z.string())),
  usage: z.optional(z.nullable(usageSchema)),
});

export const messageStartSchema = z.looseObject({
  message: z.looseObject({ id: z.optional(z.string()), model: z.optional(z.string()), usage: z.optional(z.nullable(usageSchema)) }),
});
export const blockStartSchema = z.looseObject({ index: z.int(), content_block: anyBlock });
export const blockDeltaSchema = z.looseObject({ index: z.int(), delta: anyBlock });
export const blockStopSchema = z.looseObject({ index: z.int() });
export const textDeltaSchema = z.looseObject({ type: z.literal("text_delta"), text: z.string() });
export const jsonDeltaSchema = z.looseObject({ type: z.literal("input_json_delta"), partial_json: z.string() });
export const messageDeltaSchema = z.looseObject({
  delta: z.looseObject({ stop_reason: z.optional(z.nullable(z.string())) }),
  usage: z.optional(z.nullable(usageSchema)),
});

/** `{"type":"error","error":{"type":"overloaded_error","message":"..."}}`, as an HTTP body or an SSE event. */
export const errorBodySchema = z.looseObject({ error: z.looseObject({ type: z.optional(z.string()) }) });

/** The value if it fits the schema, else null. */
export function narrow<T>(schema: z.ZodMiniType<T>, value: unknown): T | null {
  const result = schema.safeParse(value);
  return result.success ? result.data : null;
}

/** Parses JSON text, or null when it is not JSON. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}
