import type { WorkerEnv } from "../env";

/** Sends one batch; it must not throw (a failure is handled and reported inside). */
export type BatchSender<T> = (env: WorkerEnv, key: string, items: readonly T[], ownerRequestId: string) => Promise<void>;

/**
 * Items this isolate has to send to the same Durable Object, gathered for up to `delayMs` so that
 * under load one call carries many. The first item for a key opens the batch and its request keeps
 * itself alive (`waitUntil`) until the batch is sent; items that join within the delay ride along. No
 * request waits on another's promise: each batch belongs to the request that opened it.
 */
export class IsolateBatches<T> {
  private readonly pending = new Map<string, T[]>();

  constructor(
    private readonly delayMs: number,
    private readonly send: BatchSender<T>,
  ) {}

  /** Queues an item; returns the send to wait for when this call opened a batch, else null. */
  add(env: WorkerEnv, key: string, item: T, requestId: string): Promise<void> | null {
    const queued = this.pending.get(key);
    if (queued) {
      queued.push(item);
      return null;
    }
    const batch = [item];
    this.pending.set(key, batch);
    return new Promise<void>((resolve) => setTimeout(resolve, this.delayMs)).then(() => {
      if (this.pending.get(key) === batch) this.pending.delete(key);
      return this.send(env, key, batch, requestId);
    });
  }
}
