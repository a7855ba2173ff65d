import type { Context } from "hono";
import { withOverride } from "../../config/apply-override";
import { effectiveConfig } from "../../config/effective-config";
import { type BaseConfig, loadBaseConfig } from "../../config/load-config";
import { configOverrideSchema } from "../../config/override-schema";
import { validateConfig } from "../../config/validate";
import { GatewayError } from "../../errors/gateway-error";
import { deleteConfigOverride, putConfigOverride, readControlState } from "../../governance/kill-switches/control-store";
import type { AppEnv } from "../../http/context";
import { readRequest } from "../../http/read-request";
import type { OverrideChange } from "../../state/control";
import type { StoredOverride } from "../../config/stored-override";
import { logAdminChange } from "./admin-change";
import { controlCacheTtlMs, controlNamespace } from "./control-binding";
import { ifMatchVersion } from "../../http/if-match";



/** `GET /v1/admin/config`: the base config, and the override read from the Control object itself (not the cache) with whether it is in force. */
export async function getConfigRoute(c: Context<AppEnv>): Promise<Response> {
  const base = loadBaseConfig(c.env);
  const { override } = await readControlState(controlNamespace(c), controlCacheTtlMs(c));
  return answer(c, { object: "config", base: { source: base.source, config: base.validated }, override: overrideObject(base, override) }, override.version);
}

/**
 * `PUT /v1/admin/config/overrides`: replaces the override. The body is validated by itself, then merged
 * into the base and validated as a whole by the config's own validator; refused (400) it changes
 * nothing. With `If-Match: <version>`, refused (412) when the override changed since that version.
 */
export async function putConfigOverrideRoute(c: Context<AppEnv>): Promise<Response> {
  const namespace = controlNamespace(c);
  const document = await readRequest(c, configOverrideSchema);
  const base = loadBaseConfig(c.env);
  const validation = validateConfig(withOverride(base.input, document));
  if (!validation.ok) {
    const param = validation.issues[0]?.field ?? "";
    throw new GatewayError({ kind: "invalid_request", message: `The override does not validate over the base config: ${validation.problems.join("; ")}`, param: param === "" ? null : param });
  }
  const ifMatch = ifMatchVersion(c.req.header("if-match"));
  const change = mustMatch(await putConfigOverride(namespace, JSON.stringify(document), c.var.principal.keyId, ifMatch, controlCacheTtlMs(c)), ifMatch);
  const { override } = change.snapshot;
  logAdminChange(c, "config.override.put", { previousVersion: change.previousVersion, version: override.version });
  return answer(c, overrideObject(base, override), override.version);
}

/** `DELETE /v1/admin/config/overrides`: back to the base config; with no override in force it changes nothing. Takes `If-Match` as `PUT` does. */
export async function deleteConfigOverrideRoute(c: Context<AppEnv>): Promise<Response> {
  const namespace = controlNamespace(c);
  const base = loadBaseConfig(c.env);
  const ifMatch = ifMatchVersion(c.req.header("if-match"));
  const change = mustMatch(await deleteConfigOverride(namespace, c.var.principal.keyId, ifMatch, controlCacheTtlMs(c)), ifMatch);
  const { override } = change.snapshot;
  if (change.changed) logAdminChange(c, "config.override.delete", { previousVersion: change.previousVersion, version: override.version });
  return answer(c, { ...overrideObject(base, override), deleted: change.changed }, override.version);
}

function mustMatch(change: OverrideChange, ifMatch: string | null): Extract<OverrideChange, { ok: true }> {
  if (change.ok) return change;
  throw new GatewayError({ kind: "version_mismatch", expected: ifMatch ?? "", current: String(change.currentVersion) });
}

/** The override and whether it is in force over this isolate's base; `problems` say why not. */
function overrideObject(base: BaseConfig, override: StoredOverride): Record<string, unknown> {
  const { status } = effectiveConfig(base, override);
  return {
    object: "config_override",
    version: override.version,
    document: override.document === null ? null : JSON.parse(override.document),
    actor: override.actor,
    updatedAt: override.updatedAt,
    applied: status.state === "applied",
    problems: status.state === "not_applied" ? status.problems : [],
  };
}

function answer(c: Context<AppEnv>, body: Record<string, unknown>, version: number): Response {
  c.header("etag", `"${version}"`);
  return c.json(body);
}

