// The trivial Worker plus reading the request body chunk by chunk with a reader, then decoding
// and parsing it, as src/http/read-json-body.ts does for a body without Content-Length.
import { forward } from "./upstream.mjs";

export default {
  async fetch(request, env) {
    const reader = request.body.getReader();
    const chunks = [];
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
    }
    const bytes = chunks.length === 1 ? chunks[0] : new Uint8Array(await new Blob(chunks).arrayBuffer());
    const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    JSON.parse(text);
    return forward(request, env, text);
  },
};
