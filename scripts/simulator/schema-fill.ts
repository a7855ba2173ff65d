import { isRecord, type JsonObject, type JsonValue } from "./json";

const MAX_DEPTH = 8;

/**
 * Builds a deterministic value satisfying a JSON schema's `required` properties:
 * string → `text`, number/integer → 42, boolean → true, array → [], object → its required
 * properties filled recursively. `const`, `enum` and the first `anyOf`/`oneOf`/`allOf` branch are honoured.
 */
export function fillSchema(schema: unknown, text: string, depth = 0): JsonValue {
  if (!isRecord(schema) || depth > MAX_DEPTH) return depth === 0 ? {} : text;
  if ("const" in schema) return toJson(schema.const);
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return toJson(schema.enum[0]);
  for (const key of ["anyOf", "oneOf", "allOf"]) {
    const branches = schema[key];
    if (Array.isArray(branches) && branches.length > 0) return fillSchema(branches[0], text, depth + 1);
  }
  switch (schemaType(schema)) {
    case "string":
      return text;
    case "number":
    case "integer":
      return 42;
    case "boolean":
      return true;
    case "array":
      return [];
    case "null":
      return null;
    case "object":
      return fillObject(schema, text, depth);
    default:
      return text;
  }
}

// Lower-cased: Gemini's OpenAPI-style schemas spell types in upper case ("OBJECT", "STRING").
function schemaType(schema: Record<string, unknown>): string | undefined {
  const type = schema.type;
  if (typeof type === "string") return type.toLowerCase();
  if (Array.isArray(type)) {
    const names = type.filter((entry): entry is string => typeof entry === "string").map((entry) => entry.toLowerCase());
    return names.find((name) => name !== "null") ?? (names.includes("null") ? "null" : undefined);
  }
  if (isRecord(schema.properties) || Array.isArray(schema.required)) return "object";
  return undefined;
}

function fillObject(schema: Record<string, unknown>, text: string, depth: number): JsonObject {
  const result: JsonObject = {};
  const properties = isRecord(schema.properties) ? schema.properties : {};
  const required = Array.isArray(schema.required) ? schema.required : [];
  for (const name of required) {
    if (typeof name !== "string") continue;
    result[name] = fillSchema(properties[name], text, depth + 1);
  }
  return result;
}

function toJson(value: unknown): JsonValue {
  return JSON.parse(JSON.stringify(value ?? null)) as JsonValue;
}
