// `npm run check`: the static checks CI runs besides the tests.
import { spawnSync } from "node:child_process";
import { join, resolve } from "node:path";
import { describeConfigProblems, loadConfigFile } from "./lib/config-file";
import { configSchemaIsCurrent } from "./lib/config-json-schema";

const root = resolve(import.meta.dirname, "..");
const bin = (name: string): string => join(root, "node_modules", ".bin", name);
let failures = 0;

function step(title: string, ok: boolean, detail = ""): void {
  console.log(`${ok ? "ok  " : "FAIL"} ${title}${detail ? `\n${detail}` : ""}`);
  if (!ok) failures++;
}

function run(title: string, command: string, args: string[]): void {
  const result = spawnSync(command, args, { cwd: root, encoding: "utf8", env: process.env });
  step(title, result.status === 0, result.status === 0 ? "" : `${result.stdout}${result.stderr}`.trim());
}

run("type-check the Worker and its tests (tsconfig.json)", bin("tsc"), ["-p", "tsconfig.json"]);
run("type-check scripts, Node tests and tooling (tsconfig.node.json)", bin("tsc"), ["-p", "tsconfig.node.json"]);

for (const file of ["config/switchboard.json", "config/dev.json"]) {
  const result = await loadConfigFile(join(root, file), { SIMULATOR_ORIGIN: "http://127.0.0.1:9" });
  step(`validate ${file}`, result.ok, result.ok ? "" : describeConfigProblems(file, result.problems));
}
step(
  "config/switchboard.schema.json matches the zod schema (npm run config:schema)",
  await configSchemaIsCurrent(join(root, "config", "switchboard.schema.json")),
);

run("generated Worker types are current (wrangler types --check)", bin("wrangler"), ["types", "--check"]);
run("bundle and validate the deploy (wrangler deploy --dry-run)", bin("wrangler"), ["deploy", "--dry-run", "--outdir", "dist"]);

console.log(failures === 0 ? "\nAll checks passed." : `\n${failures} check(s) failed.`);
process.exit(failures === 0 ? 0 : 1);
