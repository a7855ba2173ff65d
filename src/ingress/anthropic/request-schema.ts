import * as z from "zod/mini";
// Configures zod's English messages before any parse here turns issues into client errors.
import "../../schemas/zod-issues";

// Anthropic's Messages API request (https://docs.anthropic.com/en/api/messages), as the gateway
// accepts it on `POST /v1/messages`. Objects are loose: fields we do not translate (cache_control,
// citations, service_tier, ...) are accepted and ignored. What cannot be translated faithfully is
// refused in `to-openai-request.ts` with a 400 that names it, rather than dropped silently.

/** Only the `invalid_union` issue of a discriminated union with no matching option gets `message`. */
function noMatch(message: string): { error: (issue: { code?: string }) => string | undefined } {
  return { error: (issue) => (issue.code === "invalid_union" ? message : undefined) };
}

/** Anthropic treats a string as one text block; normalizing here lets the translator see one shape. */
function stringAsTextBlock(value: unknown): unknown {
  return typeof value === "string" ? [{ type: "text", text: value }] : value;
}

const textBlock = z.looseObject({ type: z.literal("text"), text: z.string() });

const imageSource = z.discriminatedUnion(
  "type",
  [
    z.looseObject({
      type: z.literal("base64"),
      media_type: z.enum(["image/jpeg", "image/png", "image/gif", "image/webp"]),
      data: z.string(),
    }),
    z.looseObject({ type: z.literal("url"), url: z.string() }),
  ],
  noMatch("Unsupported image source; expected type 'base64' or 'url' (the Files API is not available here)."),
);
const imageBlock = z.looseObject({ type: z.literal("image"), source: imageSource });

/** `url` and `file` sources are accepted here and refused by name in translation. */
const documentSource = z.discriminatedUnion(
  "type",
  [
    z.looseObject({ type: z.literal("base64"), media_type: z.literal("application/pdf"), data: z.string() }),
    z.looseObject({ type: z.literal("text"), media_type: z.optional(z.string()), data: z.string() }),
    z.looseObject({
      type: z.literal("content"),
      content: z.pipe(
        z.transform(stringAsTextBlock),
        z.array(
          z.discriminatedUnion("type", [textBlock, imageBlock], noMatch("Expected a 'text' or 'image' block.")),
          { error: "Expected a string or an array of content blocks" },
        ),
      ),
    }),
    z.looseObject({ type: z.literal("url"), url: z.string() }),
    z.looseObject({ type: z.literal("file"), file_id: z.string() }),
  ],
  noMatch("Unsupported document source; expected type 'base64', 'text', 'content', 'url' or 'file'."),
);
const documentBlock = z.looseObject({
  type: z.literal("document"),
  source: documentSource,
  title: z.optional(z.nullable(z.string())),
});

const toolResultContent = z.pipe(
  z.transform(stringAsTextBlock),
  z.array(
    z.discriminatedUnion(
      "type",
      [textBlock, imageBlock, documentBlock],
      noMatch("Unsupported tool_result content block type; expected 'text', 'image' or 'document'."),
    ),
    { error: "Expected a string or an array of content blocks" },
  ),
);

const toolUseBlock = z.looseObject({
  type: z.literal("tool_use"),
  id: z.string().check(z.minLength(1)),
  name: z.string().check(z.minLength(1)),
  input: z.record(z.string(), z.unknown()),
});
const toolResultBlock = z.looseObject({
  type: z.literal("tool_result"),
  tool_use_id: z.string().check(z.minLength(1)),
  content: z.optional(toolResultContent),
  is_error: z.optional(z.boolean()),
});
const thinkingBlock = z.looseObject({ type: z.literal("thinking") });
const redactedThinkingBlock = z.looseObject({ type: z.literal("redacted_thinking") });

const contentBlock = z.discriminatedUnion(
  "type",
  [textBlock, imageBlock, documentBlock, toolUseBlock, toolResultBlock, thinkingBlock, redactedThinkingBlock],
  noMatch(
    "Unsupported content block type; expected 'text', 'image', 'document', 'tool_use', 'tool_result', 'thinking' or 'redacted_thinking'.",
  ),
);
const messageContent = z.pipe(
  z.transform(stringAsTextBlock),
  z.array(contentBlock, { error: "Expected a string or an array of content blocks" }),
);

const message = z.looseObject({ role: z.enum(["user", "assistant"]), content: messageContent });

const system = z.pipe(
  z.transform(stringAsTextBlock),
  z.array(textBlock, { error: "Expected a string or an array of text blocks" }),
);

/**
 * A custom tool has an `input_schema`; server tools (`web_search_20250305`, `bash_20250124`, ...)
 * have a versioned `type` instead. Both pass here so translation can refuse the latter by name.
 */
const tool = z.looseObject({
  type: z.optional(z.nullable(z.string())),
  name: z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/, "must be 1-64 letters, digits, '_' or '-'")),
  description: z.optional(z.string()),
  input_schema: z.optional(z.record(z.string(), z.unknown())),
});

const parallel = { disable_parallel_tool_use: z.optional(z.boolean()) };
const toolChoice = z.discriminatedUnion(
  "type",
  [
    z.looseObject({ type: z.literal("auto"), ...parallel }),
    z.looseObject({ type: z.literal("any"), ...parallel }),
    z.looseObject({ type: z.literal("tool"), name: z.string().check(z.minLength(1)), ...parallel }),
    z.looseObject({ type: z.literal("none") }),
  ],
  noMatch("Unsupported tool_choice type; expected 'auto', 'any', 'tool' or 'none'."),
);

const unitInterval = z.number().check(z.minimum(0), z.maximum(1));

export const anthropicMessagesRequestSchema = z.looseObject({
  model: z.string().check(z.minLength(1)),
  max_tokens: z.int().check(z.minimum(1)),
  messages: z.array(message).check(z.minLength(1)),
  system: z.optional(system),
  tools: z.optional(z.array(tool)),
  tool_choice: z.optional(toolChoice),
  stop_sequences: z.optional(z.array(z.string())),
  temperature: z.optional(unitInterval),
  top_p: z.optional(unitInterval),
  /** No OpenAI equivalent: accepted and dropped (see `to-openai-request.ts`). */
  top_k: z.optional(z.int().check(z.minimum(0))),
  metadata: z.optional(z.looseObject({ user_id: z.optional(z.nullable(z.string())) })),
  stream: z.optional(z.boolean()),
});

export type AnthropicMessagesRequest = z.infer<typeof anthropicMessagesRequestSchema>;
export type AnthropicMessage = AnthropicMessagesRequest["messages"][number];
export type AnthropicContentBlock = AnthropicMessage["content"][number];
export type AnthropicToolResultContentBlock = z.infer<typeof toolResultContent>[number];
export type AnthropicImageBlock = z.infer<typeof imageBlock>;
export type AnthropicDocumentBlock = z.infer<typeof documentBlock>;
