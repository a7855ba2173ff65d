import type { ChatMessage } from "../../schemas/openai/chat";
import { inspectMessages } from "./inspected-message";
import type { InputFinding, InputRule } from "./rule";
import { defaultInputGuardrailSettings } from "./settings";

/** Runs one rule on one user message with default settings. */
export function checkText(rule: InputRule, text: string): InputFinding[] {
  return checkMessages(rule, [{ role: "user", content: text }]);
}

export function checkMessages(rule: InputRule, messages: readonly ChatMessage[]): InputFinding[] {
  return rule.check(inspectMessages(messages), defaultInputGuardrailSettings);
}
