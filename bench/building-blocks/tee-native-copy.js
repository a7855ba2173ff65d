// The trivial Worker plus what src/providers/openai/stream.ts does since d4f5198: tee the response
// body, send one branch as is, and read the other whole, natively (piped through an
// IdentityTransformStream, then `text()`), to find the usage line at its end.
import { forward } from "./upstream.mjs";

export default {
  async fetch(request, env, ctx) {
    const upstream = await forward(request, env);
    const [toClient, copy] = upstream.body.tee();
    const { readable, writable } = new IdentityTransformStream();
    ctx.waitUntil(copy.pipeTo(writable).catch(() => undefined));
    ctx.waitUntil(new Response(readable).text().then((text) => text.lastIndexOf('"usage"')));
    return new Response(toClient, { status: upstream.status, headers: upstream.headers });
  },
};
