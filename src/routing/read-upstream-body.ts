import { GatewayError } from "../errors/gateway-error";
import type { Dispatched } from "./dispatch";

/**
 * The whole body of a successful upstream answer. A body cut off by the target's total time limit is
 * a timeout; one that breaks off otherwise is the provider's failure. Either way the client gets a
 * clear error, never a 500.
 */
export async function readUpstreamBody(dispatched: Dispatched): Promise<string> {
  try {
    return await dispatched.response.text();
  } catch {
    if (dispatched.timedOut()) throw new GatewayError({ kind: "upstream_timeout", phase: "total" });
    throw new GatewayError({ kind: "upstream_failed", status: dispatched.response.status, detail: "the provider's answer broke off" });
  } finally {
    dispatched.release();
  }
}
