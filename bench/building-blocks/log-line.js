// The trivial Worker plus one JSON log line per request, like src/observability/request-log.ts.
import { forward } from "./upstream.mjs";

export default {
  async fetch(request, env) {
    const upstream = await forward(request, env);
    console.log(
      JSON.stringify({
        level: "info",
        event: "request",
        requestId: crypto.randomUUID(),
        method: request.method,
        path: "/v1/chat/completions",
        status: upstream.status,
        tenantId: "bench",
        keyId: "bench-key",
        model: "gpt-4o-mini",
        provider: "sim",
        target: "sim-mini",
        attempts: [{ target: "sim-mini", outcome: "ok", ms: 1.2 }],
        phaseMs: { auth: 0.1, parse: 0.2, upstream: 1.3 },
        durationMs: 2.3,
      }),
    );
    return upstream;
  },
};
