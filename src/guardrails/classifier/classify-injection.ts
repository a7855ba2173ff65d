import type { Context } from "hono";
import type { AppEnv } from "../../http/context";
import type { ChatMessage } from "../../schemas/openai/chat";
import { inspectMessages } from "../input/inspected-message";
import { callClassifier } from "./call-classifier";
import { classifiedText } from "./classifier-prompt";
import { type ClassifierOutcome, classifierOutcome } from "./classifier-outcome";
import type { ClassifierSettings } from "./settings";

/**
 * Asks the tenant's classifier model whether the client's text (the messages the input rules inspect)
 * is a prompt injection, and says what that means for the request. Null when there is no such text,
 * so nothing is sent.
 */
export async function classifyInjection(
  c: Context<AppEnv>,
  messages: readonly ChatMessage[],
  settings: ClassifierSettings,
): Promise<ClassifierOutcome | null> {
  const inspected = inspectMessages(messages);
  const last = inspected[inspected.length - 1];
  if (last === undefined) return null;
  const call = await callClassifier(c, settings.model, classifiedText(inspected, settings.maxChars), settings.timeoutMs);
  return classifierOutcome(call, settings, last.index);
}
