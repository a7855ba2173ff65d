// The shape of Switchboard's stream translations (src/providers/shared/pull-sse-translation.ts):
// a pull ReadableStream that reads the upstream and rewrites each chunk in JS, handed to the client
// through a native IdentityTransformStream with pipeTo to learn how it ended (watch-stream-end.ts).
import { createRewriter } from "./sse-rewrite.mjs";
import { forward } from "./upstream.mjs";

export default {
  async fetch(request, env, ctx) {
    const upstream = await forward(request, env);
    const reader = upstream.body.getReader();
    const rewriter = createRewriter();
    const translated = new ReadableStream({
      async pull(controller) {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) {
            const rest = rewriter.end();
            if (rest) controller.enqueue(rest);
            controller.close();
            return;
          }
          const out = rewriter.push(value);
          if (out) {
            controller.enqueue(out);
            return;
          }
        }
      },
    });
    const { readable, writable } = new IdentityTransformStream();
    ctx.waitUntil(translated.pipeTo(writable).then(() => "completed", () => "client_disconnected"));
    return new Response(readable, { status: upstream.status, headers: upstream.headers });
  },
};
