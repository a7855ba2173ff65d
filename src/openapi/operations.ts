import { adminOperations } from "./admin-operations";
import type { RouteId } from "./documented-routes";
import type { OperationSpec } from "./operation-spec";

const sessionId = "A session id: 1-128 letters, digits, '.', '_', ':' and '-', starting with a letter or digit.";

/** One entry per route: a route missing here does not compile. */
export const operations: { readonly [Id in RouteId]: OperationSpec } = {
  ...adminOperations,
  "GET /healthz": {
    operationId: "getHealth",
    summary: "Liveness: whether this isolate can serve (its config is valid).",
    tag: "Health",
    roles: [],
    responses: {
      200: { description: "The gateway can serve.", content: { "application/json": "Health" } },
      503: { description: "The gateway's config is invalid.", content: { "application/json": "Health" } },
    },
    errors: null,
  },
  "GET /openapi.json": {
    operationId: "getOpenApiDocument",
    summary: "This OpenAPI 3.1 document.",
    tag: "Documentation",
    roles: [],
    responses: { 200: { description: "The OpenAPI document.", content: { "application/json": null } } },
    errors: null,
  },
  "GET /metrics": {
    operationId: "getMetrics",
    summary: "This isolate's counters and histograms, in Prometheus' text format.",
    tag: "Operations",
    roles: ["admin"],
    responses: { 200: { description: "Prometheus metrics.", content: { "text/plain": null } } },
    errors: "openai",
  },
  "GET /v1/audit/export": {
    operationId: "exportAuditTrail",
    summary: "A tenant's audit records of a period, as JSONL chain lines or CSV rows.",
    tag: "Audit",
    roles: ["auditor", "admin"],
    query: "AuditQuery",
    responses: {
      200: { description: "The records, streamed chain after chain.", content: { "application/x-ndjson": null, "text/csv": null } },
    },
    errors: "openai",
  },
  "GET /v1/audit/verify": {
    operationId: "verifyAuditTrail",
    summary: "Re-walks a tenant's audit chains of a period and reports gaps, reordering and alterations.",
    tag: "Audit",
    roles: ["auditor", "admin"],
    query: "AuditQuery",
    responses: { 200: { description: "What the verification found.", content: { "application/json": "AuditVerification" } } },
    errors: "openai",
  },
  "POST /v1/chat/completions": {
    operationId: "createChatCompletion",
    summary: "OpenAI's chat completions, plain or streamed, routed to the model's targets.",
    tag: "Models",
    roles: ["app"],
    requestBody: "ChatCompletionRequest",
    headers: [
      { name: "x-session-id", description: `Continues a stored conversation (docs/sessions.md). ${sessionId}`, schema: { type: "string" } },
      {
        name: "x-session-history",
        description: "'include' (the default) puts the session's history before the messages; 'ignore' keeps only stickiness and counters.",
        schema: { type: "string", enum: ["include", "ignore"] },
      },
    ],
    responses: {
      200: {
        description: "A chat completion, or with `stream: true` its chunks as server-sent events.",
        content: { "application/json": null, "text/event-stream": null },
      },
    },
    errors: "openai",
  },
  "POST /v1/embeddings": {
    operationId: "createEmbeddings",
    summary: "OpenAI's embeddings, routed to the model's targets.",
    tag: "Models",
    roles: ["app"],
    requestBody: "EmbeddingsRequest",
    responses: { 200: { description: "The embeddings, in OpenAI's format.", content: { "application/json": null } } },
    errors: "openai",
  },
  "POST /v1/messages": {
    operationId: "createMessage",
    summary: "Anthropic's Messages API, plain or streamed, routed to every model the gateway serves.",
    tag: "Models",
    roles: ["app"],
    requestBody: "AnthropicMessagesRequest",
    responses: {
      200: {
        description: "A message, or with `stream: true` Anthropic's stream events, in Anthropic's format.",
        content: { "application/json": null, "text/event-stream": null },
      },
    },
    errors: "anthropic",
  },
  "GET /v1/models": {
    operationId: "listModels",
    summary: "The public model names this gateway serves.",
    tag: "Models",
    roles: ["app"],
    responses: { 200: { description: "The models.", content: { "application/json": "ModelList" } } },
    errors: "openai",
  },
  "GET /v1/models/:model{.+}": {
    operationId: "retrieveModel",
    summary: "One public model.",
    tag: "Models",
    roles: ["app"],
    pathParameters: { model: "The public model name; it may contain '/'." },
    responses: { 200: { description: "The model.", content: { "application/json": "Model" } } },
    errors: "openai",
  },
  "GET /v1/sessions/:id": {
    operationId: "getSession",
    summary: "The caller's session: its messages, sticky target and counters.",
    tag: "Sessions",
    roles: ["app"],
    pathParameters: { id: sessionId },
    responses: { 200: { description: "The session.", content: { "application/json": "Session" } } },
    errors: "openai",
  },
  "DELETE /v1/sessions/:id": {
    operationId: "deleteSession",
    summary: "Forgets the caller's session at once.",
    tag: "Sessions",
    roles: ["app"],
    pathParameters: { id: sessionId },
    responses: { 200: { description: "The session is gone.", content: { "application/json": "SessionDeleted" } } },
    errors: "openai",
  },
};
