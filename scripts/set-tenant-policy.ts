// `npm run set-tenant-policy -- --tenant <id> [--limits '<json>'] [--fail-mode closed|open] (--local | --remote)`
// Validates a tenant policy (docs/limits.md) and writes it to KV under `tenant:<id>`, where it replaces
// the tenant's entry in the config. Isolates pick it up within `limits.policyCacheTtlSeconds`.
import { resolve, join } from "node:path";
import { parseArgs } from "node:util";
import { tenantPolicySchema } from "../src/schemas/limits";
import { tenantPolicyKey } from "../src/state/tenant-policy-key";
import { putKvValue } from "./lib/key-records";

const root = resolve(import.meta.dirname, "..");
const usage = "usage: npm run set-tenant-policy -- --tenant <id> [--limits '<json>'] [--fail-mode closed|open] (--local | --remote)";

const { values } = parseArgs({
  options: {
    tenant: { type: "string" },
    limits: { type: "string" },
    "fail-mode": { type: "string", default: "closed" },
    local: { type: "boolean", default: false },
    remote: { type: "boolean", default: false },
  },
});

function fail(message: string): never {
  console.error(`${message}\n${usage}`);
  process.exit(2);
}

const tenantId = values.tenant ?? fail("--tenant is required");
if (values.local === values.remote) fail("say where to write the policy: --local (wrangler dev's state) or --remote (the deployed namespace)");
let limits: unknown;
try {
  limits = values.limits === undefined ? undefined : JSON.parse(values.limits);
} catch {
  fail("--limits must be JSON, e.g. '{\"requestsPerMinute\":600,\"spendPerDay\":50}'");
}
const parsed = tenantPolicySchema.safeParse({ ...(limits === undefined ? {} : { limits }), failMode: values["fail-mode"] });
if (!parsed.success) fail(`the policy does not validate: ${parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ")}`);

await putKvValue(
  join(root, "node_modules", ".bin", "wrangler"),
  root,
  tenantPolicyKey(tenantId),
  JSON.stringify(parsed.data),
  values.local ? { where: "local", persistTo: ".wrangler/state" } : { where: "remote" },
);
console.log(`Tenant ${tenantId}: ${JSON.stringify(parsed.data)}`);
