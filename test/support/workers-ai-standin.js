// A stand-in for the Workers AI binding (`env.AI`), which needs Cloudflare's network and cannot run
// offline. It is bound with Miniflare's `wrappedBindings`, so the gateway calls `env.AI.run(model,
// inputs)` exactly as it would in production and receives the same shapes: an object, a stream of SSE
// bytes, or a thrown error whose message starts with Workers AI's numeric code. Deterministic.

const encoder = new TextEncoder();

function words(text) {
  return text.split(/\s+/).filter((word) => word !== "");
}

function lastUserText(messages) {
  const last = [...messages].reverse().find((message) => message.role === "user");
  return typeof last?.content === "string" ? last.content : "";
}

function vectorFor(text) {
  const vector = [];
  let seed = 0;
  for (const char of text) seed = (seed * 31 + char.charCodeAt(0)) >>> 0;
  for (let i = 0; i < 8; i++) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    vector.push((seed % 2000) / 1000 - 1);
  }
  return vector;
}

function reply(model, inputs) {
  const messages = inputs.messages ?? [];
  const prompt = lastUserText(messages);
  const promptTokens = messages.reduce((sum, message) => sum + words(String(message.content ?? "")).length + 3, 0);
  const answeringTool = messages.at(-1)?.role === "tool";
  if (Array.isArray(inputs.tools) && inputs.tools.length > 0 && !answeringTool) {
    const tool = inputs.tools[0].function ?? inputs.tools[0];
    return { tool_calls: [{ name: tool.name, arguments: { query: prompt } }], usage: usage(promptTokens, 6) };
  }
  if (inputs.response_format) return { response: { reply: prompt }, usage: usage(promptTokens, 4) };
  let text = `Workers AI stand-in ${model} reply to: ${prompt}`;
  if (answeringTool) text = `Workers AI stand-in ${model} used tool result: ${messages.at(-1).content}`;
  const limit = inputs.max_tokens ?? 256;
  text = words(text).slice(0, limit).join(" ");
  return { response: text, usage: usage(promptTokens, words(text).length) };
}

function usage(prompt, completion) {
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
}

function sse(result) {
  const events = [];
  if (result.tool_calls) events.push({ response: "", tool_calls: result.tool_calls });
  else for (const word of words(result.response)) events.push({ response: `${word} `, p: "abcdef" });
  events.push({ response: "", usage: result.usage });
  return new ReadableStream({
    start(controller) {
      for (const event of events) controller.enqueue(encoder.encode(`data: ${JSON.stringify(event)}\n\n`));
      controller.enqueue(encoder.encode("data: [DONE]\n\n"));
      controller.close();
    },
  });
}

export default function workersAIStandIn() {
  return {
    async run(model, inputs) {
      if (model === "@cf/test/missing-model") throw new Error(`5007: No such model ${model} or task`);
      if (model.includes("bge")) {
        const texts = Array.isArray(inputs.text) ? inputs.text : [inputs.text];
        return { shape: [texts.length, 8], data: texts.map(vectorFor) };
      }
      if (lastUserText(inputs.messages ?? []).includes("[[ai capacity]]")) throw new Error("3040: Capacity temporarily exceeded");
      const result = reply(model, inputs);
      return inputs.stream ? sse(result) : result;
    },
  };
}
