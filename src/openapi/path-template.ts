// Hono writes a path parameter as `:name` or `:name{regex}`; OpenAPI as `{name}`.
const honoParameter = /:([A-Za-z_][A-Za-z0-9_]*)(\{[^/]*\})?/g;

/** `/v1/models/:model{.+}` → `/v1/models/{model}`. */
export function openApiPath(honoPath: string): string {
  return honoPath.replace(honoParameter, (_match, name: string) => `{${name}}`);
}

/** The names of a Hono path's parameters, in order. */
export function pathParameterNames(honoPath: string): string[] {
  return [...honoPath.matchAll(honoParameter)].map((match) => match[1] ?? "");
}
