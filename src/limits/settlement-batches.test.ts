import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { WorkerEnv } from "../env";
import { settlementBatches } from "./settlement-batches";

describe("settlement batches", () => {
  it("sends the settlements that meet within the delay in one call, which the first one's request waits for", async () => {
    const namespace = (env as WorkerEnv).RATE_LIMITER;
    if (!namespace) throw new Error("RATE_LIMITER is not bound");
    const anchor = `batch-${crypto.randomUUID()}`;
    const stub = namespace.get(namespace.idFromName(anchor));
    const subjects = [{ subject: "tenant:b", scope: "tenant" as const, concurrentRequests: 3 }];
    for (const id of ["a", "b", "c"]) {
      const admitted = await stub.admit({ reservationId: id, tokens: 10, cost: 0, ttlMs: 60_000, subjects });
      expect(admitted.admitted).toBe(true);
    }
    const batches = settlementBatches(30);
    const settlement = (id: string) => ({ reservationId: id, tokens: 1, cost: 0, admittedAt: Date.now(), subjects: ["tenant:b"] });
    const first = batches.add(env as WorkerEnv, anchor, settlement("a"), "req-a");
    expect(first).not.toBeNull();
    expect(batches.add(env as WorkerEnv, anchor, settlement("b"), "req-b")).toBeNull();
    expect(batches.add(env as WorkerEnv, anchor, settlement("c"), "req-c")).toBeNull();
    await first;
    const rows = await runInDurableObject(stub, (_instance, state) => state.storage.sql.exec("SELECT id, tokens, state FROM reservations ORDER BY id").toArray());
    expect(rows).toEqual([
      { id: "a", tokens: 1, state: 1 },
      { id: "b", tokens: 1, state: 1 },
      { id: "c", tokens: 1, state: 1 },
    ]);
    // A settlement after the flush opens the next batch.
    expect(batches.add(env as WorkerEnv, anchor, settlement("d"), "req-d")).not.toBeNull();
  });
});
