// The trivial Worker plus the response body re-wrapped in a pull-based ReadableStream
// (highWaterMark 0), as src/http/watch-stream-end.ts did before d4f5198 to learn how a stream ended.
import { forward } from "./upstream.mjs";

export default {
  async fetch(request, env) {
    const upstream = await forward(request, env);
    const reader = upstream.body.getReader();
    const body = new ReadableStream(
      {
        async pull(controller) {
          const { done, value } = await reader.read();
          if (done) controller.close();
          else controller.enqueue(value);
        },
      },
      { highWaterMark: 0 },
    );
    return new Response(body, { status: upstream.status, headers: upstream.headers });
  },
};
