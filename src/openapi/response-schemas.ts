import * as z from "zod/mini";
import type { OpenAIErrorBody } from "../errors/openai-error";
import type { AnthropicErrorBody, AnthropicErrorType } from "../ingress/anthropic/errors";
import { chatMessageSchema } from "../schemas/openai/chat";

// The answers routes build by hand, described for the document only; nothing parses with these.
// Where the answer has a TypeScript type, a compile-time check below keeps the two in step.

export const openAIErrorBodySchema = z.object({
  error: z.object({
    message: z.string(),
    type: z.string(),
    param: z.nullable(z.string()),
    code: z.nullable(z.string()),
  }),
});

const anthropicErrorTypes = [
  "invalid_request_error",
  "authentication_error",
  "permission_error",
  "not_found_error",
  "request_too_large",
  "rate_limit_error",
  "api_error",
  "timeout_error",
  "overloaded_error",
] as const satisfies readonly AnthropicErrorType[];

export const anthropicErrorBodySchema = z.object({
  type: z.literal("error"),
  error: z.object({ type: z.enum(anthropicErrorTypes), message: z.string() }),
});

/** Fails to compile when a schema's type and the type the route answers with drift apart. */
type SameShape<Described, Answered> = [Described] extends [Answered] ? ([Answered] extends [Described] ? true : false) : false;
const describedAsAnswered: [SameShape<z.infer<typeof openAIErrorBodySchema>, OpenAIErrorBody>, SameShape<z.infer<typeof anthropicErrorBodySchema>, AnthropicErrorBody>] = [
  true,
  true,
];
void describedAsAnswered;

export const healthSchema = z.object({
  status: z.enum(["ok", "unavailable"]),
  service: z.literal("switchboard"),
  models: z.optional(z.int()),
  reason: z.optional(z.string()),
});

export const modelSchema = z.object({
  id: z.string(),
  object: z.literal("model"),
  created: z.int(),
  owned_by: z.string(),
});

export const modelListSchema = z.object({ object: z.literal("list"), data: z.array(modelSchema) });

export const sessionSchema = z.object({
  id: z.string(),
  object: z.literal("session"),
  created_at: z.int(),
  last_used_at: z.int(),
  expires_at: z.int(),
  sticky_target: z.nullable(z.string()),
  messages: z.array(chatMessageSchema),
  usage: z.object({
    requests: z.int(),
    input_tokens: z.int(),
    output_tokens: z.int(),
    cost: z.number(),
    currency: z.string(),
  }),
});

export const sessionDeletedSchema = z.object({ id: z.string(), object: z.literal("session.deleted"), deleted: z.literal(true) });

const chainFindingSchema = z.looseObject({ kind: z.string(), shard: z.optional(z.int()), seq: z.optional(z.nullable(z.int())) });

export const auditVerificationSchema = z.object({
  object: z.literal("audit.verification"),
  tenant: z.string(),
  from: z.string(),
  to: z.string(),
  objects: z.int(),
  entries: z.int(),
  unreadableLines: z.int(),
  ok: z.boolean(),
  chains: z.array(
    z.object({
      shard: z.int(),
      objects: z.int(),
      entries: z.int(),
      firstSeq: z.nullable(z.int()),
      lastSeq: z.nullable(z.int()),
      head: z.nullable(z.object({ seq: z.int(), hash: z.string() })),
      unreadableLines: z.int(),
      ok: z.boolean(),
      findings: z.array(chainFindingSchema),
    }),
  ),
  findings: z.array(chainFindingSchema),
});
