import * as z from "zod/mini";

/** What the classifier is asked to answer, and nothing else. */
export const classifierAnswerSchema = z.strictObject({
  injection: z.boolean(),
  score: z.number().check(z.minimum(0), z.maximum(1)),
});

export type ClassifierAnswer = z.infer<typeof classifierAnswerSchema>;

/** The JSON schema sent as `response_format` to targets that support it; mirrors the zod schema above. */
export const classifierAnswerJsonSchema = {
  type: "object",
  properties: {
    injection: { type: "boolean" },
    score: { type: "number", minimum: 0, maximum: 1 },
  },
  required: ["injection", "score"],
  additionalProperties: false,
} as const;

/** An OpenAI `chat.completion`, as far as the classifier reads it. */
const completionSchema = z.object({
  choices: z.array(z.object({ message: z.object({ content: z.nullable(z.string()) }) })).check(z.minLength(1)),
});

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The answer in a message's content, which must be that JSON object alone; null for other content. */
export function parseClassifierAnswer(content: string): ClassifierAnswer | null {
  const parsed = classifierAnswerSchema.safeParse(parseJson(content.trim()));
  return parsed.success ? parsed.data : null;
}

/** The answer in a translated `chat.completion` body; null when the body or its first message's content is not one. */
export function classifierAnswerOf(completionBody: string): ClassifierAnswer | null {
  const completion = completionSchema.safeParse(parseJson(completionBody));
  const content = completion.success ? completion.data.choices[0]?.message.content : null;
  return typeof content === "string" ? parseClassifierAnswer(content) : null;
}
