import { identifier } from "../../config/primitives";
import * as z from "zod/mini";

/** Workers AI through the Worker's `AI` binding: no URL and no key, only the binding. */
export const workersAIProviderConfigSchema = z.object({
  kind: z.literal("workers-ai"),
  region: identifier,
});

export type WorkersAIProviderConfig = z.infer<typeof workersAIProviderConfigSchema>;
