import * as z from "zod/mini";
import { redactionKinds } from "../../audit/redaction/kinds";

export const PERSONAL_DATA_MODES = ["off", "flag", "redact", "block"] as const;
export type PersonalDataMode = (typeof PERSONAL_DATA_MODES)[number];

/** Roles whose text is scanned; system and developer messages are the operator's and are left alone by default. */
export const PERSONAL_DATA_ROLES = ["system", "developer", "user", "assistant", "tool", "function"] as const;
export type PersonalDataRole = (typeof PERSONAL_DATA_ROLES)[number];

export const DEFAULT_PERSONAL_DATA_ROLES: readonly PersonalDataRole[] = ["user", "assistant", "tool", "function"];

/**
 * Personal data and secrets in the prompt (docs/guardrails-input.md): found with the audit trail's
 * redaction rules, then flagged, masked before the prompt leaves for the provider, or refused.
 */
export const personalDataSettingsSchema = z.strictObject({
  mode: z._default(z.enum(PERSONAL_DATA_MODES), "off"),
  roles: z._default(z.array(z.enum(PERSONAL_DATA_ROLES)).check(z.minLength(1)), [...DEFAULT_PERSONAL_DATA_ROLES]),
  /** What to look for (docs/audit-redaction.md has each kind); every kind by default. */
  kinds: z._default(z.array(z.enum(redactionKinds)).check(z.minLength(1)), [...redactionKinds]),
});

export type PersonalDataSettings = z.output<typeof personalDataSettingsSchema>;

export const defaultPersonalDataSettings: PersonalDataSettings = personalDataSettingsSchema.parse({});
