// `npm run mint-key -- --tenant <id> [--role app|auditor|admin] [--name <label>] [--jurisdiction eu]
//    [--require-data-policy no-training ...] [--allow-provider-override] [--limits '<json>'] [--access '<json>'] (--local | --remote)`
// Mints an API key, stores only its SHA-256 record (and its index entries) in the KEYS namespace, and
// prints the key once. The admin API (`POST /v1/admin/keys`, docs/admin-api.md) mints the same way.
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { mintApiKey } from "../src/governance/mint-key";
import { accessPolicySchema } from "../src/schemas/access-policy";
import { type DataPolicy, dataPolicies, type Role, roles } from "../src/schemas/key-record";
import { limitsSchema } from "../src/schemas/limits";
import { jsonOption, kvTargetFrom, usageFailure } from "./lib/cli";
import { kvEntriesOfNewKey } from "../src/state/key-index";
import { putKvValue } from "./lib/key-records";

const root = resolve(import.meta.dirname, "..");
const usage =
  "usage: npm run mint-key -- --tenant <id> [--role app|auditor|admin] [--name <label>] [--jurisdiction <id>] [--require-data-policy no-training|zero-retention ...] [--allow-provider-override] [--limits '<json>'] [--access '<json>'] (--local | --remote)";

const { values } = parseArgs({
  options: {
    tenant: { type: "string" },
    role: { type: "string", default: "app" },
    name: { type: "string" },
    jurisdiction: { type: "string" },
    "require-data-policy": { type: "string", multiple: true, default: [] },
    "allow-provider-override": { type: "boolean", default: false },
    limits: { type: "string" },
    access: { type: "string" },
    local: { type: "boolean", default: false },
    remote: { type: "boolean", default: false },
  },
});

const fail = usageFailure(usage);

const tenantId = values.tenant ?? fail("--tenant is required");
const role = roles.find((r): r is Role => r === values.role) ?? fail(`--role must be one of ${roles.join(", ")}`);
const policies = values["require-data-policy"].map(
  (value) => dataPolicies.find((policy): policy is DataPolicy => policy === value) ?? fail(`--require-data-policy must be one of ${dataPolicies.join(", ")}`),
);
if (values.jurisdiction !== undefined && !/^[a-z0-9][a-z0-9._-]{0,62}$/.test(values.jurisdiction)) fail("--jurisdiction must be a lower-case identifier such as eu");
const limits = values.limits === undefined ? undefined : jsonOption(values.limits, "--limits", limitsSchema, '{"requestsPerMinute":60}', fail);
const access = values.access === undefined ? undefined : jsonOption(values.access, "--access", accessPolicySchema, '{"models":["gpt-4o-mini"],"maxTokens":1024}', fail);
const target = kvTargetFrom(values, root, fail);

const minted = await mintApiKey({
  tenantId,
  role,
  ...(values.name ? { name: values.name } : {}),
  ...(values.jurisdiction ? { jurisdiction: values.jurisdiction } : {}),
  ...(policies.length > 0 ? { requiredDataPolicies: policies } : {}),
  ...(values["allow-provider-override"] ? { allowProviderOverride: true } : {}),
  ...(limits ? { limits } : {}),
  ...(access ? { access } : {}),
});
// The record first: index entries pointing at no record would list a key that cannot be used.
for (const entry of kvEntriesOfNewKey(minted.keyHash, minted.record)) {
  await putKvValue(join(root, "node_modules", ".bin", "wrangler"), root, entry.name, entry.value, target);
}
console.log(`Minted ${role} key ${minted.record.keyId} for tenant ${tenantId}. It is shown only now; store it safely:\n\n  ${minted.key}\n`);
