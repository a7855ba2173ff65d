// The trivial Worker plus the response body piped through a JS TransformStream, as
// src/providers/openai/stream.ts did before d4f5198 to watch for the usage line.
import { forward } from "./upstream.mjs";

export default {
  async fetch(request, env) {
    const upstream = await forward(request, env);
    const body = upstream.body.pipeThrough(
      new TransformStream({
        transform(chunk, controller) {
          controller.enqueue(chunk);
        },
      }),
    );
    return new Response(body, { status: upstream.status, headers: upstream.headers });
  },
};
