import type { WorkerEnv } from "../env";
import { GatewayError } from "../errors/gateway-error";
import type { UpstreamRequest, WorkersAIUpstreamRequest } from "../providers/contract";

/**
 * Performs one upstream call, whatever the transport, and answers as HTTP: a `Response` whose status
 * and body the adapter's translations read the same way for every provider.
 */
export function sendUpstream(request: UpstreamRequest, env: WorkerEnv, signal: AbortSignal): Promise<Response> {
  switch (request.transport) {
    case "http":
      return fetch(request.url, { method: request.method, headers: request.headers, body: request.body, signal });
    case "workers-ai":
      return runWorkersAI(request, env, signal);
  }
}

/**
 * Workers AI answers through the `AI` binding: an object, a stream of SSE bytes, or a thrown error.
 * A thrown error becomes a 500 whose body holds its message, for the adapter's failure mapper only.
 */
async function runWorkersAI(request: WorkersAIUpstreamRequest, env: WorkerEnv, signal: AbortSignal): Promise<Response> {
  const ai = env.AI;
  if (!ai) {
    throw new GatewayError({
      kind: "provider_misconfigured",
      detail: 'the Workers AI binding is not configured: add [ai] binding = "AI" to wrangler.toml',
    });
  }
  const aborted = new Promise<never>((_, reject) => {
    signal.addEventListener("abort", () => reject(new DOMException("The upstream call was aborted.", "AbortError")), { once: true });
  });
  let result: unknown;
  try {
    result = await Promise.race([ai.run(request.model, request.inputs), aborted]);
  } catch (error) {
    if (signal.aborted) throw error;
    const message = error instanceof Error ? error.message : String(error);
    return Response.json({ errors: [{ message }] }, { status: 500 });
  }
  if (result instanceof ReadableStream) {
    return new Response(result as ReadableStream<Uint8Array>, { headers: { "content-type": "text/event-stream" } });
  }
  return Response.json(result);
}
