import * as z from "zod/mini";

/** What a kill switch can disable: everything, or one provider, target, public model, tenant or key. */
export const killSwitchScopes = ["all", "provider", "target", "model", "tenant", "key"] as const;
export type KillSwitchScope = (typeof killSwitchScopes)[number];

/** One pulled switch, as the Control object stores it. */
export interface KillSwitch {
  readonly scope: KillSwitchScope;
  /** What it disables; null for `all`. */
  readonly id: string | null;
  readonly reason: string;
  /** The key id of the admin who pulled it. */
  readonly actor: string;
  /** ISO 8601 UTC. */
  readonly createdAt: string;
}

/** The Control object's switches and the version they are at (it changes on every change). */
export interface KillSwitchList {
  readonly version: number;
  readonly switches: readonly KillSwitch[];
}

export const noKillSwitches: KillSwitchList = { version: 0, switches: [] };

/** What the audit record and the request record keep of the switch that acted on a request. */
export interface KillSwitchFact {
  readonly scope: KillSwitchScope;
  readonly id: string | null;
  readonly reason: string;
}

export function killSwitchFact(pulled: KillSwitchFact): KillSwitchFact {
  return { scope: pulled.scope, id: pulled.id, reason: pulled.reason };
}

/** `x-switchboard-kill-switch`: `all`, or `<scope>=<id>`. */
export function killSwitchLabel(pulled: KillSwitchFact): string {
  return pulled.id === null ? pulled.scope : `${pulled.scope}=${pulled.id}`;
}

/** The id in a path, where `all` (which has none) is written `_`. */
export const noIdPlaceholder = "_";

const switchId = z.string().check(z.minLength(1), z.maxLength(200), z.regex(/^[^\s/]+$/, "must be a name without spaces or '/'"));

/** `PUT /v1/admin/kill-switches`: `id` is required except for `all`, which takes none (or null). */
export const killSwitchRequestSchema = z
  .object({
    scope: z.enum(killSwitchScopes),
    id: z.optional(z.nullable(switchId)),
    reason: z.string().check(z.trim(), z.minLength(1, "must say why"), z.maxLength(500)),
  })
  .check(
    z.superRefine((body, ctx) => {
      const hasId = body.id !== undefined && body.id !== null;
      if (body.scope === "all" && hasId) ctx.addIssue({ code: "custom", path: ["id"], message: "must be null or absent for scope 'all'", input: body.id });
      if (body.scope !== "all" && !hasId) ctx.addIssue({ code: "custom", path: ["id"], message: `names the ${body.scope} to disable`, input: body.id });
    }),
  );

export const killSwitchScopeSchema = z.enum(killSwitchScopes);
