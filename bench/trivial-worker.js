// The floor: the least a Worker can do to proxy a chat call. It forwards method, body and
// content-type to the fixed upstream URL with its own provider key, and returns the upstream
// response as is (the body is streamed, not buffered). No auth, no parsing, no logging.
export default {
  async fetch(request, env) {
    return fetch(env.UPSTREAM_URL, {
      method: request.method,
      headers: {
        "content-type": request.headers.get("content-type") ?? "application/json",
        authorization: `Bearer ${env.UPSTREAM_API_KEY}`,
      },
      body: request.body,
    });
  },
};
