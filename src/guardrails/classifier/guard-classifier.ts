import type { Context } from "hono";
import { GatewayError } from "../../errors/gateway-error";
import type { AppEnv } from "../../http/context";
import type { ChatMessage } from "../../schemas/openai/chat";
import { recordVerdicts } from "../record-verdicts";
import { classifyInjection } from "./classify-injection";
import type { ClassifierSettings } from "./settings";

/**
 * The model-based classifier as an input guardrail: records its verdict and refuses the request
 * (`guardrail_blocked`) when it blocks. Given the messages about to be sent, so text the personal-data
 * guard masked stays masked on the way to the classifier's provider too.
 */
export async function guardWithClassifier(c: Context<AppEnv>, messages: readonly ChatMessage[], settings: ClassifierSettings): Promise<void> {
  const outcome = await classifyInjection(c, messages, settings);
  if (outcome === null) return;
  recordVerdicts(c.var.record, [outcome.verdict]);
  if (outcome.blocked !== null) throw new GatewayError({ kind: "guardrail_blocked", side: "input", finding: outcome.blocked });
}
