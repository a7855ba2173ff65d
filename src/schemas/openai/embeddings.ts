import * as z from "zod/mini";

const tokenArray = z.array(z.int().check(z.minimum(0))).check(z.minLength(1));

export const embeddingsRequestSchema = z.looseObject({
  model: z.string().check(z.minLength(1)),
  input: z.union([
    z.string(),
    z.array(z.string()).check(z.minLength(1)),
    tokenArray,
    z.array(tokenArray).check(z.minLength(1)),
  ]),
  encoding_format: z.optional(z.enum(["float", "base64"])),
  dimensions: z.optional(z.int().check(z.minimum(1))),
  user: z.optional(z.string()),
});

export type EmbeddingsRequest = z.infer<typeof embeddingsRequestSchema>;
