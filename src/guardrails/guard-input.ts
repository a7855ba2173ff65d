import type { Context } from "hono";
import { GatewayError } from "../errors/gateway-error";
import type { AppEnv } from "../http/context";
import type { ChatCompletionRequest } from "../schemas/openai/chat";
import { guardWithClassifier } from "./classifier/guard-classifier";
import { guardrailPolicyOf } from "./guardrail-policy-of";
import { evaluateInput } from "./input/evaluate";
import { guardPersonalData } from "./input/personal-data";
import { assertRequestCounts } from "./input/request-counts";
import { recordVerdicts } from "./record-verdicts";

/**
 * Runs the tenant's input guardrails over a chat request before anything is sent upstream: the message
 * and tool counts, the rules, the personal-data guard, then the optional classifier model. Records what
 * they found, refuses the request (`guardrail_blocked`, `too_many_items`) when one blocks it, and returns
 * the request to send: the one given, or a copy whose messages had personal data masked.
 */
export async function guardInput(c: Context<AppEnv>, request: ChatCompletionRequest): Promise<ChatCompletionRequest> {
  const { input } = await guardrailPolicyOf(c);
  assertRequestCounts(request.messages.length, request.tools?.length ?? 0, input);
  const { verdicts, blocked } = evaluateInput(request.messages, input);
  recordVerdicts(c.var.record, verdicts);
  if (blocked !== null) throw new GatewayError({ kind: "guardrail_blocked", side: "input", finding: blocked });

  const personalData = guardPersonalData(request.messages, input.personalData);
  recordVerdicts(c.var.record, [personalData.verdict]);
  if (personalData.blocked !== null) throw new GatewayError({ kind: "guardrail_blocked", side: "input", finding: personalData.blocked });

  // Last, on the messages to be sent (masked ones stay masked), and only when configured: no call otherwise.
  if (input.classifier) await guardWithClassifier(c, personalData.messages, input.classifier);
  return personalData.messages === request.messages ? request : { ...request, messages: [...personalData.messages] };
}
