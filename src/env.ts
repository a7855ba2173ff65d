/** The Worker's bindings: generated `Env` plus variables that are optional by design. */
export type WorkerEnv = Omit<Env, "METRICS" | "REGION_HEALTH" | "RATE_LIMITER" | "SESSIONS" | "AUDIT_LOG" | "AUDIT_BUCKET" | "CONTROL"> & {
  /** A whole gateway config as JSON, overriding the bundled one (`npm start` and tests set it). */
  readonly SWITCHBOARD_CONFIG?: string;
  /** The bootstrap admin credential, a secret (`wrangler secret put ADMIN_BOOTSTRAP_KEY`); ignored under 32 characters (docs/admin-api.md). */
  readonly ADMIN_BOOTSTRAP_KEY?: string;
  /** Workers Analytics Engine; optional, a deployment may remove the binding. */
  readonly METRICS?: AnalyticsEngineDataset;
  /** Shares latency scores and circuits between isolates; without it each isolate learns on its own. */
  readonly REGION_HEALTH?: Env["REGION_HEALTH"];
  /** Rate limits and budgets; when absent, a limited tenant's fail mode decides (docs/limits.md). */
  readonly RATE_LIMITER?: DurableObjectNamespace<import("./state/rate-limiter").RateLimiter>;
  /** The audit trail's objects and bucket (docs/audit.md); without them, records are logged as lost. */
  readonly AUDIT_LOG?: DurableObjectNamespace<import("./state/audit-log").AuditLog>;
  readonly AUDIT_BUCKET?: R2Bucket;
  /** Sessions (`x-session-id`); when absent, requests that name a session are refused (docs/sessions.md). */
  readonly SESSIONS?: DurableObjectNamespace<import("./state/session").Session>;
  /** Kill switches (docs/kill-switches.md); without it no switch can be pulled and none applies. */
  readonly CONTROL?: DurableObjectNamespace<import("./state/control").Control>;
  /** Workers AI; optional, and only needed by `workers-ai` providers. */
  readonly AI?: WorkersAIBinding;
};

/** The part of the Workers AI binding the gateway uses; model names are configuration, not types. */
export interface WorkersAIBinding {
  run(model: string, inputs: Readonly<Record<string, unknown>>): Promise<unknown>;
}

/** Reads a secret or variable named in the config; provider keys are secrets, so names vary. */
export function readSecret(env: WorkerEnv, name: string): string | null {
  const value: unknown = Reflect.get(env, name);
  return typeof value === "string" && value !== "" ? value : null;
}
