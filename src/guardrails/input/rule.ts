import type { InspectedMessage } from "./inspected-message";
import type { Severity } from "./severity";
import type { InputGuardrailSettings } from "./settings";

/** Every input rule, in the order they run and are reported. The registry must cover each name. */
export const INPUT_RULE_NAMES = [
  "instruction_override",
  "role_confusion",
  "hidden_unicode",
  "encoded_payload",
  "control_characters",
] as const;
export type InputRuleName = (typeof INPUT_RULE_NAMES)[number];

/** What can refuse a request on its input: a rule of the registry, the personal-data guard or the classifier. */
export type InputGuardName = InputRuleName | "personal_data" | "classifier";

export interface InputFinding {
  readonly rule: InputGuardName;
  readonly severity: Severity;
  /** Index into the request's `messages`. */
  readonly messageIndex: number;
  /** What was seen, never the message text itself: details land in the audit record. */
  readonly detail: string;
}

export interface InputRule {
  readonly name: InputRuleName;
  check(messages: readonly InspectedMessage[], settings: InputGuardrailSettings): InputFinding[];
}
