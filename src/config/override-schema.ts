import * as z from "zod/mini";
import { identifier } from "./primitives";
import { modelRouteSchema, publicModelName, targetConfigSchema } from "./schema";

/**
 * Changes an admin layers over the base config (`PUT /v1/admin/config/overrides`, docs/config.md):
 * targets and model routes added or replaced by name, others removed. Each entry is validated by the
 * base config's own schemas. Providers are deliberately absent: a provider names the secret the
 * gateway sends and the URL it sends it to, so a new one needs a deploy, never an API call.
 */
export const configOverrideSchema = z
  .strictObject({
    /** Added, or replacing the base's target of the same name. */
    targets: z.optional(z.record(identifier, targetConfigSchema)),
    /** Added, or replacing the base's model route of the same name. */
    models: z.optional(z.record(publicModelName, modelRouteSchema)),
    /** Base targets to drop; a name the base lacks is ignored. */
    removeTargets: z.optional(z.array(identifier).check(z.maxLength(1000))),
    /** Base model routes to drop; a name the base lacks is ignored. */
    removeModels: z.optional(z.array(publicModelName).check(z.maxLength(1000))),
  })
  .check(
    z.superRefine((override, ctx) => {
      const counts = [override.targets, override.models].map((entries) => Object.keys(entries ?? {}).length);
      const removals = (override.removeTargets?.length ?? 0) + (override.removeModels?.length ?? 0);
      if (counts.every((count) => count === 0) && removals === 0) {
        ctx.addIssue({ code: "custom", path: [], message: "changes nothing: name targets or models to set or remove (DELETE returns to the base)", input: override });
      }
      const both = (field: "removeTargets" | "removeModels", set: Record<string, unknown> | undefined) => {
        (override[field] ?? []).forEach((name, index) => {
          if (set && name in set) ctx.addIssue({ code: "custom", path: [field, index], message: `"${name}" is also set by this override`, input: name });
        });
      };
      both("removeTargets", override.targets);
      both("removeModels", override.models);
    }),
  );

export type ConfigOverride = z.infer<typeof configOverrideSchema>;
