import * as z from "zod/mini";
import { defaultInputGuardrailSettings, inputGuardrailSettingsSchema } from "../guardrails/input/settings";

export const toolCallModes = ["off", "flag", "block"] as const;

/** What the guardrails do on the answer's side (docs/guardrails-output.md). */
export const outputGuardrailSettingsSchema = z.object({
  /** Mask secrets and personal data in answers (streams included, through a held-back window). */
  redact: z._default(z.boolean(), false),
  /** Characters a stream's redaction holds back; matches up to half of it are masked whole. */
  windowChars: z._default(z.int().check(z.minimum(64), z.maximum(65_536)), 512),
  /** Tool calls to tools outside the policy's `access.tools`: let through, flag, or block. */
  toolCalls: z._default(z.enum(toolCallModes), "block"),
});

export const defaultOutputGuardrailSettings = outputGuardrailSettingsSchema.parse({});

/** A tenant's guardrail settings: the input rules and the output side. */
export const guardrailPolicySchema = z.object({
  input: z._default(inputGuardrailSettingsSchema, defaultInputGuardrailSettings),
  output: z._default(outputGuardrailSettingsSchema, defaultOutputGuardrailSettings),
});

export type GuardrailPolicy = z.infer<typeof guardrailPolicySchema>;
export const defaultGuardrailPolicy: GuardrailPolicy = guardrailPolicySchema.parse({});
