// Shared by the sse-rewrite-* building blocks: what a stream translation computes per upstream
// chunk, without the gateway's validation: decode the bytes, split SSE events, JSON.parse each
// event's data, write a new OpenAI chunk with JSON.stringify, and encode it. (`[DONE]` passes.)
export function createRewriter() {
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();
  const created = Math.floor(Date.now() / 1000);
  let buffer = "";
  const rewrite = (text) => {
    buffer += text;
    let out = "";
    for (let end = buffer.indexOf("\n\n"); end !== -1; end = buffer.indexOf("\n\n")) {
      const event = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = event.startsWith("data: ") ? event.slice(6) : "";
      if (data === "" || data === "[DONE]") {
        out += `${event}\n\n`;
        continue;
      }
      const chunk = JSON.parse(data);
      const choice = chunk.choices?.[0] ?? {};
      out += `data: ${JSON.stringify({
        id: chunk.id,
        object: "chat.completion.chunk",
        created,
        model: chunk.model,
        choices: [{ index: 0, delta: choice.delta ?? {}, logprobs: null, finish_reason: choice.finish_reason ?? null }],
      })}\n\n`;
    }
    return out === "" ? null : encoder.encode(out);
  };
  return {
    push: (bytes) => rewrite(decoder.decode(bytes, { stream: true })),
    end: () => rewrite(decoder.decode()),
  };
}
