import type { WorkerEnv } from "../../env";
import type { ClearedKillSwitch, Control, ControlSnapshot, KillSwitchInput, OverrideChange } from "../../state/control";
import { controlObjectName } from "../../state/control";
import { noStoredOverride } from "../../config/stored-override";
import { ControlCache, type ControlCacheOptions, type KeepAlive } from "./control-cache";
import { type KillSwitchList, type KillSwitchScope, noKillSwitches } from "./switch";

/** What an isolate serves before it could ever read the Control object: no switch, no override. */
export const emptyControlSnapshot: ControlSnapshot = { ...noKillSwitches, override: noStoredOverride };

/** A cache of the Control object's snapshot: no switch and no override until a first read succeeds. */
export function newControlStateCache(options: ControlCacheOptions = {}): ControlCache<ControlSnapshot> {
  return new ControlCache<ControlSnapshot>({ ...options, fallback: emptyControlSnapshot, unreadableEvent: "kill_switches_unreadable" });
}

/**
 * This isolate's copy of the Control object (switches and config override, one read for both),
 * shared by all its requests.
 */
export const isolateControlState = newControlStateCache();

function controlObject(namespace: DurableObjectNamespace<Control>): DurableObjectStub<Control> {
  return namespace.get(namespace.idFromName(controlObjectName));
}

/**
 * The switches and override in force for a request, through the isolate's cache; empty when no Control
 * object is bound. Read once per request (`withConfig` keeps it on the context as `controlState`).
 */
export function controlStateInForce(env: WorkerEnv, ttlMs: number, keepAlive: KeepAlive): Promise<ControlSnapshot> {
  const namespace = env.CONTROL;
  if (!namespace) return Promise.resolve(emptyControlSnapshot);
  return isolateControlState.current(() => controlObject(namespace).snapshot(), ttlMs, keepAlive);
}

/** The state as the Control object holds it now (the admin API reads past the cache). */
export async function readControlState(namespace: DurableObjectNamespace<Control>, ttlMs: number): Promise<ControlSnapshot> {
  const snapshot = await controlObject(namespace).snapshot();
  isolateControlState.adopt(snapshot, ttlMs);
  return snapshot;
}

export async function readKillSwitches(namespace: DurableObjectNamespace<Control>, ttlMs: number): Promise<KillSwitchList> {
  return readControlState(namespace, ttlMs);
}

export async function pullKillSwitch(namespace: DurableObjectNamespace<Control>, input: KillSwitchInput, ttlMs: number): Promise<KillSwitchList> {
  const snapshot = await controlObject(namespace).set(input);
  isolateControlState.adopt(snapshot, ttlMs);
  return snapshot;
}

export async function releaseKillSwitch(
  namespace: DurableObjectNamespace<Control>,
  scope: KillSwitchScope,
  id: string | null,
  actor: string,
  ttlMs: number,
): Promise<ClearedKillSwitch> {
  const result = await controlObject(namespace).clear(scope, id, actor);
  isolateControlState.adopt({ version: result.version, switches: result.switches, override: result.override }, ttlMs);
  return result;
}

/** Stores a validated override document (JSON text); this isolate applies it at once. */
export async function putConfigOverride(namespace: DurableObjectNamespace<Control>, document: string, actor: string, ifMatch: string | null, ttlMs: number): Promise<OverrideChange> {
  const change = await controlObject(namespace).putOverride(document, actor, ifMatch);
  if (change.ok) isolateControlState.adopt(change.snapshot, ttlMs);
  return change;
}

/** Returns to the base config; this isolate applies it at once. */
export async function deleteConfigOverride(namespace: DurableObjectNamespace<Control>, actor: string, ifMatch: string | null, ttlMs: number): Promise<OverrideChange> {
  const change = await controlObject(namespace).deleteOverride(actor, ifMatch);
  if (change.ok) isolateControlState.adopt(change.snapshot, ttlMs);
  return change;
}
