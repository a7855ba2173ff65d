#!/usr/bin/env node
// `npx switchboard-audit verify|export ...`: the same CLI as `npm run audit -- ...` (scripts/audit.ts,
// run through tsx), from wherever in the clone it is run. Relative paths are taken from there.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { register } from "tsx/esm/api";

const scripts = dirname(fileURLToPath(import.meta.url));
// The tsconfig `npm run audit` gets (tsx reads the one in its working folder, the repository root).
register({ tsconfig: join(scripts, "..", "tsconfig.json") });
// audit.ts reads process.argv and sets process.exitCode itself.
await import("./audit.ts");
