/** What `npm start` prints once everything answers: where it is, the key, and two ways to call it. */
export function readyBanner(url: string, devKey: string, devAdminKey: string, simulatorOrigin: string, configPath: string, models: readonly string[]): string {
  return `
Switchboard is running at ${url}
  dev API key     ${devKey}   (local only, seeded into .wrangler/state)
  dev admin key   ${devAdminKey}   (local only: the admin API, docs/operations.md)
  config          ${configPath}
  simulator       ${simulatorOrigin}   (OpenAI in 3 regions, Anthropic, Gemini, Azure OpenAI)
  models          ${models.join(", ")}

Try it with curl:
  curl ${url}/v1/chat/completions \\
    -H "Authorization: Bearer ${devKey}" -H "Content-Type: application/json" \\
    -d '{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Hello!"}]}'

Or with the OpenAI SDK (npm install openai):
  import OpenAI from "openai";
  const client = new OpenAI({ baseURL: "${url}/v1", apiKey: "${devKey}" });
  const reply = await client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "Hello!" }] });
  console.log(reply.choices[0].message.content);

Or with the Anthropic SDK (npm install @anthropic-ai/sdk), against any of the models:
  import Anthropic from "@anthropic-ai/sdk";
  const claude = new Anthropic({ baseURL: "${url}", apiKey: "${devKey}" });
  const message = await claude.messages.create({ model: "claude-sonnet-4-5", max_tokens: 256, messages: [{ role: "user", content: "Hello!" }] });

Press Ctrl-C to stop the gateway and the simulator.
`;
}
