// The plumbing of sse-rewrite-pull-piped.js without the rewrite: a pull ReadableStream that passes
// each upstream chunk on as is, piped into a native IdentityTransformStream.
import { forward } from "./upstream.mjs";

export default {
  async fetch(request, env, ctx) {
    const upstream = await forward(request, env);
    const reader = upstream.body.getReader();
    const passed = new ReadableStream({
      async pull(controller) {
        const { done, value } = await reader.read();
        if (done) controller.close();
        else controller.enqueue(value);
      },
    });
    const { readable, writable } = new IdentityTransformStream();
    ctx.waitUntil(passed.pipeTo(writable).then(() => "completed", () => "client_disconnected"));
    return new Response(readable, { status: upstream.status, headers: upstream.headers });
  },
};
