import { readFile, writeFile } from "node:fs/promises";
import { gatewayConfigSchema } from "../../src/config/schema";
import * as z from "zod/mini";

/** The JSON Schema of the config file, generated from the zod schema, for editors' completion. */
export function configJsonSchema(): string {
  const schema = z.toJSONSchema(gatewayConfigSchema, { io: "input", unrepresentable: "any" });
  return `${JSON.stringify({ ...schema, title: "Switchboard gateway config" }, null, 2)}\n`;
}

export async function writeConfigJsonSchema(path: string): Promise<void> {
  await writeFile(path, configJsonSchema());
}

export async function configSchemaIsCurrent(path: string): Promise<boolean> {
  const current = await readFile(path, "utf8").catch(() => "");
  return current === configJsonSchema();
}
