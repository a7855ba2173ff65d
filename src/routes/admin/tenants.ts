import type { Context } from "hono";
import { GatewayError } from "../../errors/gateway-error";
import type { AppEnv } from "../../http/context";
import { readRequest } from "../../http/read-request";
import { tenantIdSchema } from "../../schemas/admin";
import { tenantPolicySchema } from "../../schemas/limits";
import { listTenants } from "../../state/tenant-directory";
import { loadTenantPolicy, type ResolvedTenantPolicy, storeTenantPolicy } from "../../state/tenant-policy-store";
import { logAdminChange } from "./admin-change";

/** `GET /v1/admin/tenants`: every tenant with keys, a KV policy or a policy in the config. */
export async function listTenantsRoute(c: Context<AppEnv>): Promise<Response> {
  const tenants = await listTenants(c.env.KEYS, c.var.config.tenants);
  return c.json({ object: "list", data: tenants.map((tenant) => ({ object: "tenant", ...tenant })) });
}

/** `GET /v1/admin/tenants/{id}/policy`: the policy in force (KV, else config, else none) and its version, also as `ETag`. */
export async function getTenantPolicyRoute(c: Context<AppEnv>): Promise<Response> {
  const tenantId = tenantIdParam(c);
  return policyAnswer(c, tenantId, await loadTenantPolicy(c.env.KEYS, tenantId, c.var.config.tenants));
}

/**
 * `PUT /v1/admin/tenants/{id}/policy`: validates and stores the whole policy in KV. With `If-Match:
 * <version>` it is refused (412) when the policy changed since that version was read. KV cannot compare
 * and swap, so two writes within moments of each other can still both pass the check.
 */
export async function putTenantPolicyRoute(c: Context<AppEnv>): Promise<Response> {
  const tenantId = tenantIdParam(c);
  const policy = await readRequest(c, tenantPolicySchema);
  const current = await loadTenantPolicy(c.env.KEYS, tenantId, c.var.config.tenants);
  const expected = ifMatchVersion(c.req.header("if-match"));
  if (expected !== null && expected !== current.version) {
    throw new GatewayError({ kind: "version_mismatch", expected, current: current.version });
  }
  const stored = await storeTenantPolicy(c.env.KEYS, tenantId, policy);
  logAdminChange(c, "tenant.policy.put", { tenantId, previousVersion: current.version, version: stored.version });
  return policyAnswer(c, tenantId, stored);
}

function policyAnswer(c: Context<AppEnv>, tenantId: string, resolved: ResolvedTenantPolicy): Response {
  c.header("etag", `"${resolved.version}"`);
  return c.json({ object: "tenant_policy", tenantId, policy: resolved.policy, version: resolved.version });
}

function tenantIdParam(c: Context<AppEnv>): string {
  const parsed = tenantIdSchema.safeParse(c.req.param("id"));
  if (!parsed.success) throw new GatewayError({ kind: "invalid_request", message: "Invalid tenant id.", param: "id" });
  return parsed.data;
}

/** The version an `If-Match` names, as `GET` returned it (bare, or quoted like an `ETag`); null without one. `*` matches every version. */
function ifMatchVersion(header: string | undefined): string | null {
  const value = header?.trim().replace(/^W\//, "").replace(/^"(.*)"$/, "$1");
  return value === undefined || value === "" || value === "*" ? null : value;
}
