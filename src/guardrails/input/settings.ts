import * as z from "zod/mini";
import { classifierSettingsSchema } from "../classifier/settings";
import { defaultPersonalDataSettings, personalDataSettingsSchema } from "./personal-data-settings";
import { INPUT_RULE_NAMES, type InputRuleName } from "./rule";
import { SEVERITIES } from "./severity";

const RULE_MODES = ["off", "flag", "block"] as const;

interface RuleSettings {
  readonly mode: (typeof RULE_MODES)[number];
  /** With mode `block`: findings at or above this severity block, lesser ones are flagged. */
  readonly blockAt: (typeof SEVERITIES)[number];
}

// Conservative: only tag characters outside emoji flags (which ordinary text never carries) block.
// Everything else is flagged for the operator to review before they choose to block on it.
export const DEFAULT_RULE_SETTINGS: Readonly<Record<InputRuleName, RuleSettings>> = {
  instruction_override: { mode: "flag", blockAt: "high" },
  role_confusion: { mode: "flag", blockAt: "high" },
  hidden_unicode: { mode: "block", blockAt: "high" },
  encoded_payload: { mode: "flag", blockAt: "high" },
  control_characters: { mode: "flag", blockAt: "high" },
};

export const DEFAULT_MAX_DECODED_KIB_PER_MESSAGE = 64;
export const DEFAULT_MAX_MESSAGES = 2048;
/** OpenAI's own ceiling on `tools`. */
export const DEFAULT_MAX_TOOLS = 128;

function ruleSettingsSchema(defaults: RuleSettings) {
  return z._default(
    z.strictObject({
      mode: z._default(z.enum(RULE_MODES), defaults.mode),
      blockAt: z._default(z.enum(SEVERITIES), defaults.blockAt),
    }),
    defaults,
  );
}

const rulesShape = Object.fromEntries(
  INPUT_RULE_NAMES.map((name) => [name, ruleSettingsSchema(DEFAULT_RULE_SETTINGS[name])]),
) as Record<InputRuleName, ReturnType<typeof ruleSettingsSchema>>;

export const inputGuardrailSettingsSchema = z.strictObject({
  rules: z._default(z.strictObject(rulesShape), DEFAULT_RULE_SETTINGS),
  /** How much encoded text encoded_payload decodes per message, in KiB of the encoded form. */
  maxDecodedKiBPerMessage: z._default(z.int().check(z.minimum(0), z.maximum(1024)), DEFAULT_MAX_DECODED_KIB_PER_MESSAGE),
  personalData: z._default(personalDataSettingsSchema, defaultPersonalDataSettings),
  /** A request with more messages than this (a session's history included) is refused before it is sent. */
  maxMessages: z._default(z.int().check(z.minimum(1), z.maximum(100_000)), DEFAULT_MAX_MESSAGES),
  /** A request declaring more tools than this is refused before it is sent. */
  maxTools: z._default(z.int().check(z.minimum(0), z.maximum(4096)), DEFAULT_MAX_TOOLS),
  /** The model-based prompt-injection classifier; off when absent (docs/guardrails-input.md). */
  classifier: z.optional(classifierSettingsSchema),
});

export type InputGuardrailSettings = z.output<typeof inputGuardrailSettingsSchema>;

export const defaultInputGuardrailSettings: InputGuardrailSettings = inputGuardrailSettingsSchema.parse({});
