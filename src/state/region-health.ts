import { DurableObject } from "cloudflare:workers";
import type { WorkerEnv } from "../env";
import type { CircuitChange } from "../routing/circuit-breaker";
import { applySample, type LatencySample, type TargetScore } from "../routing/target-score";

/** What an isolate hands over: the samples it took and the circuit changes it saw since its last sync. */
export interface HealthReport {
  readonly samples: readonly LatencySample[];
  readonly circuits: readonly CircuitChange[];
}

/** The region's merged view, which an isolate adopts in place of its own. */
export interface HealthSnapshot {
  readonly scores: Readonly<Record<string, TargetScore>>;
  readonly circuits: readonly CircuitChange[];
  /** How many reports the object has merged: isolates × sync intervals, never requests. */
  readonly reports: number;
}

/** A score nobody has refreshed for this long says little about the target now; it is forgotten. */
export const staleScoreMs = 15 * 60_000;

/**
 * The latency scores and circuits of every target as seen from one caller region (one object per
 * region, named by it), merged from the reports of every isolate serving that region. Isolates call
 * `report` at a bounded rate off the hot path (see `routing/share-health.ts`); nothing on a request's
 * way to its provider waits for this object. SQLite holds the state (reports come at a bounded rate, so
 * reading it per report is cheap), and a restarted object keeps it.
 */
export class RegionHealth extends DurableObject<WorkerEnv> {
  constructor(ctx: DurableObjectState, env: WorkerEnv) {
    super(ctx, env);
    const sql = ctx.storage.sql;
    sql.exec("CREATE TABLE IF NOT EXISTS target_scores (target TEXT PRIMARY KEY, score TEXT NOT NULL, updated_at INTEGER NOT NULL)");
    sql.exec("CREATE TABLE IF NOT EXISTS circuits (target TEXT PRIMARY KEY, open_until INTEGER NOT NULL, changed_at INTEGER NOT NULL)");
    sql.exec("CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL)");
  }

  /** Merges an isolate's report and answers with the region's view. */
  report(report: HealthReport): HealthSnapshot {
    const now = Date.now();
    const sql = this.ctx.storage.sql;
    const scores = this.scores();
    const touched = new Set<string>();
    for (const sample of report.samples) {
      scores.set(sample.target, applySample(scores.get(sample.target), sample, now));
      touched.add(sample.target);
    }
    for (const target of touched) {
      const score = scores.get(target);
      if (score) sql.exec("INSERT OR REPLACE INTO target_scores VALUES (?, ?, ?)", target, JSON.stringify(score), score.updatedAt);
    }
    for (const change of report.circuits) {
      sql.exec(
        "INSERT INTO circuits VALUES (?, ?, ?) ON CONFLICT (target) DO UPDATE SET open_until = excluded.open_until, changed_at = excluded.changed_at WHERE excluded.changed_at > circuits.changed_at",
        change.target,
        change.openUntil,
        change.changedAt,
      );
    }
    sql.exec("INSERT INTO counters VALUES ('reports', 1) ON CONFLICT (name) DO UPDATE SET value = value + 1");
    const cutoff = now - staleScoreMs;
    sql.exec("DELETE FROM target_scores WHERE updated_at < ?", cutoff);
    sql.exec("DELETE FROM circuits WHERE open_until < ? AND changed_at < ?", cutoff, cutoff);
    return this.snapshot();
  }

  snapshot(): HealthSnapshot {
    const circuits = this.ctx.storage.sql
      .exec<{ target: string; open_until: number; changed_at: number }>("SELECT target, open_until, changed_at FROM circuits")
      .toArray()
      .map((row) => ({ target: row.target, openUntil: row.open_until, changedAt: row.changed_at }));
    const reports = this.ctx.storage.sql.exec<{ value: number }>("SELECT value FROM counters WHERE name = 'reports'").toArray()[0]?.value ?? 0;
    return { scores: Object.fromEntries(this.scores()), circuits, reports };
  }

  private scores(): Map<string, TargetScore> {
    const scores = new Map<string, TargetScore>();
    for (const row of this.ctx.storage.sql.exec<{ target: string; score: string }>("SELECT target, score FROM target_scores")) {
      scores.set(row.target, JSON.parse(row.score) as TargetScore);
    }
    return scores;
  }
}
