// A candidate: the request body read natively with request.text() (the size limit can be checked
// on Content-Length first), then parsed.
import { forward } from "./upstream.mjs";

export default {
  async fetch(request, env) {
    const text = await request.text();
    JSON.parse(text);
    return forward(request, env, text);
  },
};
