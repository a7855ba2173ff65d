import * as z from "zod/mini";

// Objects are loose: fields OpenAI accepts that we do not inspect pass through to OpenAI-compatible
// providers unchanged. We check what the gateway relies on and what clients commonly get wrong.

const contentPart = z.discriminatedUnion("type", [
  z.looseObject({ type: z.literal("text"), text: z.string() }),
  z.looseObject({ type: z.literal("image_url"), image_url: z.looseObject({ url: z.string() }) }),
  z.looseObject({ type: z.literal("input_audio"), input_audio: z.looseObject({ data: z.string(), format: z.string() }) }),
  z.looseObject({ type: z.literal("file"), file: z.looseObject({}) }),
  z.looseObject({ type: z.literal("refusal"), refusal: z.string() }),
]);
const content = z.union([z.string(), z.array(contentPart)]);

const functionCall = z.looseObject({ name: z.string(), arguments: z.string() });
const toolCall = z.looseObject({ id: z.string(), type: z.literal("function"), function: functionCall });

const systemMessage = z.looseObject({ role: z.enum(["system", "developer"]), content, name: z.optional(z.string()) });
const userMessage = z.looseObject({ role: z.literal("user"), content, name: z.optional(z.string()) });
const assistantMessage = z.looseObject({
  role: z.literal("assistant"),
  content: z.optional(z.nullable(content)),
  tool_calls: z.optional(z.array(toolCall)),
  name: z.optional(z.string()),
});
const toolMessage = z.looseObject({ role: z.literal("tool"), content, tool_call_id: z.string() });
const functionMessage = z.looseObject({ role: z.literal("function"), content: z.nullable(z.string()), name: z.string() });

export const chatMessageSchema = z.discriminatedUnion("role", [
  systemMessage,
  userMessage,
  assistantMessage,
  toolMessage,
  functionMessage,
]);

const functionTool = z.looseObject({
  type: z.literal("function"),
  function: z.looseObject({
    name: z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/, "must be 1-64 letters, digits, '_' or '-'")),
    description: z.optional(z.string()),
    parameters: z.optional(z.record(z.string(), z.unknown())),
    strict: z.optional(z.nullable(z.boolean())),
  }),
});
const customTool = z.looseObject({ type: z.literal("custom"), custom: z.looseObject({ name: z.string() }) });

const toolChoice = z.union([
  z.enum(["none", "auto", "required"]),
  z.discriminatedUnion("type", [
    z.looseObject({ type: z.literal("function"), function: z.looseObject({ name: z.string() }) }),
    z.looseObject({ type: z.literal("custom"), custom: z.looseObject({ name: z.string() }) }),
    z.looseObject({ type: z.literal("allowed_tools"), allowed_tools: z.looseObject({}) }),
  ]),
]);

const responseFormat = z.discriminatedUnion("type", [
  z.looseObject({ type: z.literal("text") }),
  z.looseObject({ type: z.literal("json_object") }),
  z.looseObject({
    type: z.literal("json_schema"),
    json_schema: z.looseObject({ name: z.string(), schema: z.optional(z.record(z.string(), z.unknown())) }),
  }),
]);

const positiveInt = z.int().check(z.minimum(1));

export const chatCompletionRequestSchema = z.looseObject({
  model: z.string().check(z.minLength(1)),
  messages: z.array(chatMessageSchema).check(z.minLength(1)),
  stream: z.optional(z.nullable(z.boolean())),
  stream_options: z.optional(z.nullable(z.looseObject({ include_usage: z.optional(z.boolean()) }))),
  tools: z.optional(z.array(z.discriminatedUnion("type", [functionTool, customTool]))),
  tool_choice: z.optional(toolChoice),
  response_format: z.optional(responseFormat),
  max_tokens: z.optional(z.nullable(positiveInt)),
  max_completion_tokens: z.optional(z.nullable(positiveInt)),
  n: z.optional(z.nullable(positiveInt)),
  temperature: z.optional(z.nullable(z.number().check(z.minimum(0), z.maximum(2)))),
  top_p: z.optional(z.nullable(z.number().check(z.minimum(0), z.maximum(1)))),
  stop: z.optional(z.nullable(z.union([z.string(), z.array(z.string())]))),
  user: z.optional(z.string()),
});

export type ChatCompletionRequest = z.infer<typeof chatCompletionRequestSchema>;
export type ChatMessage = z.infer<typeof chatMessageSchema>;
