import { phases, type RequestRecord } from "./request-record";

const descriptions: Record<(typeof phases)[number], string> = {
  policy: "config and policy",
  auth: "API key check",
  parse: "body read and validation",
  route: "model routing",
  limits: "rate limits and budgets",
  upstream: "provider time to first byte",
};

/**
 * `Server-Timing` with the gateway's phases and its total so far, so a client sees the gateway's share
 * of the latency with no tool. For a stream, `total` ends when the headers leave.
 */
export function serverTimingHeader(record: RequestRecord, totalMs: number): string {
  const entries: string[] = [];
  for (const phase of phases) {
    const ms = record.phaseMs[phase];
    if (ms !== undefined) entries.push(`${phase};desc="${descriptions[phase]}";dur=${ms.toFixed(1)}`);
  }
  entries.push(`total;dur=${totalMs.toFixed(1)}`);
  return entries.join(", ");
}
