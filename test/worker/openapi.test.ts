import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createApp } from "../../src/app";
import type { OpenApiDocument } from "../../src/openapi/build-document";
import type { JsonSchema } from "../../src/openapi/component-schemas";
import { openApiPath } from "../../src/openapi/path-template";
import { callGateway, captureLogLines, waitFor } from "./helpers";

afterEach(() => {
  vi.restoreAllMocks();
});

const httpMethods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/** A body the chat tests send (chat.test.ts). */
const chatBody = { model: "gpt-4o-mini", messages: [{ role: "user", content: "Hello there, gateway" }] };

let document: OpenApiDocument;
let served: Response;

beforeAll(async () => {
  served = await callGateway("/openapi.json");
  document = (await served.clone().json()) as OpenApiDocument;
});

/** Resolves a local JSON pointer (`#/components/schemas/X`) inside the document, or undefined. */
function resolvePointer(ref: string): unknown {
  if (!ref.startsWith("#/")) return undefined;
  let node: unknown = document;
  for (const raw of ref.slice(2).split("/")) {
    const segment = raw.replaceAll("~1", "/").replaceAll("~0", "~");
    if (typeof node !== "object" || node === null || !(segment in node)) return undefined;
    node = (node as Record<string, unknown>)[segment];
  }
  return node;
}

function allRefs(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(allRefs);
  if (typeof node !== "object" || node === null) return [];
  return Object.entries(node).flatMap(([key, value]) => (key === "$ref" && typeof value === "string" ? [value] : allRefs(value)));
}

function operationsOf(doc: OpenApiDocument): Array<{ id: string; operation: Record<string, unknown> }> {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => httpMethods.includes(method))
      .map(([method, operation]) => ({ id: `${method.toUpperCase()} ${path}`, operation: operation as unknown as Record<string, unknown> })),
  );
}

function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

/** The subset of JSON Schema the components use for structure: refs, types, required, properties, items, unions. */
function conforms(schema: JsonSchema | boolean | undefined, value: unknown): boolean {
  if (schema === undefined || schema === true) return true;
  if (schema === false) return false;
  if (schema.$ref) return conforms(resolvePointer(schema.$ref) as JsonSchema | undefined, value);
  const actual = typeOf(value);
  const types = schema.type === undefined ? null : [schema.type].flat();
  if (types && !types.some((type) => type === actual || (type === "number" && actual === "integer"))) return false;
  if (schema.const !== undefined && schema.const !== value) return false;
  if (schema.enum && !schema.enum.includes(value as string)) return false;
  if (schema.anyOf && !schema.anyOf.some((option) => conforms(option, value))) return false;
  if (schema.oneOf && schema.oneOf.filter((option) => conforms(option, value)).length !== 1) return false;
  if (schema.allOf && !schema.allOf.every((part) => conforms(part, value))) return false;
  if (actual === "string" && schema.minLength !== undefined && (value as string).length < schema.minLength) return false;
  if (actual === "array") {
    const items = value as unknown[];
    if (schema.minItems !== undefined && items.length < schema.minItems) return false;
    if (!items.every((item) => conforms(schema.items as JsonSchema | undefined, item))) return false;
  }
  if (actual === "object") {
    const object = value as Record<string, unknown>;
    if (!(schema.required ?? []).every((name) => name in object)) return false;
    const properties = schema.properties ?? {};
    if (!Object.entries(properties).every(([name, property]) => !(name in object) || conforms(property, object[name]))) return false;
  }
  return true;
}

describe("GET /openapi.json", () => {
  it("is served without a key, as JSON, through the request context (named, logged, audited)", async () => {
    const lines = captureLogLines();
    const response = await callGateway("/openapi.json");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json");
    const requestId = response.headers.get("x-request-id");
    expect(requestId).toBeTruthy();
    expect(await response.text()).toBe(await served.clone().text());
    const line = await waitFor(() => lines().find((l) => l.event === "request" && l.requestId === requestId));
    expect(line.path).toBe("/openapi.json");
    expect(line.status).toBe(200);
  });

  it("is a structurally valid OpenAPI 3.1 document", () => {
    expect(document.openapi).toBe("3.1.0");
    expect(document.jsonSchemaDialect).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(document.info.version).toMatch(/^\d+\.\d+\.\d+/);
    const operations = operationsOf(document);
    expect(operations.length).toBeGreaterThan(0);
    for (const { id, operation } of operations) {
      expect(Object.keys(operation.responses as object).length, id).toBeGreaterThan(0);
    }
  });

  it("has every $ref resolve inside the document", () => {
    const refs = allRefs(document);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of new Set(refs)) expect(resolvePointer(ref), ref).toBeDefined();
  });

  it("names only defined security schemes, with public routes open and model routes for apps", () => {
    const schemes = Object.keys(document.components.securitySchemes);
    const byId = new Map(operationsOf(document).map(({ id, operation }) => [id, operation]));
    for (const [id, operation] of byId) {
      for (const requirement of operation.security as Array<Record<string, string[]>>) {
        for (const scheme of Object.keys(requirement)) expect(schemes, `${id}: ${scheme}`).toContain(scheme);
      }
    }
    expect(byId.get("GET /openapi.json")?.security).toEqual([]);
    expect(byId.get("GET /healthz")?.security).toEqual([]);
    expect(byId.get("POST /v1/chat/completions")?.security).toEqual([{ bearerApiKey: ["app"] }, { xApiKey: ["app"] }]);
    expect(byId.get("GET /metrics")?.security).toEqual([{ bearerApiKey: ["admin"] }, { xApiKey: ["admin"] }]);
    expect(byId.get("PUT /v1/admin/kill-switches")?.security).toEqual([{ bearerApiKey: ["admin"] }, { xApiKey: ["admin"] }]);
  });

  it("documents every route the app serves, and no other", () => {
    const served = new Set(createApp().routes.filter((route) => route.method !== "ALL").map((route) => `${route.method} ${openApiPath(route.path)}`));
    const documented = new Set(operationsOf(document).map(({ id }) => id));
    expect([...documented].sort()).toEqual([...served].sort());
  });

  it("describes failures in OpenAI's error shape, and Anthropic's on /v1/messages", () => {
    const errorOf = (path: string, method: string) => (document.paths[path]?.[method]?.responses["4XX"] as { $ref: string } | undefined)?.$ref;
    expect(errorOf("/v1/chat/completions", "post")).toBe("#/components/responses/OpenAIError");
    expect(errorOf("/v1/messages", "post")).toBe("#/components/responses/AnthropicError");
    const openAIError = document.components.schemas.OpenAIError;
    expect(conforms(openAIError, { error: { message: "No.", type: "invalid_request_error", param: null, code: "invalid_value" } })).toBe(true);
    expect(conforms(openAIError, { error: { message: "No.", type: "invalid_request_error" } })).toBe(false);
  });

  it("takes the chat completion request schema from the zod schema the route parses with", () => {
    const operation = document.paths["/v1/chat/completions"]?.post;
    const schema = operation?.requestBody?.content["application/json"]?.schema;
    expect(schema).toEqual({ $ref: "#/components/schemas/ChatCompletionRequest" });
    const request = document.components.schemas.ChatCompletionRequest;
    expect(request.required).toEqual(expect.arrayContaining(["model", "messages"]));
    expect(conforms(schema, chatBody)).toBe(true);
    const { messages: _messages, ...withoutMessages } = chatBody;
    expect(conforms(schema, withoutMessages)).toBe(false);
    expect(conforms(schema, { ...chatBody, messages: [{ role: "user", content: 42 }] })).toBe(false);
  });

  it("takes the admin request bodies from their zod schemas", () => {
    const bodyOf = (path: string, method: string) => document.paths[path]?.[method]?.requestBody;
    expect(bodyOf("/v1/admin/kill-switches", "put")).toEqual({ required: true, content: { "application/json": { schema: { $ref: "#/components/schemas/KillSwitchRequest" } } } });
    expect(bodyOf("/v1/admin/keys/{keyId}/rotate", "post")?.required).toBe(false);
    const killSwitch = { $ref: "#/components/schemas/KillSwitchRequest" };
    expect(conforms(killSwitch, { scope: "provider", id: "sim-us", reason: "incident 42" })).toBe(true);
    expect(conforms(killSwitch, { scope: "provider", id: "sim-us" })).toBe(false);
    expect(conforms(killSwitch, { scope: "everything", reason: "no such scope" })).toBe(false);
  });

  it("documents the audit query as query parameters and path parameters by name", () => {
    const parameters = document.paths["/v1/audit/export"]?.get?.parameters ?? [];
    expect(parameters.map((parameter) => parameter.name)).toEqual(expect.arrayContaining(["tenant", "from", "to", "format"]));
    expect(parameters.every((parameter) => parameter.in === "query")).toBe(true);
    expect(document.paths["/v1/models/{model}"]?.get?.parameters?.[0]).toMatchObject({ name: "model", in: "path", required: true });
  });
});
