/**
 * Google's JSON parser accepts a proto field under its lowerCamel JSON name or its original
 * snake_case name (`systemInstruction` or `system_instruction`); so does the simulator.
 */
export function field(record: Record<string, unknown>, camelName: string): unknown {
  return record[camelName] ?? record[snakeCase(camelName)];
}

export function snakeCase(camelName: string): string {
  return camelName.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

/** The first key that is neither a known lowerCamel name nor its snake_case form. */
export function unknownField(record: Record<string, unknown>, known: readonly string[]): string | undefined {
  const names = new Set(known.flatMap((name) => [name, snakeCase(name)]));
  return Object.keys(record).find((key) => !names.has(key));
}

export function unknownFieldMessage(name: string, at?: string): string {
  return `Invalid JSON payload received. Unknown name "${name}"${at === undefined ? "" : ` at '${at}'`}: Cannot find field.`;
}
