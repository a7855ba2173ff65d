import { version } from "../../package.json";
import type { ErrorFormat } from "../errors/error-response";
import type { Role } from "../schemas/key-record";
import { type ComponentName, componentJsonSchemas, componentRef, type JsonSchema } from "./component-schemas";
import { type DocumentedRoute, documentedRoutes, routeId } from "./documented-routes";
import type { OperationSpec, ResponseSpec } from "./operation-spec";
import { operations } from "./operations";
import { openApiPath, pathParameterNames } from "./path-template";

type Reference = { readonly $ref: string };
type SecurityRequirement = Readonly<Record<string, readonly Role[]>>;

interface Parameter {
  readonly name: string;
  readonly in: "path" | "query" | "header";
  readonly required: boolean;
  readonly description?: string;
  readonly schema: JsonSchema;
}

interface MediaTypeObject {
  readonly schema?: JsonSchema;
}

interface ResponseObject {
  readonly description: string;
  readonly content?: Readonly<Record<string, MediaTypeObject>>;
}

interface OperationObject {
  readonly operationId: string;
  readonly summary: string;
  readonly tags: readonly string[];
  readonly security: readonly SecurityRequirement[];
  readonly "x-switchboard-roles": readonly Role[];
  readonly parameters?: readonly Parameter[];
  readonly requestBody?: { readonly required: boolean; readonly content: Readonly<Record<string, MediaTypeObject>> };
  readonly responses: Readonly<Record<string, ResponseObject | Reference>>;
}

export interface OpenApiDocument {
  readonly openapi: "3.1.0";
  readonly jsonSchemaDialect: string;
  readonly info: { readonly title: string; readonly version: string; readonly description: string };
  readonly paths: Readonly<Record<string, Readonly<Record<string, OperationObject>>>>;
  readonly components: {
    readonly schemas: Readonly<Record<ComponentName, JsonSchema>>;
    readonly responses: Readonly<Record<string, ResponseObject>>;
    readonly securitySchemes: Readonly<Record<string, Readonly<Record<string, string>>>>;
  };
}

// A key is accepted as `Authorization: Bearer sk-sb-...` or in `x-api-key` (Anthropic's SDK sends it there).
const securitySchemes = {
  bearerApiKey: { type: "http", scheme: "bearer", description: "A Switchboard API key (sk-sb-...); its role decides which routes it may call. Admin routes also take the bootstrap credential." },
  xApiKey: { type: "apiKey", in: "header", name: "x-api-key", description: "The same API key, where Anthropic's SDK sends it." },
} as const;

const errorResponseNames: Readonly<Record<ErrorFormat, string>> = { openai: "OpenAIError", anthropic: "AnthropicError" };

const errorResponses: Readonly<Record<string, ResponseObject>> = {
  OpenAIError: {
    description: "A failure, in OpenAI's error shape: {error: {message, type, param, code}} (docs/errors.md).",
    content: { "application/json": { schema: componentRef("OpenAIError") } },
  },
  AnthropicError: {
    description: "A failure, in Anthropic's error shape: {type: 'error', error: {type, message}}.",
    content: { "application/json": { schema: componentRef("AnthropicError") } },
  },
};

/** OpenAPI 3.1 lets a non-OAuth scheme list roles in place of scopes: here, the key roles admitted. */
function securityOf(roles: readonly Role[]): SecurityRequirement[] {
  if (roles.length === 0) return [];
  return Object.keys(securitySchemes).map((scheme) => ({ [scheme]: roles }));
}

function queryParameters(component: ComponentName, schemas: Readonly<Record<ComponentName, JsonSchema>>): Parameter[] {
  const { properties = {}, required = [] } = schemas[component];
  return Object.entries(properties).map(([name, schema]) => ({
    name,
    in: "query",
    required: required.includes(name),
    schema: typeof schema === "boolean" ? {} : schema,
  }));
}

function parametersOf(route: DocumentedRoute, spec: OperationSpec, schemas: Readonly<Record<ComponentName, JsonSchema>>): Parameter[] {
  const path = pathParameterNames(route.path).map((name): Parameter => {
    const description = spec.pathParameters?.[name];
    return { name, in: "path", required: true, ...(description ? { description } : {}), schema: { type: "string" } };
  });
  const query = spec.query ? queryParameters(spec.query, schemas) : [];
  const headers = (spec.headers ?? []).map((header): Parameter => ({ ...header, in: "header", required: false }));
  return [...path, ...query, ...headers];
}

function responseObject(spec: ResponseSpec): ResponseObject {
  if (!spec.content) return { description: spec.description };
  const content = Object.fromEntries(
    Object.entries(spec.content).map(([mediaType, component]) => [mediaType, component ? { schema: componentRef(component) } : {}]),
  );
  return { description: spec.description, content };
}

function responsesOf(spec: OperationSpec): Record<string, ResponseObject | Reference> {
  const responses: Record<string, ResponseObject | Reference> = {};
  for (const [status, response] of Object.entries(spec.responses)) responses[status] = responseObject(response);
  if (spec.errors) {
    const ref = { $ref: `#/components/responses/${errorResponseNames[spec.errors]}` };
    responses["4XX"] = ref;
    responses["5XX"] = ref;
  }
  return responses;
}

function operationObject(route: DocumentedRoute, spec: OperationSpec, schemas: Readonly<Record<ComponentName, JsonSchema>>): OperationObject {
  const parameters = parametersOf(route, spec, schemas);
  return {
    operationId: spec.operationId,
    summary: spec.summary,
    tags: [spec.tag],
    security: securityOf(spec.roles),
    "x-switchboard-roles": spec.roles,
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(spec.requestBody
      ? { requestBody: { required: spec.requestBodyOptional !== true, content: { "application/json": { schema: componentRef(spec.requestBody) } } } }
      : {}),
    responses: responsesOf(spec),
  };
}

/** The whole document, from the route list, the operations and the zod schemas. */
export function buildOpenApiDocument(): OpenApiDocument {
  const schemas = componentJsonSchemas();
  const paths: Record<string, Record<string, OperationObject>> = {};
  for (const route of documentedRoutes) {
    const pathItem = (paths[openApiPath(route.path)] ??= {});
    pathItem[route.method.toLowerCase()] = operationObject(route, operations[routeId(route)], schemas);
  }
  return {
    openapi: "3.1.0",
    jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
    info: {
      title: "Switchboard",
      version,
      description: "An OpenAI-compatible AI gateway: OpenAI's and Anthropic's APIs routed to many providers, with keys, limits, sessions and an audit trail.",
    },
    paths,
    components: { schemas, responses: errorResponses, securitySchemes },
  };
}
