import type { Context } from "hono";
import { GatewayError } from "../../errors/gateway-error";
import type { AppEnv } from "../../http/context";
import { readRequest } from "../../http/read-request";
import { tenantIdSchema } from "../../schemas/admin";
import { tenantPolicySchema } from "../../schemas/limits";
import { listTenants } from "../../state/tenant-directory";
import { loadTenantPolicy, removeTenantPolicy, type ResolvedTenantPolicy, storeTenantPolicy } from "../../state/tenant-policy-store";
import { logAdminChange } from "./admin-change";
import { ifMatchVersion } from "../../http/if-match";

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
  const current = await currentPolicyMatching(c, tenantId);
  const stored = await storeTenantPolicy(c.env.KEYS, tenantId, policy);
  logAdminChange(c, "tenant.policy.put", { tenantId, previousVersion: current.version, version: stored.version });
  return policyAnswer(c, tenantId, stored);
}

/**
 * `DELETE /v1/admin/tenants/{id}/policy`: removes the policy set through the API (KV), so the config's
 * entry applies again, or none. `If-Match` as for `PUT`. Answers with the policy then in force.
 */
export async function deleteTenantPolicyRoute(c: Context<AppEnv>): Promise<Response> {
  const tenantId = tenantIdParam(c);
  const current = await currentPolicyMatching(c, tenantId);
  const remaining = await removeTenantPolicy(c.env.KEYS, tenantId, c.var.config.tenants);
  logAdminChange(c, "tenant.policy.delete", { tenantId, previousVersion: current.version, version: remaining.version });
  return policyAnswer(c, tenantId, remaining);
}

/** The policy in force, after checking the request's `If-Match` against its version (412 when it differs). */
async function currentPolicyMatching(c: Context<AppEnv>, tenantId: string): Promise<ResolvedTenantPolicy> {
  const current = await loadTenantPolicy(c.env.KEYS, tenantId, c.var.config.tenants);
  const expected = ifMatchVersion(c.req.header("if-match"));
  if (expected !== null && expected !== current.version) {
    throw new GatewayError({ kind: "version_mismatch", expected, current: current.version });
  }
  return current;
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

