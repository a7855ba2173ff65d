// The response body piped through workerd's native IdentityTransformStream, whose pipeTo promise
// says when and how the stream ended, without JS running per chunk (src/http/watch-stream-end.ts
// since d4f5198).
import { forward } from "./upstream.mjs";

export default {
  async fetch(request, env, ctx) {
    const upstream = await forward(request, env);
    const { readable, writable } = new IdentityTransformStream();
    ctx.waitUntil(upstream.body.pipeTo(writable).then(() => "completed", () => "client_disconnected"));
    return new Response(readable, { status: upstream.status, headers: upstream.headers });
  },
};
