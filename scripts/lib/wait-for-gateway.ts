import type { ChildProcess } from "node:child_process";

/**
 * Polls `/healthz` until it answers as Switchboard (not merely something on the port), the child
 * exits, or the deadline passes.
 */
export async function waitForGateway(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastProblem = "no answer yet";
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`wrangler dev exited (${child.exitCode ?? child.signalCode}) before the gateway answered`);
    }
    try {
      const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) });
      const body = (await response.json()) as { service?: unknown; status?: unknown; reason?: unknown };
      if (body.service === "switchboard" && response.ok) return;
      lastProblem =
        body.service === "switchboard" ? `the gateway reports ${String(body.status)} (${String(body.reason)})` : "another server answers on this port";
    } catch (error) {
      lastProblem = error instanceof Error ? error.message : String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the gateway did not become ready within ${timeoutMs / 1000}s: ${lastProblem}`);
}
