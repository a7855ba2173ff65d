import * as z from "zod/mini";
import { auditQuerySchema } from "../audit/audit-query";
import { configOverrideSchema } from "../config/override-schema";
import { killSwitchRequestSchema } from "../governance/kill-switches/switch";
import { anthropicMessagesRequestSchema } from "../ingress/anthropic/request-schema";
import { createKeyRequestSchema, rotateKeyRequestSchema, updateKeyRequestSchema } from "../schemas/admin";
import { tenantPolicySchema } from "../schemas/limits";
import { chatCompletionRequestSchema, chatMessageSchema } from "../schemas/openai/chat";
import { embeddingsRequestSchema } from "../schemas/openai/embeddings";
import { adminHealthQuerySchema } from "../routes/admin/health-query";
import { keyListQuerySchema } from "./query-schemas";
import {
  anthropicErrorBodySchema,
  auditVerificationSchema,
  healthSchema,
  modelListSchema,
  modelSchema,
  openAIErrorBodySchema,
  sessionDeletedSchema,
  sessionSchema,
} from "./response-schemas";

/** The document's `components.schemas`, by name: the very zod schemas the routes parse with, where they parse. */
export const componentSchemas = {
  ChatMessage: chatMessageSchema,
  ChatCompletionRequest: chatCompletionRequestSchema,
  EmbeddingsRequest: embeddingsRequestSchema,
  AnthropicMessagesRequest: anthropicMessagesRequestSchema,
  AuditQuery: auditQuerySchema,
  KillSwitchRequest: killSwitchRequestSchema,
  ConfigOverride: configOverrideSchema,
  CreateKeyRequest: createKeyRequestSchema,
  RotateKeyRequest: rotateKeyRequestSchema,
  UpdateKeyRequest: updateKeyRequestSchema,
  KeyListQuery: keyListQuerySchema,
  AdminHealthQuery: adminHealthQuerySchema,
  TenantPolicy: tenantPolicySchema,
  OpenAIError: openAIErrorBodySchema,
  AnthropicError: anthropicErrorBodySchema,
  Health: healthSchema,
  Model: modelSchema,
  ModelList: modelListSchema,
  Session: sessionSchema,
  SessionDeleted: sessionDeletedSchema,
  AuditVerification: auditVerificationSchema,
} as const;

export type ComponentName = keyof typeof componentSchemas;

export type JsonSchema = z.core.JSONSchema.BaseSchema;

export function componentRef(name: ComponentName): { $ref: string } {
  return { $ref: `#/components/schemas/${name}` };
}

/**
 * Every component as JSON Schema 2020-12 (OpenAPI 3.1's dialect), describing what a client sends
 * (`io: "input"`: defaults are optional). A schema nested in another is a `$ref` to its component.
 */
export function componentJsonSchemas(): Record<ComponentName, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  for (const [name, schema] of Object.entries(componentSchemas)) registry.add(schema, { id: name });
  const { schemas } = z.toJSONSchema(registry, { target: "draft-2020-12", io: "input", uri: (id) => componentRef(id as ComponentName).$ref });
  const components = {} as Record<ComponentName, JsonSchema>;
  for (const name of Object.keys(componentSchemas) as ComponentName[]) {
    // `$schema` and `$id` belong to standalone documents; inside the OpenAPI document they would only mislead.
    const { $schema: _dialect, $id: _id, ...schema } = schemas[name] ?? {};
    components[name] = schema;
  }
  return components;
}
