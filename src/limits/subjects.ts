import type { FailMode, Limits, TenantPolicy } from "../schemas/limits";
import type { SubjectLimits, SubjectScope } from "./contract";

/** Which limiter object a request talks to, what it counts against there, and what to do when it is unreachable. */
export interface LimitPlan {
  /** The object's name: `tenant:<id>` when the tenant has limits, else `key:<keyId>`. */
  readonly anchor: string;
  readonly subjects: readonly SubjectLimits[];
  readonly failMode: FailMode;
}

function hasAny(limits: Limits | undefined): boolean {
  return (
    limits !== undefined &&
    Object.entries(limits).some(([name, value]) => (name === "models" ? Object.keys(value ?? {}).length > 0 : value !== undefined))
  );
}

const limitFields = ["requestsPerMinute", "tokensPerMinute", "concurrentRequests", "spendPerDay", "spendPerMonth"] as const;

function subjectOf(subject: string, scope: SubjectScope, limits: Limits): SubjectLimits {
  const defined: { -readonly [F in (typeof limitFields)[number]]?: number } = {};
  for (const field of limitFields) {
    const value = limits[field];
    if (value !== undefined) defined[field] = value;
  }
  return { subject, scope, ...defined };
}

function subjectsFor(base: string, scope: "tenant" | "key", limits: Limits | undefined, model: string): SubjectLimits[] {
  if (!limits) return [];
  const subjects: SubjectLimits[] = [];
  const { models, ...own } = limits;
  if (hasAny(own)) subjects.push(subjectOf(base, scope, own));
  const perModel = models?.[model];
  if (perModel && hasAny(perModel)) subjects.push(subjectOf(`${base}/model:${model}`, `${scope}-model`, perModel));
  return subjects;
}

/**
 * The limits a request counts against: its tenant's, its key's, and either's for its public model.
 * All of them live in one object, so one round trip checks and reserves them all at once (no partial
 * reservation to undo when one refuses). The object is the tenant's when the tenant has limits of its own,
 * else the key's, so a key's counters stay in one place whichever model it calls. Null when nothing
 * limits the request: then no object is called at all.
 */
export function limitPlan(
  identity: { readonly tenantId: string; readonly keyId: string; readonly keyLimits: Limits | undefined },
  tenantPolicy: Pick<TenantPolicy, "limits" | "failMode"> | null,
  model: string,
): LimitPlan | null {
  const tenantBase = `tenant:${identity.tenantId}`;
  const keyBase = `key:${identity.keyId}`;
  const subjects = [
    ...subjectsFor(tenantBase, "tenant", tenantPolicy?.limits, model),
    ...subjectsFor(keyBase, "key", identity.keyLimits, model),
  ];
  if (subjects.length === 0) return null;
  return { anchor: hasAny(tenantPolicy?.limits) ? tenantBase : keyBase, subjects, failMode: tenantPolicy?.failMode ?? "closed" };
}
