import { runLoad } from "./load-generator";
import { HarnessError } from "./measure-run";
import { requestBody, requestHeaders, type Target } from "./targets";

/** A warm-up load that was sent: to whom, when, and how many requests it made. */
export interface WarmUpLoad<L extends string> {
  readonly label: L;
  readonly startedAt: number;
  readonly endedAt: number;
  readonly requests: number;
}

/**
 * Discarded load on each target, plain calls then streams, 16 connections for `seconds` each: JIT,
 * caches, connection pools, Durable Objects' first start. A non-2xx answer or an error stops the run.
 */
export async function warmUp<L extends string>(root: string, targets: Readonly<Record<L, Target>>, labels: readonly L[], seconds: number): Promise<WarmUpLoad<L>[]> {
  const loads: WarmUpLoad<L>[] = [];
  for (const label of labels) {
    for (const mode of ["plain", "stream"] as const) {
      const target = targets[label];
      const startedAt = Date.now();
      const load = await runLoad(root, {
        url: target.url,
        headers: requestHeaders(target),
        body: requestBody(target, mode),
        connections: 16,
        durationSeconds: seconds,
      });
      if (load.non2xx > 0 || load.errors > 0 || load.requests === 0) {
        throw new HarnessError(`warm-up of ${label} (${mode}): ${load.non2xx} non-2xx and ${load.errors} errors out of ${load.requests}`);
      }
      loads.push({ label, startedAt, endedAt: Date.now(), requests: load.requests });
    }
  }
  return loads;
}
