import type { WorkerEnv } from "../../env";
import { type ClearedKillSwitch, type Control, controlObjectName, type KillSwitchInput } from "../../state/control";
import { KillSwitchCache } from "./switch-cache";
import { type KillSwitchList, type KillSwitchScope, noKillSwitches } from "./switch";

/** This isolate's copy of the switches, shared by all its requests. */
export const isolateKillSwitches = new KillSwitchCache();

function controlObject(namespace: DurableObjectNamespace<Control>): DurableObjectStub<Control> {
  return namespace.get(namespace.idFromName(controlObjectName));
}

/** The switches in force for a request, through the isolate's cache; none when no Control object is bound. */
export function killSwitchesInForce(env: WorkerEnv, ttlMs: number): Promise<KillSwitchList> {
  const namespace = env.CONTROL;
  if (!namespace) return Promise.resolve(noKillSwitches);
  return isolateKillSwitches.current(() => controlObject(namespace).list(), ttlMs);
}

/** The switches as the Control object holds them now (the admin API reads past the cache). */
export async function readKillSwitches(namespace: DurableObjectNamespace<Control>, ttlMs: number): Promise<KillSwitchList> {
  const list = await controlObject(namespace).list();
  isolateKillSwitches.adopt(list, ttlMs);
  return list;
}

export async function pullKillSwitch(namespace: DurableObjectNamespace<Control>, input: KillSwitchInput, ttlMs: number): Promise<KillSwitchList> {
  const list = await controlObject(namespace).set(input);
  isolateKillSwitches.adopt(list, ttlMs);
  return list;
}

export async function releaseKillSwitch(
  namespace: DurableObjectNamespace<Control>,
  scope: KillSwitchScope,
  id: string | null,
  actor: string,
  ttlMs: number,
): Promise<ClearedKillSwitch> {
  const result = await controlObject(namespace).clear(scope, id, actor);
  isolateKillSwitches.adopt({ version: result.version, switches: result.switches }, ttlMs);
  return result;
}
