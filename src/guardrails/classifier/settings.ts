import * as z from "zod/mini";

export const CLASSIFIER_MODES = ["flag", "block"] as const;
export const CLASSIFIER_ERROR_POLICIES = ["allow", "block"] as const;

/**
 * The optional model-based prompt-injection classifier of a tenant's input guardrails
 * (docs/guardrails-input.md#model-based-classifier). Whether `model` names a chat model of the config
 * is checked at call time: a policy must not become invalid because the config changed.
 */
export const classifierSettingsSchema = z.strictObject({
  /** A public chat model of the config; its first available target is called directly. */
  model: z.string().check(z.minLength(1), z.maxLength(200)),
  /** `flag`: a score at or above `threshold` is recorded and the request served; `block`: refused. */
  mode: z._default(z.enum(CLASSIFIER_MODES), "flag"),
  threshold: z._default(z.number().check(z.minimum(0), z.maximum(1)), 0.8),
  timeoutMs: z._default(z.int().check(z.minimum(50), z.maximum(10_000)), 1500),
  /** What a timeout, failure or unparsable answer means: serve the request (fail open) or refuse it. */
  onError: z._default(z.enum(CLASSIFIER_ERROR_POLICIES), "allow"),
  /** How many characters of the client's text are sent: its start and end when it is longer. */
  maxChars: z._default(z.int().check(z.minimum(256), z.maximum(100_000)), 8000),
});

export type ClassifierSettings = z.output<typeof classifierSettingsSchema>;
