import * as z from "zod/mini";

/** `GET /v1/admin/health?provider=<name>&target=<name>`: both optional; a name the config does not route to is a 404. */
export const adminHealthQuerySchema = z.object({
  provider: z.optional(z.string()),
  target: z.optional(z.string()),
});
