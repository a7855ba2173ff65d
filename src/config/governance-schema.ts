import * as z from "zod/mini";

/** Operator controls (docs/kill-switches.md). */
export const governanceSettingsSchema = z.object({
  /**
   * How long an isolate serves the kill switches it last read from the Control object: a switch takes
   * effect everywhere within this plus one read. 0 reads them on every model request.
   */
  controlCacheTtlSeconds: z._default(z.number().check(z.minimum(0), z.maximum(60)), 2),
});

export const defaultGovernanceSettings = { controlCacheTtlSeconds: 2 };
export type GovernanceSettings = z.infer<typeof governanceSettingsSchema>;
