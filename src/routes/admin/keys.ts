import type { Context } from "hono";
import { GatewayError } from "../../errors/gateway-error";
import { createKey, revokeKey, rotateKey, updateKey } from "../../governance/key-lifecycle";
import type { AppEnv } from "../../http/context";
import { readRequest } from "../../http/read-request";
import { createKeyRequestSchema, rotateKeyRequestSchema, tenantIdSchema, updateKeyRequestSchema } from "../../schemas/admin";
import { listTenantKeys } from "../../state/key-admin-store";
import { logAdminChange } from "./admin-change";
import { keyView } from "./key-view";

/** `POST /v1/admin/keys`: mints a key; the answer is the only place the key ever appears. */
export async function createKeyRoute(c: Context<AppEnv>): Promise<Response> {
  const settings = await readRequest(c, createKeyRequestSchema);
  const minted = await createKey(c.env.KEYS, settings, new Date());
  logAdminChange(c, "key.create", { keyId: minted.record.keyId, tenantId: minted.record.tenantId, role: minted.record.role });
  return c.json({ ...keyView(minted.record), key: minted.key }, 201);
}

/** `GET /v1/admin/keys?tenant=<id>`: a tenant's keys, revoked ones included, without secrets. */
export async function listKeysRoute(c: Context<AppEnv>): Promise<Response> {
  const tenant = tenantIdSchema.safeParse(c.req.query("tenant"));
  if (!tenant.success) {
    throw new GatewayError({ kind: "invalid_request", message: "Name the tenant whose keys to list: ?tenant=<id>.", param: "tenant" });
  }
  const now = Date.now();
  const records = await listTenantKeys(c.env.KEYS, tenant.data);
  return c.json({ object: "list", tenantId: tenant.data, data: records.map((record) => keyView(record, now)) });
}

/**
 * `POST /v1/admin/keys/{keyId}/rotate` with an optional `{ "graceSeconds": n }`: a new key with the same
 * settings (shown once), and the old one revoked at the end of the grace period.
 */
export async function rotateKeyRoute(c: Context<AppEnv>): Promise<Response> {
  const keyId = c.req.param("keyId") ?? "";
  const { graceSeconds } = hasBody(c.req.raw) ? await readRequest(c, rotateKeyRequestSchema) : rotateKeyRequestSchema.parse({});
  const { minted, previous } = await rotateKey(c.env.KEYS, keyId, graceSeconds * 1000, new Date());
  logAdminChange(c, "key.rotate", { keyId, newKeyId: minted.record.keyId, tenantId: previous.tenantId, revokedAt: previous.revokedAt ?? null });
  return c.json({ ...keyView(minted.record), key: minted.key, previous: keyView(previous) }, 201);
}

/**
 * `PATCH /v1/admin/keys/{keyId}`: changes a key's settings (name, limits, access, jurisdiction, data
 * policies, provider override) in place; the key itself stays the same. In effect within the key cache TTL.
 */
export async function updateKeyRoute(c: Context<AppEnv>): Promise<Response> {
  const keyId = c.req.param("keyId") ?? "";
  const update = await readRequest(c, updateKeyRequestSchema);
  const record = await updateKey(c.env.KEYS, keyId, update, new Date());
  logAdminChange(c, "key.update", { keyId, tenantId: record.tenantId, fields: Object.keys(update).sort().join(",") });
  return c.json(keyView(record));
}

/** `DELETE /v1/admin/keys/{keyId}`: revokes the key now (in effect within the key cache TTL). */
export async function revokeKeyRoute(c: Context<AppEnv>): Promise<Response> {
  const keyId = c.req.param("keyId") ?? "";
  const record = await revokeKey(c.env.KEYS, keyId, new Date());
  logAdminChange(c, "key.revoke", { keyId, tenantId: record.tenantId, revokedAt: record.revokedAt ?? null });
  return c.json(keyView(record));
}

/** `curl -X POST` without `-d` sends an empty body: that, like no body, means the defaults. */
function hasBody(request: Request): boolean {
  return request.body !== null && request.headers.get("content-length") !== "0";
}
