// The same rewrite as sse-rewrite-pull-piped.js, but with no JS-backed stream: a loop reads the
// upstream and writes each rewritten chunk into a native IdentityTransformStream, whose readable
// side is the response body. The loop's own promise says how the stream ended.
import { createRewriter } from "./sse-rewrite.mjs";
import { forward } from "./upstream.mjs";

export default {
  async fetch(request, env, ctx) {
    const upstream = await forward(request, env);
    const reader = upstream.body.getReader();
    const rewriter = createRewriter();
    const { readable, writable } = new IdentityTransformStream();
    const writer = writable.getWriter();
    const pump = async () => {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) {
          const rest = rewriter.end();
          if (rest) await writer.write(rest);
          await writer.close();
          return "completed";
        }
        const out = rewriter.push(value);
        if (out) await writer.write(out);
      }
    };
    ctx.waitUntil(
      pump().catch((error) => {
        void reader.cancel(error).catch(() => undefined);
        return "client_disconnected";
      }),
    );
    return new Response(readable, { status: upstream.status, headers: upstream.headers });
  },
};
