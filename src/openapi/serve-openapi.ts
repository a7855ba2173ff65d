import type { Context } from "hono";
import type { AppEnv } from "../http/context";
import { buildOpenApiDocument } from "./build-document";

let documentText: string | null = null;

/** The document as JSON, built on first use and kept for the isolate's life: it depends on code only. */
export function openApiDocumentText(): string {
  documentText ??= JSON.stringify(buildOpenApiDocument());
  return documentText;
}

/** `GET /openapi.json`, public. */
export function openApiJson(c: Context<AppEnv>): Response {
  return c.body(openApiDocumentText(), 200, { "content-type": "application/json" });
}
