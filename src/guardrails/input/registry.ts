import { controlCharactersRule } from "./control-characters";
import { encodedPayloadRule } from "./encoded-payload";
import { hiddenUnicodeRule } from "./hidden-unicode";
import { instructionOverrideRule } from "./instruction-override";
import type { InputRule, InputRuleName } from "./rule";
import { roleConfusionRule } from "./role-confusion";

/** Adding a name to INPUT_RULE_NAMES without a rule here is a compile error. */
export const INPUT_RULES: Readonly<Record<InputRuleName, InputRule>> = {
  instruction_override: instructionOverrideRule,
  role_confusion: roleConfusionRule,
  hidden_unicode: hiddenUnicodeRule,
  encoded_payload: encodedPayloadRule,
  control_characters: controlCharactersRule,
};
