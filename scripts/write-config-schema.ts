// `npm run config:schema`: regenerates config/switchboard.schema.json from the zod schema.
import { join, resolve } from "node:path";
import { writeConfigJsonSchema } from "./lib/config-json-schema";

const path = join(resolve(import.meta.dirname, ".."), "config", "switchboard.schema.json");
await writeConfigJsonSchema(path);
console.log(`wrote ${path}`);
