/** What `npm start` prints once everything answers: where it is, the key, and two ways to call it. */
export function readyBanner(url: string, devKey: string, simulatorOrigin: string, configPath: string): string {
  return `
Switchboard is running at ${url}
  dev API key     ${devKey}   (local only, seeded into .wrangler/state)
  config          ${configPath}
  simulator       ${simulatorOrigin}   (simulated providers: openai-us, openai-eu, openai-ap)

Try it with curl:
  curl ${url}/v1/chat/completions \\
    -H "Authorization: Bearer ${devKey}" -H "Content-Type: application/json" \\
    -d '{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Hello!"}]}'

Or with the OpenAI SDK (npm install openai):
  import OpenAI from "openai";
  const client = new OpenAI({ baseURL: "${url}/v1", apiKey: "${devKey}" });
  const reply = await client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "Hello!" }] });
  console.log(reply.choices[0].message.content);

Press Ctrl-C to stop the gateway and the simulator.
`;
}
