import type { Context } from "hono";
import { GatewayError } from "../../errors/gateway-error";
import { pullKillSwitch, readKillSwitches, releaseKillSwitch } from "../../governance/kill-switches/control-store";
import { type KillSwitch, killSwitchFact, type KillSwitchList, killSwitchScopeSchema, killSwitchRequestSchema, noIdPlaceholder } from "../../governance/kill-switches/switch";
import type { AppEnv } from "../../http/context";
import { jsonAnswer } from "../../http/json-answer";
import { readRequest } from "../../http/read-request";
import { controlCacheTtlMs, controlNamespace } from "./control-binding";



function switchObject(pulled: KillSwitch): Record<string, unknown> {
  return { object: "kill_switch", scope: pulled.scope, id: pulled.id, reason: pulled.reason, actor: pulled.actor, created_at: pulled.createdAt };
}

function listBody(list: KillSwitchList): string {
  return JSON.stringify({ object: "list", version: list.version, data: list.switches.map(switchObject) });
}

/** `GET /v1/admin/kill-switches`: the switches pulled now, read from the Control object itself (not the cache). */
export async function listKillSwitches(c: Context<AppEnv>): Promise<Response> {
  return jsonAnswer(c.var.record, listBody(await readKillSwitches(controlNamespace(c), controlCacheTtlMs(c))));
}

/** `PUT /v1/admin/kill-switches` `{scope, id, reason}`: pulls a switch (or restates the reason of one pulled). */
export async function putKillSwitch(c: Context<AppEnv>): Promise<Response> {
  const namespace = controlNamespace(c);
  const body = await readRequest(c, killSwitchRequestSchema);
  const actor = c.var.principal.keyId;
  const input = { scope: body.scope, id: body.id ?? null, reason: body.reason, actor };
  c.var.record.killSwitch = killSwitchFact(input);
  const list = await pullKillSwitch(namespace, input, controlCacheTtlMs(c));
  c.var.record.adminChange = { action: "kill_switch.pull", target: { scope: input.scope, id: input.id, version: list.version } };
  console.log(JSON.stringify({ level: "info", event: "kill_switch_set", requestId: c.var.requestId, ...input, version: list.version }));
  const pulled = list.switches.find((candidate) => candidate.scope === input.scope && candidate.id === input.id);
  return jsonAnswer(c.var.record, JSON.stringify({ ...(pulled ? switchObject(pulled) : {}), version: list.version }));
}

/** `DELETE /v1/admin/kill-switches/:scope/:id` (`id` is `_` for `all`): releases a switch; releasing one not pulled is not an error. */
export async function deleteKillSwitch(c: Context<AppEnv>): Promise<Response> {
  const namespace = controlNamespace(c);
  const { scope, id } = switchInPath(c.req.param("scope") ?? "", c.req.param("id") ?? "");
  const actor = c.var.principal.keyId;
  const result = await releaseKillSwitch(namespace, scope, id, actor, controlCacheTtlMs(c));
  const cleared = result.cleared !== null;
  if (result.cleared) {
    c.var.record.killSwitch = killSwitchFact(result.cleared);
    c.var.record.adminChange = { action: "kill_switch.release", target: { scope, id, version: result.version } };
  }
  console.log(JSON.stringify({ level: "info", event: "kill_switch_cleared", requestId: c.var.requestId, scope, id, actor, cleared, version: result.version }));
  return jsonAnswer(c.var.record, JSON.stringify({ object: "kill_switch", scope, id, deleted: cleared, version: result.version }));
}

function switchInPath(scopeText: string, idText: string): { scope: KillSwitch["scope"]; id: string | null } {
  const scope = killSwitchScopeSchema.safeParse(scopeText);
  if (!scope.success) {
    throw new GatewayError({ kind: "invalid_request", message: `Unknown kill switch scope '${scopeText}'.`, param: "scope" });
  }
  const id = idText === noIdPlaceholder ? null : idText;
  if ((scope.data === "all") !== (id === null)) {
    const message = scope.data === "all" ? `The scope 'all' has no id: use '${noIdPlaceholder}'.` : `Name the ${scope.data} to release, not '${noIdPlaceholder}'.`;
    throw new GatewayError({ kind: "invalid_request", message, param: "id" });
  }
  return { scope: scope.data, id };
}
