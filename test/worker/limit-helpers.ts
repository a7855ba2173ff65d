import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { type Limits, type TenantPolicy, tenantPolicySchema } from "../../src/schemas/limits";
import { tenantPolicyKey } from "../../src/state/tenant-policy-key";
import { mintKey, postJson } from "./helpers";

/** A fresh tenant with its policy written to the real local KV, and an `app` key for it. */
export async function limitedTenant(
  limits: Limits,
  options: { failMode?: TenantPolicy["failMode"]; keyLimits?: Limits } = {},
): Promise<{ tenantId: string; key: string; anchor: string }> {
  const tenantId = `tenant-${crypto.randomUUID().slice(0, 8)}`;
  const policy: TenantPolicy = tenantPolicySchema.parse({ limits, failMode: options.failMode ?? "closed" });
  await env.KEYS.put(tenantPolicyKey(tenantId), JSON.stringify(policy));
  const key = await mintKey({ tenantId, ...(options.keyLimits ? { limits: options.keyLimits } : {}) });
  return { tenantId, key, anchor: `tenant:${tenantId}` };
}

export function limiter(anchor: string) {
  const namespace = env.RATE_LIMITER;
  if (!namespace) throw new Error("RATE_LIMITER is not bound");
  return namespace.get(namespace.idFromName(anchor));
}

export interface ReservationRow {
  id: string;
  at: number;
  expires_at: number;
  tokens: number;
  cost: number;
  state: number;
}

/** The limiter object's reservations, read from its real SQLite storage. */
export function reservationsOf(anchor: string): Promise<ReservationRow[]> {
  return runInDurableObject(limiter(anchor), (_instance, state) =>
    state.storage.sql.exec<ReservationRow & Record<string, SqlStorageValue>>("SELECT * FROM reservations ORDER BY at").toArray(),
  );
}

export function spentOf(anchor: string, subject: string): Promise<number> {
  return runInDurableObject(limiter(anchor), (_instance, state) => {
    const row = state.storage.sql
      .exec<{ amount: number }>("SELECT amount FROM spend WHERE subject = ? AND period LIKE 'day:%'", subject)
      .toArray()[0];
    return row?.amount ?? 0;
  });
}

export function chat(key: string, content = "Say hello.", extra: Record<string, unknown> = {}, headers: Record<string, string> = {}): Promise<Response> {
  return postJson("/v1/chat/completions", key, { model: "gpt-4o-mini", messages: [{ role: "user", content }], max_tokens: 50, ...extra }, headers);
}
