import type { Context } from "hono";
import { GatewayError } from "../errors/gateway-error";
import type { AppEnv } from "../http/context";
import type { ChatMessage } from "../schemas/openai/chat";
import { guardrailPolicyOf } from "./guardrail-policy-of";
import { evaluateInput } from "./input/evaluate";
import { recordVerdicts } from "./record-verdicts";

/**
 * Runs the tenant's input rules over a chat request's messages before anything is sent upstream,
 * records what they found, and refuses the request (`guardrail_blocked`) when a rule blocks it.
 */
export async function guardInput(c: Context<AppEnv>, messages: readonly ChatMessage[]): Promise<void> {
  const { input } = await guardrailPolicyOf(c);
  const { verdicts, blocked } = evaluateInput(messages, input);
  recordVerdicts(c.var.record, verdicts);
  if (blocked !== null) throw new GatewayError({ kind: "guardrail_blocked", side: "input", finding: blocked });
}
