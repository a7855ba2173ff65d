import type { RouteId } from "./documented-routes";
import type { OperationSpec } from "./operation-spec";

type AdminRouteId = Extract<RouteId, `${string} /v1/admin/${string}`>;

// Admin routes admit `admin` keys and the bootstrap credential (ADMIN_BOOTSTRAP_KEY), sent the same way.
const admin = { tag: "Admin", roles: ["admin"], errors: "openai" } as const;
const json = (description: string) => ({ description, content: { "application/json": null } }) as const;
const tenantId = { id: "The tenant id: 1-128 characters." };

/** The admin API (docs/admin-api.md): kill switches, keys, tenant policies, config overrides and health. */
export const adminOperations: { readonly [Id in AdminRouteId]: OperationSpec } = {
  "GET /v1/admin/kill-switches": {
    ...admin,
    operationId: "listKillSwitches",
    summary: "The kill switches pulled now, and the list's version.",
    responses: { 200: json("The switches.") },
  },
  "PUT /v1/admin/kill-switches": {
    ...admin,
    operationId: "pullKillSwitch",
    summary: "Pulls a kill switch (or restates the reason of one pulled): `id` names what to stop, none for scope `all`.",
    requestBody: "KillSwitchRequest",
    responses: { 200: json("The switch as pulled, with the list's new version.") },
  },
  "DELETE /v1/admin/kill-switches/:scope/:id": {
    ...admin,
    operationId: "releaseKillSwitch",
    summary: "Releases a kill switch; releasing one not pulled is not an error.",
    pathParameters: { scope: "all, provider, target, model, tenant or key.", id: "What the switch names; '_' for scope 'all'." },
    responses: { 200: json("Whether a switch was released, with the list's new version.") },
  },
  "GET /v1/admin/config": {
    ...admin,
    operationId: "getConfig",
    summary: "The base config, and the admin override with its version (also the ETag), actor, time and whether it is in force.",
    responses: { 200: json("The base config and the override.") },
  },
  "PUT /v1/admin/config/overrides": {
    ...admin,
    operationId: "putConfigOverride",
    summary: "Replaces the override of targets and models, validated over the base config; with If-Match, refused (412) when it changed since that version.",
    requestBody: "ConfigOverride",
    headers: [{ name: "if-match", description: "The override version the change is based on, as GET returned it.", schema: { type: "string" } }],
    responses: { 200: json("The stored override and its new version.") },
  },
  "DELETE /v1/admin/config/overrides": {
    ...admin,
    operationId: "deleteConfigOverride",
    summary: "Returns to the base config; with no override in force nothing changes. Takes If-Match as PUT does.",
    headers: [{ name: "if-match", description: "The override version the change is based on, as GET returned it.", schema: { type: "string" } }],
    responses: { 200: json("Whether an override was deleted, and the version.") },
  },
  "POST /v1/admin/keys": {
    ...admin,
    operationId: "createKey",
    summary: "Mints an API key; the answer is the only place the key ever appears.",
    requestBody: "CreateKeyRequest",
    responses: { 201: json("The key's settings and the key itself.") },
  },
  "GET /v1/admin/keys": {
    ...admin,
    operationId: "listKeys",
    summary: "A tenant's keys, revoked ones included, without secrets.",
    query: "KeyListQuery",
    responses: { 200: json("The keys.") },
  },
  "PATCH /v1/admin/keys/:keyId": {
    ...admin,
    operationId: "updateKey",
    summary: "Changes a key's settings in place: named fields are replaced, null clears one. Tenant and role never change.",
    pathParameters: { keyId: "The id of the key to change." },
    requestBody: "UpdateKeyRequest",
    responses: { 200: json("The key's settings as stored.") },
  },
  "POST /v1/admin/keys/:keyId/rotate": {
    ...admin,
    operationId: "rotateKey",
    summary: "A new key with the same settings, and the old one revoked at the end of the grace period.",
    pathParameters: { keyId: "The id of the key to rotate." },
    requestBody: "RotateKeyRequest",
    requestBodyOptional: true,
    responses: { 201: json("The new key (shown once) and the previous key's settings.") },
  },
  "DELETE /v1/admin/keys/:keyId": {
    ...admin,
    operationId: "revokeKey",
    summary: "Revokes a key now (in effect within the key cache's TTL).",
    pathParameters: { keyId: "The id of the key to revoke." },
    responses: { 200: json("The revoked key's settings.") },
  },
  "GET /v1/admin/tenants": {
    ...admin,
    operationId: "listTenants",
    summary: "Every tenant with keys, a stored policy or a policy in the config.",
    responses: { 200: json("The tenants.") },
  },
  "GET /v1/admin/tenants/:id/policy": {
    ...admin,
    operationId: "getTenantPolicy",
    summary: "The tenant's policy in force and its version (also the ETag).",
    pathParameters: tenantId,
    responses: { 200: json("The policy and its version.") },
  },
  "PUT /v1/admin/tenants/:id/policy": {
    ...admin,
    operationId: "putTenantPolicy",
    summary: "Validates and stores the tenant's whole policy; with If-Match, refused (412) when it changed since that version.",
    pathParameters: tenantId,
    requestBody: "TenantPolicy",
    headers: [{ name: "if-match", description: "The version the change is based on, as GET returned it.", schema: { type: "string" } }],
    responses: { 200: json("The stored policy and its new version.") },
  },
  "DELETE /v1/admin/tenants/:id/policy": {
    ...admin,
    operationId: "deleteTenantPolicy",
    summary: "Removes the policy set through the API, so the config's entry (or none) applies again; If-Match as for PUT.",
    pathParameters: tenantId,
    headers: [{ name: "if-match", description: "The version the change is based on, as GET returned it.", schema: { type: "string" } }],
    responses: { 200: json("The policy now in force (the config's, or null) and its version.") },
  },
  "GET /v1/admin/health": {
    ...admin,
    operationId: "getAdminHealth",
    summary: "Every routed target's kill switch, circuit and latency scores as the state objects hold them now, per provider and overall; a filter naming no routed provider or target is a 404.",
    query: "AdminHealthQuery",
    responses: { 200: json("The health of the targets the filters keep.") },
  },
};
