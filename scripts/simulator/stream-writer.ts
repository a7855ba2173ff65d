import type { ServerResponse } from "node:http";
import { sleep, waitForAbort } from "./http-io";

export interface StreamPlan {
  ttftMs: number;
  interChunkMs: number;
  /** Write this many events, then stop writing until the client leaves. */
  stallAfter?: number;
  /** Write this many events, then destroy the socket. */
  dropAfter?: number;
}

/**
 * Writes `data: <event>\n\n` server-sent events one at a time, each flushed as soon as it
 * is produced. The last event (normally `[DONE]`) follows the one before it without delay.
 */
export function writeEventStream(res: ServerResponse, signal: AbortSignal, events: string[], plan: StreamPlan): Promise<void> {
  return writeFrames(res, signal, events.map((event) => `data: ${event}\n\n`), plan);
}

/**
 * Writes pre-formatted frames (whole SSE events, or pieces of a streamed JSON array) one at a
 * time with the plan's timing; `stallAfter`/`dropAfter` count frames. The last frame follows the
 * one before it without delay.
 */
export async function writeFrames(
  res: ServerResponse,
  signal: AbortSignal,
  frames: string[],
  plan: StreamPlan,
  contentType = "text/event-stream",
): Promise<void> {
  if (signal.aborted) return;
  res.writeHead(200, { "content-type": contentType, "cache-control": "no-cache", connection: "keep-alive" });
  res.flushHeaders();
  if (!(await sleep(plan.ttftMs, signal))) return;
  let lastWrite: Promise<void> = Promise.resolve();
  for (const [index, frame] of frames.entries()) {
    if (index === plan.stallAfter) return waitForAbort(signal);
    if (index === plan.dropAfter) return destroyAfter(res, signal, lastWrite);
    const isLast = index === frames.length - 1;
    if (index > 0 && !isLast && !(await sleep(plan.interChunkMs, signal))) return;
    if (signal.aborted) return;
    if (isLast) res.end(frame);
    else lastWrite = new Promise((resolve) => res.write(frame, () => resolve()));
  }
}

// Response writes are corked until the next tick, so destroying right away would lose them.
async function destroyAfter(res: ServerResponse, signal: AbortSignal, written: Promise<void>): Promise<void> {
  await Promise.race([written, waitForAbort(signal)]);
  res.destroy();
}

/**
 * Sends a whole JSON body, unless a stall/drop directive asks for a broken response:
 * then the headers (with the full Content-Length) and half the body go out before stalling or dropping.
 */
export async function writeJsonBody(
  res: ServerResponse,
  signal: AbortSignal,
  body: unknown,
  faults: { stallAfter?: number; dropAfter?: number },
): Promise<void> {
  if (signal.aborted || res.headersSent) return;
  const payload = Buffer.from(JSON.stringify(body));
  res.writeHead(200, { "content-type": "application/json", "content-length": payload.length });
  if (faults.stallAfter === undefined && faults.dropAfter === undefined) {
    res.end(payload);
    return;
  }
  const written = new Promise<void>((resolve) => res.write(payload.subarray(0, Math.floor(payload.length / 2)), () => resolve()));
  if (faults.dropAfter !== undefined) return destroyAfter(res, signal, written);
  await waitForAbort(signal);
}
