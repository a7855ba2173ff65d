// A candidate: tee the response body, send one branch as is and read the other in JS (after the
// response, in waitUntil) to find the usage line.
import { forward } from "./upstream.mjs";

export default {
  async fetch(request, env, ctx) {
    const upstream = await forward(request, env);
    const [toClient, toWatch] = upstream.body.tee();
    ctx.waitUntil(
      (async () => {
        const reader = toWatch.getReader();
        const decoder = new TextDecoder();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          decoder.decode(value, { stream: true }).includes('"usage":{');
        }
      })(),
    );
    return new Response(toClient, { status: upstream.status, headers: upstream.headers });
  },
};
