// `npm run set-tenant-policy -- --tenant <id> [--limits '<json>'] [--fail-mode closed|open] [--audit '<json>'] (--local | --remote)`
// Validates a tenant policy (docs/limits.md) and writes it to KV under `tenant:<id>`, where it replaces
// the tenant's entry in the config. Isolates pick it up within `limits.policyCacheTtlSeconds`.
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { tenantAuditSchema } from "../src/schemas/audit-policy";
import { failModes, limitsSchema, tenantPolicySchema } from "../src/schemas/limits";
import { jsonOption, kvTargetFrom, usageFailure } from "./lib/cli";
import { tenantPolicyKey } from "../src/state/tenant-policy-key";
import { putKvValue } from "./lib/key-records";

const root = resolve(import.meta.dirname, "..");
const usage = "usage: npm run set-tenant-policy -- --tenant <id> [--limits '<json>'] [--fail-mode closed|open] [--audit '<json>'] (--local | --remote)";

const { values } = parseArgs({
  options: {
    tenant: { type: "string" },
    limits: { type: "string" },
    audit: { type: "string" },
    "fail-mode": { type: "string", default: "closed" },
    local: { type: "boolean", default: false },
    remote: { type: "boolean", default: false },
  },
});

const fail = usageFailure(usage);
const tenantId = values.tenant ?? fail("--tenant is required");
const target = kvTargetFrom(values, root, fail);
const limits = values.limits === undefined ? undefined : jsonOption(values.limits, "--limits", limitsSchema, '{"requestsPerMinute":600,"spendPerDay":50}', fail);
const failMode = failModes.find((mode) => mode === values["fail-mode"]) ?? fail(`--fail-mode must be one of ${failModes.join(", ")}`);
const audit = values.audit === undefined ? undefined : jsonOption(values.audit, "--audit", tenantAuditSchema, '{"mode":"redacted","retentionDays":365,"legalHold":false}', fail);
const policy = tenantPolicySchema.parse({ ...(limits ? { limits } : {}), failMode, ...(audit ? { audit } : {}) });

await putKvValue(
  join(root, "node_modules", ".bin", "wrangler"),
  root,
  tenantPolicyKey(tenantId),
  JSON.stringify(policy),
  target,
);
console.log(`Tenant ${tenantId}: ${JSON.stringify(policy)}`);
