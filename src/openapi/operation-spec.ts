import type { ErrorFormat } from "../errors/error-response";
import type { Role } from "../schemas/key-record";
import type { ComponentName, JsonSchema } from "./component-schemas";

export type MediaType = "application/json" | "text/event-stream" | "text/plain" | "text/csv" | "application/x-ndjson";

export interface ResponseSpec {
  readonly description: string;
  /** Each media type the answer may come in, with its component, or null where no schema describes it. */
  readonly content?: Partial<Record<MediaType, ComponentName | null>>;
}

export interface HeaderParameterSpec {
  readonly name: string;
  readonly description: string;
  readonly schema: JsonSchema;
}

/** What the document says of one route, beyond what its path and the components already say. */
export interface OperationSpec {
  readonly operationId: string;
  readonly summary: string;
  readonly tag: "Health" | "Documentation" | "Models" | "Sessions" | "Audit" | "Operations" | "Admin";
  /** The key roles the route admits; empty for a public route, which needs no key. */
  readonly roles: readonly Role[];
  readonly requestBody?: ComponentName;
  /** Whether the route also takes no body at all (then its defaults apply). */
  readonly requestBodyOptional?: true;
  /** An object component whose properties are the route's query parameters. */
  readonly query?: ComponentName;
  readonly pathParameters?: Readonly<Record<string, string>>;
  readonly headers?: readonly HeaderParameterSpec[];
  readonly responses: Readonly<Record<`${1 | 2 | 3 | 4 | 5}${number}`, ResponseSpec>>;
  /** The shape 4xx and 5xx answers come in; null when the route has none of its own. */
  readonly errors: ErrorFormat | null;
}
