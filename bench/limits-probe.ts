import { Agent, request } from "node:http";
import type { LimitVariant } from "./limits-rig";
import { cpuMicros } from "./proc-stats";
import { quantile } from "./stats";
import { requestBody, requestHeaders, type Target } from "./targets";

/** What a batch of probe requests against one variant saw, outside the timed runs. */
export interface LimitsProbe {
  readonly requests: number;
  readonly connections: number;
  /** Answers other than 200: any invalidates the run. */
  readonly non200: number;
  /** Answers with a `limits` phase in `Server-Timing`, and its median and p90 (ms). */
  readonly withPhase: number;
  readonly phaseP50Ms: number;
  /** Mean of the phase: workerd's clock moves in whole ms, so the median is coarse. */
  readonly phaseMeanMs: number;
  /** Client-observed latency, request start to the end of the body, at µs resolution (ms). */
  readonly latencyP50Ms: number;
  /** workerd CPU (the Worker and, in Miniflare, the Durable Object) per probe request. */
  readonly cpuUsPerRequest: number;
  /** Answers with `ratelimit-policy`, and one of its values. */
  readonly withPolicy: number;
  readonly policySample: string | null;
}

interface Sample {
  readonly status: number;
  readonly phaseMs: number | null;
  readonly latencyMs: number;
  readonly policy: string | null;
}

/**
 * `requests` plain chat calls on `connections` kept-alive connections (each a sequential loop), from
 * this process: slower than autocannon, but it sees every header, so it can read the `limits` phase.
 */
export async function probeLimits(target: Target, requests: number, connections: number): Promise<LimitsProbe> {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const body = requestBody(target, "plain");
  const headers = { ...requestHeaders(target), "content-length": String(Buffer.byteLength(body)) };
  const samples: Sample[] = [];
  let next = 0;
  const cpuBefore = cpuMicros(target.pids);
  const loop = async (): Promise<void> => {
    while (next < requests) {
      next++;
      samples.push(await oneRequest(target.url, headers, body, agent));
    }
  };
  try {
    await Promise.all(Array.from({ length: connections }, loop));
  } finally {
    agent.destroy();
  }
  const cpuUs = cpuMicros(target.pids) - cpuBefore;
  const phases = samples.flatMap((s) => (s.phaseMs === null ? [] : [s.phaseMs])).sort((a, b) => a - b);
  const latencies = samples.map((s) => s.latencyMs).sort((a, b) => a - b);
  const policies = samples.flatMap((s) => (s.policy === null ? [] : [s.policy]));
  return {
    requests: samples.length,
    connections,
    non200: samples.filter((s) => s.status !== 200).length,
    withPhase: phases.length,
    phaseP50Ms: quantile(phases, 0.5),
    phaseMeanMs: phases.length === 0 ? Number.NaN : phases.reduce((sum, v) => sum + v, 0) / phases.length,
    latencyP50Ms: quantile(latencies, 0.5),
    cpuUsPerRequest: cpuUs / samples.length,
    withPolicy: policies.length,
    policySample: policies[0] ?? null,
  };
}

/** The `limits` entry of a `Server-Timing` header (`limits;desc="...";dur=1.2`), in ms. */
export function limitsPhaseMs(serverTiming: string | null): number | null {
  const entry = (serverTiming ?? "").split(",").map((part) => part.trim()).find((part) => part.startsWith("limits;"));
  const dur = entry === undefined ? undefined : /;dur=([\d.]+)/.exec(entry)?.[1];
  return dur === undefined ? null : Number(dur);
}

/**
 * Why a variant's probe does not show what the variant is meant to exercise, or null when it does:
 * every answer 200; `off` with no limiter call (no `limits` phase, no `ratelimit-policy`); the
 * limited variants with both on every answer, `tenant+key` naming the key's limits too.
 */
export function probeProblem(variant: LimitVariant, probe: LimitsProbe): string | null {
  const where = `${variant} (${probe.requests} probe requests at c${probe.connections})`;
  if (probe.non200 > 0) return `${where}: ${probe.non200} answers were not 200`;
  if (variant === "off") {
    return probe.withPhase > 0 || probe.withPolicy > 0
      ? `${where}: ${probe.withPhase} answers had a limits phase and ${probe.withPolicy} a ratelimit-policy, but the tenant has no limits`
      : null;
  }
  if (probe.withPhase !== probe.requests || probe.withPolicy !== probe.requests) {
    return `${where}: only ${probe.withPhase} answers had a limits phase and ${probe.withPolicy} a ratelimit-policy`;
  }
  const sample = probe.policySample ?? "";
  if (!sample.includes('"tenant-requests"')) return `${where}: ratelimit-policy lacks the tenant's limits: ${sample}`;
  if (sample.includes('"key-requests"') !== (variant === "tenant+key")) return `${where}: unexpected key limits in ratelimit-policy: ${sample}`;
  return null;
}

function oneRequest(url: string, headers: Record<string, string>, body: string, agent: Agent): Promise<Sample> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const req = request(url, { method: "POST", agent, headers }, (res) => {
      res.on("data", () => undefined);
      res.on("end", () => {
        const policy = res.headers["ratelimit-policy"];
        const timing = res.headers["server-timing"];
        resolve({
          status: res.statusCode ?? 0,
          phaseMs: limitsPhaseMs(typeof timing === "string" ? timing : null),
          latencyMs: Number(process.hrtime.bigint() - started) / 1e6,
          policy: typeof policy === "string" ? policy : null,
        });
      });
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}
