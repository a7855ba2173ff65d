import { benchModel } from "./switchboard-setup";

export type TargetId = "direct" | "trivial" | "switchboard";

/** In report order: the ceiling, the floor, the gateway. */
export const targetIds: readonly TargetId[] = ["direct", "trivial", "switchboard"];

export const targetLabels: Readonly<Record<TargetId, string>> = {
  direct: "direct (simulator)",
  trivial: "trivial Worker",
  switchboard: "Switchboard",
};

export type Mode = "plain" | "stream";

/** One thing under load: where to send the chat call, how to authenticate, whose CPU to count. */
export interface Target {
  readonly id: TargetId;
  readonly url: string;
  readonly authorization: string;
  /** The gateway's own processes (workerd); none for the simulator itself. */
  readonly pids: readonly number[];
}

export const streamChunks = 20;

/** The same body for every target, so only the path in between differs. */
export function requestBody(mode: Mode): string {
  const marker = mode === "stream" ? ` [[sim chunks=${streamChunks}]]` : "";
  return JSON.stringify({
    model: benchModel,
    ...(mode === "stream" ? { stream: true } : {}),
    messages: [{ role: "user", content: `Say hello to the benchmark.${marker}` }],
  });
}

export function requestHeaders(target: Target): Record<string, string> {
  return { "content-type": "application/json", authorization: target.authorization };
}
