import type { IncomingRequestCfProperties } from "@cloudflare/workers-types/experimental";
import type { Miniflare, Response as MiniflareResponse } from "miniflare";

/** Where the caller is, as Cloudflare would report it in `request.cf`. */
export interface CallerLocation {
  readonly country: NonNullable<IncomingRequestCfProperties["country"]>;
  readonly continent: NonNullable<IncomingRequestCfProperties["continent"]>;
}

export interface CallSpec {
  readonly url: string;
  readonly apiKey: string;
  readonly model: string;
  readonly stream: boolean;
  readonly caller: CallerLocation;
  /** After this long without the answer's end the call counts as hung and is abandoned. */
  readonly hangAfterMs: number;
}

/** How a stream ended: `[DONE]`, an `error` event, neither (the body just stopped or broke), or not at all. */
export type StreamEnding = "completed" | "error_event" | "cut_off" | "hung";

export interface CallResult {
  /** 0 when no response arrived (the call hung or failed before the headers). */
  readonly status: number;
  /** Until the whole answer was read, or until it was given up on. */
  readonly latencyMs: number;
  readonly attempts: number | null;
  readonly target: string | null;
  readonly region: string | null;
  readonly route: string | null;
  /** The gateway's own `route` phase (resolve, filter, rank) from `Server-Timing`, in ms. */
  readonly routePhaseMs: number | null;
  /** Null for plain calls and for streams refused with a non-2xx. */
  readonly streamEnding: StreamEnding | null;
  /** A 2xx whose body arrived whole: JSON for a plain call, a stream ending in `[DONE]`. */
  readonly ok: boolean;
  readonly hung: boolean;
}

/**
 * One chat completion through `dispatchFetch`, the only way to give the Worker a `request.cf`:
 * its direct socket carries none.
 */
export async function callChat(miniflare: Miniflare, spec: CallSpec, sequence: number): Promise<CallResult> {
  const abort = new AbortController();
  const startedAt = performance.now();
  const deadline = setTimeout(() => abort.abort(), spec.hangAfterMs);
  const elapsed = (): number => performance.now() - startedAt;
  try {
    const response = await miniflare.dispatchFetch(`${spec.url}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${spec.apiKey}`, "content-type": "application/json" },
      body: JSON.stringify(chatBody(spec, sequence)),
      cf: { country: spec.caller.country, continent: spec.caller.continent },
      signal: abort.signal,
    });
    const body = await readBody(response, abort.signal);
    const hung = body === "abandoned";
    // A stream refused before its first byte is an ordinary failed answer, not a stream that ended.
    const ending = !spec.stream ? null : hung ? "hung" : response.ok ? streamEnding(body) : null;
    const whole = spec.stream ? ending === "completed" : !hung && isJson(body);
    return {
      ...routeOf(response),
      status: response.status,
      latencyMs: elapsed(),
      streamEnding: ending,
      ok: response.ok && whole,
      hung,
    };
  } catch (error) {
    if (!abort.signal.aborted) throw error;
    return { status: 0, latencyMs: elapsed(), attempts: null, target: null, region: null, route: null, routePhaseMs: null, streamEnding: spec.stream ? "hung" : null, ok: false, hung: true };
  } finally {
    clearTimeout(deadline);
  }
}

function chatBody(spec: CallSpec, sequence: number): Record<string, unknown> {
  return {
    model: spec.model,
    messages: [{ role: "user", content: `fault run request ${sequence}` }],
    max_tokens: 32,
    ...(spec.stream ? { stream: true } : {}),
  };
}

function routeOf(response: MiniflareResponse): Pick<CallResult, "attempts" | "target" | "region" | "route" | "routePhaseMs"> {
  const attempts = response.headers.get("x-switchboard-attempts");
  const routePhase = /(?:^|,\s*)route;[^,]*dur=([0-9.]+)/.exec(response.headers.get("server-timing") ?? "")?.[1];
  return {
    routePhaseMs: routePhase === undefined ? null : Number(routePhase),
    attempts: attempts === null ? null : Number(attempts),
    target: response.headers.get("x-switchboard-target"),
    region: response.headers.get("x-switchboard-region"),
    route: response.headers.get("x-switchboard-route"),
  };
}

/** The body as text; "abandoned" when the deadline passed first, null when the connection broke. */
async function readBody(response: MiniflareResponse, signal: AbortSignal): Promise<string | null | "abandoned"> {
  if (response.body === null) return "";
  const reader = response.body.getReader();
  const abandoned = new Promise<"abandoned">((resolve) => {
    if (signal.aborted) resolve("abandoned");
    signal.addEventListener("abort", () => resolve("abandoned"), { once: true });
  });
  const decoder = new TextDecoder();
  let text = "";
  try {
    for (;;) {
      const next = await Promise.race([reader.read(), abandoned]);
      if (next === "abandoned") {
        await reader.cancel().catch(() => undefined);
        return "abandoned";
      }
      if (next.done) return text + decoder.decode();
      text += decoder.decode(next.value, { stream: true });
    }
  } catch {
    return signal.aborted ? "abandoned" : null;
  }
}

function streamEnding(body: string | null): StreamEnding {
  if (body === null) return "cut_off";
  if (body.includes("data: [DONE]")) return "completed";
  return /^data: \{"error":/m.test(body) ? "error_event" : "cut_off";
}

function isJson(body: string | null): boolean {
  if (body === null) return false;
  try {
    JSON.parse(body);
    return true;
  } catch {
    return false;
  }
}
