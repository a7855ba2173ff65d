import { GatewayError } from "../../errors/gateway-error";
import type { InputGuardrailSettings } from "./settings";

/** Refuses a request with more messages or tools than the tenant's input settings allow. */
export function assertRequestCounts(messageCount: number, toolCount: number, settings: InputGuardrailSettings): void {
  if (messageCount > settings.maxMessages) {
    throw new GatewayError({ kind: "too_many_items", field: "messages", count: messageCount, max: settings.maxMessages });
  }
  if (toolCount > settings.maxTools) {
    throw new GatewayError({ kind: "too_many_items", field: "tools", count: toolCount, max: settings.maxTools });
  }
}
