import { applySample, type LatencySample, type TargetScore } from "./target-score";

/** Samples kept per region between two syncs; beyond it the oldest are dropped (the means already hold them). */
const maxPendingSamples = 256;

/**
 * This isolate's latency scores per caller region and target, and the samples it has taken since it
 * last shared them with the region's Durable Object. Reads and writes are in memory only.
 */
export class LatencyScores {
  private readonly regions = new Map<string, Map<string, TargetScore>>();
  private readonly pending = new Map<string, LatencySample[]>();
  private readonly lastSyncAt = new Map<string, number>();

  /** The scores seen from a caller region (empty when nothing is known yet). */
  scoresFor(region: string): ReadonlyMap<string, TargetScore> {
    return this.regions.get(region) ?? emptyScores;
  }

  /** Every caller region with its scores. */
  regionsWithScores(): Iterable<[string, ReadonlyMap<string, TargetScore>]> {
    return this.regions.entries();
  }

  record(region: string, sample: LatencySample, now: number = Date.now()): void {
    const scores = this.regionScores(region);
    scores.set(sample.target, applySample(scores.get(sample.target), sample, now));
    const queue = this.pending.get(region) ?? [];
    queue.push(sample);
    if (queue.length > maxPendingSamples) queue.splice(0, queue.length - maxPendingSamples);
    this.pending.set(region, queue);
  }

  /**
   * The samples to share for a region, when its last sync is at least `intervalMs` ago; null otherwise.
   * Taking them starts the next interval, whether or not the exchange then succeeds.
   */
  takeSamples(region: string, intervalMs: number, now: number = Date.now()): LatencySample[] | null {
    const last = this.lastSyncAt.get(region);
    if (last !== undefined && now - last < intervalMs) return null;
    this.lastSyncAt.set(region, now);
    const samples = this.pending.get(region) ?? [];
    this.pending.delete(region);
    return samples;
  }

  /**
   * Replaces the region's scores with the shared view, which holds every sample this isolate reported;
   * the samples taken while the exchange ran (still queued for the next one) are applied on top, so
   * none is forgotten in between.
   */
  adopt(region: string, shared: Readonly<Record<string, TargetScore>>, now: number = Date.now()): void {
    const scores = new Map(Object.entries(shared));
    for (const sample of this.pending.get(region) ?? []) scores.set(sample.target, applySample(scores.get(sample.target), sample, now));
    this.regions.set(region, scores);
  }

  private regionScores(region: string): Map<string, TargetScore> {
    let scores = this.regions.get(region);
    if (!scores) {
      scores = new Map();
      this.regions.set(region, scores);
    }
    return scores;
  }
}

const emptyScores: ReadonlyMap<string, TargetScore> = new Map();

/** The scores of this isolate, shared by every request it serves. */
export const isolateScores = new LatencyScores();

/** The region key for requests that carry no location (local development). */
export const unlocatedRegion = "unknown";
