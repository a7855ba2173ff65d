// Shared by the building-block Workers: the trivial Worker's forward, as a function.
export function forward(request, env, body = request.body) {
  return fetch(env.UPSTREAM_URL, {
    method: request.method,
    headers: { "content-type": "application/json", authorization: `Bearer ${env.UPSTREAM_API_KEY}` },
    body,
  });
}
