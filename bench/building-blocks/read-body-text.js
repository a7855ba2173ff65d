// The request body read in one native call (the size limit checked on Content-Length first), then
// parsed, as src/http/read-json-body.ts does since d4f5198 when Content-Length is present.
import { forward } from "./upstream.mjs";

export default {
  async fetch(request, env) {
    const text = await request.text();
    JSON.parse(text);
    return forward(request, env, text);
  },
};
