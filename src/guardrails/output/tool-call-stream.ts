/**
 * The tool-call check on a stream: each chunk's tool calls are checked as they arrive. Under `block`,
 * the first chunk that calls a tool not allowed is replaced by the error event and the stream ends
 * there (what went out before stays out: the client sees a stream that fails mid-way). Under `flag`,
 * the stream passes unchanged.
 */
import type { GuardrailVerdict } from "../../audit/exchange";
import { createChunkStream, serializeEvent } from "./sse-chunk-stream";
import { findDisallowedToolCalls, type ToolCallFinding, type ToolCallPolicy, toolCallBlockedEvent, toolCallVerdict } from "./tool-calls";

export interface ToolCallGuard {
  readonly stream: TransformStream<Uint8Array, Uint8Array>;
  /** Settles when the stream ends or is blocked (not if it is cancelled or fails). */
  readonly verdict: Promise<GuardrailVerdict>;
}

export function createToolCallGuard(policy: ToolCallPolicy): ToolCallGuard {
  const findings: ToolCallFinding[] = [];
  let settle: (verdict: GuardrailVerdict) => void = () => undefined;
  const verdict = new Promise<GuardrailVerdict>((resolve) => {
    settle = resolve;
  });
  const stream = createChunkStream({
    chunk: (chunk, event) => {
      const found = findDisallowedToolCalls(chunk, policy.allowedTools);
      findings.push(...found);
      if (found.length === 0 || policy.action === "flag") return { write: [serializeEvent(event)] };
      settle(toolCallVerdict(findings, "block"));
      return { write: [toolCallBlockedEvent(found)], end: true };
    },
    finish: () => {
      settle(toolCallVerdict(findings, policy.action));
      return [];
    },
  });
  return { stream, verdict };
}
