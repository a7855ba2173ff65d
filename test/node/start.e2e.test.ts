import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultDevAdminKey, defaultDevKey } from "../../scripts/lib/dev-key";
import { runWalkthrough, shellBlockAfter } from "./support/shell-walkthrough";

const root = resolve(import.meta.dirname, "../..");

interface Launched {
  readonly child: ChildProcess;
  output: string;
  readonly exited: Promise<number | null>;
}

/** Starts the launcher exactly as `npm start` does, minus the dependency check npm already passed. */
function launch(env: Record<string, string>): Launched {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/dev.ts"], {
    cwd: root,
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const launched: Launched = {
    child,
    output: "",
    exited: new Promise((done) => child.once("exit", (code) => done(code))),
  };
  child.stdout?.on("data", (chunk: Buffer) => (launched.output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (launched.output += chunk.toString()));
  return launched;
}

async function waitForOutput(launched: Launched, text: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!launched.output.includes(text)) {
    if (launched.child.exitCode !== null) throw new Error(`launcher exited early:\n${launched.output}`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for "${text}":\n${launched.output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const address = server.address();
  await new Promise((r) => server.close(r));
  if (typeof address !== "object" || address === null) throw new Error("no port");
  return address.port;
}

describe("npm start: the real local stack, driven by the official openai SDK", () => {
  let launched: Launched;
  let port: number;
  let client: OpenAI;

  beforeAll(async () => {
    port = await freePort();
    launched = launch({ PORT: String(port) });
    await waitForOutput(launched, "Press Ctrl-C", 110_000);
    client = new OpenAI({ baseURL: `http://127.0.0.1:${port}/v1`, apiKey: defaultDevKey, maxRetries: 0 });
  }, 120_000);

  afterAll(async () => {
    if (launched.child.exitCode === null) launched.child.kill("SIGINT");
    await launched.exited;
  });

  it("prints the URL, the dev key, a curl line and an SDK snippet", () => {
    expect(launched.output).toContain(`Switchboard is running at http://127.0.0.1:${port}`);
    expect(launched.output).toContain(defaultDevKey);
    expect(launched.output).toContain(`curl http://127.0.0.1:${port}/v1/chat/completions`);
    expect(launched.output).toContain("new OpenAI({");
    expect(launched.output).toContain("new Anthropic({");
    expect(launched.output).toMatch(/models {10}gpt-4o-mini, .*claude-sonnet-4-5, .*gemini-2\.5-flash/);
  });

  it("serves chat (plain and streamed with tools and usage), embeddings and models", async () => {
    const plain = await client.chat.completions.create({
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: "Hello from the e2e test" }],
    });
    expect(plain.choices[0]?.message.content).toContain("Hello from the e2e test");

    const stream = await client.chat.completions.create({
      model: "gpt-4o",
      messages: [{ role: "user", content: "Find flights to Rome" }],
      tools: [{ type: "function", function: { name: "find_flights", parameters: { type: "object", properties: { to: { type: "string" } }, required: ["to"] } } }],
      tool_choice: "auto",
      stream: true,
      stream_options: { include_usage: true },
    });
    let toolName = "";
    let usageSeen = false;
    for await (const chunk of stream) {
      toolName += chunk.choices[0]?.delta.tool_calls?.[0]?.function?.name ?? "";
      usageSeen ||= Boolean(chunk.usage);
    }
    expect(toolName).toBe("find_flights");
    expect(usageSeen).toBe(true);

    const json = await client.chat.completions.create({
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: "JSON please" }],
      response_format: { type: "json_object" },
    });
    expect(() => JSON.parse(json.choices[0]?.message.content ?? "")).not.toThrow();

    const embedding = await client.embeddings.create({ model: "text-embedding-3-small", input: "vector me" });
    expect(embedding.data[0]?.embedding.length).toBeGreaterThan(0);

    const models: string[] = [];
    for await (const model of client.models.list()) models.push(model.id);
    expect(models).toEqual(expect.arrayContaining(["gpt-4o-mini", "gpt-4o", "text-embedding-3-small"]));
  });

  it("offers one model per provider family, and Anthropic's API to Anthropic's SDK", async () => {
    // claude-sonnet-4-5 has a US and an EU target under latency routing, so either region may serve it.
    for (const [model, family] of [
      ["claude-sonnet-4-5", /Simulated anthropic-(us|eu) /],
      ["gemini-2.5-flash", /Simulated gemini-us /],
      ["azure-gpt-4o-mini", /Simulated azure-eu /],
    ] as const) {
      const completion = await client.chat.completions.create({ model, messages: [{ role: "user", content: "Which family?" }] });
      expect(completion.choices[0]?.message.content, model).toMatch(family);
    }
    const anthropic = new Anthropic({ baseURL: `http://127.0.0.1:${port}`, apiKey: defaultDevKey, maxRetries: 0 });
    const message = await anthropic.messages.create({
      model: "gpt-4o-mini",
      max_tokens: 100,
      messages: [{ role: "user", content: "Hello in Anthropic's format" }],
    });
    expect(message.content[0]?.type === "text" && message.content[0].text).toContain("Hello in Anthropic's format");
  });

  it("limits the dev tenant through its RateLimiter object and keeps a session in its Session object", async () => {
    const sessionId = `e2e-${Date.now()}`;
    const first = await client.chat.completions
      .create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "Remember the word teal." }], max_tokens: 20 }, { headers: { "x-session-id": sessionId } })
      .withResponse();
    expect(first.response.headers.get("ratelimit-policy")).toContain('"tenant-requests";q=600;w=60');
    expect(first.response.headers.get("x-ratelimit-remaining-requests")).toMatch(/^\d+$/);
    const deadline = Date.now() + 5000;
    let stored = 0;
    while (stored < 2 && Date.now() < deadline) {
      const session = await fetch(`http://127.0.0.1:${port}/v1/sessions/${sessionId}`, { headers: { authorization: `Bearer ${defaultDevKey}` } });
      stored = session.status === 200 ? ((await session.json()) as { messages: unknown[] }).messages.length : 0;
      if (stored < 2) await new Promise((r) => setTimeout(r, 100));
    }
    expect(stored).toBe(2);
  });

  it("runs docs/operations.md's policy walkthrough as written: every command answers as the doc says", async () => {
    const doc = await readFile(join(root, "docs", "operations.md"), "utf8");
    const script = shellBlockAfter(doc, "## Every policy change through the API, with curl");
    const origin = `http://127.0.0.1:${port}`;
    try {
      const { calls, variables } = await runWalkthrough(script, { overrides: { GW: origin } });
      expect(calls.length).toBeGreaterThan(20);
      // Every change is in the admin tenant's trail, with what it changed (records arrive in batches, hence the wait).
      const actions = ["key.create", "tenant.policy.put", "key.update", "kill_switch.pull", "config.override.put", "key.rotate", "tenant.policy.delete"];
      const exportTrail = async () =>
        (await fetch(`${origin}/v1/audit/export?tenant=ops&format=jsonl`, { headers: { authorization: `Bearer ${variables.get("ADMIN_KEY")}` } })).text();
      let trail = "";
      for (let attempt = 0; attempt < 20 && !actions.every((action) => trail.includes(`"action":"${action}"`)); attempt += 1) {
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 250));
        trail = await exportTrail();
      }
      for (const action of actions) expect(trail, action).toContain(`"action":"${action}"`);
      // The walkthrough's admin credential is the one npm start prints.
      expect(launched.output).toContain(defaultDevAdminKey);
    } finally {
      const auth = { authorization: `Bearer ${defaultDevAdminKey}` };
      await fetch(`${origin}/v1/admin/config/overrides`, { method: "DELETE", headers: auth });
      await fetch(`${origin}/v1/admin/kill-switches/tenant/acme`, { method: "DELETE", headers: auth });
    }
  }, 60_000);

  it("refuses a wrong key with the OpenAI SDK's AuthenticationError", async () => {
    const wrong = new OpenAI({ baseURL: `http://127.0.0.1:${port}/v1`, apiKey: "sk-sb-wrong", maxRetries: 0 });
    await expect(wrong.models.list()).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
  });

  it("stops everything it started on Ctrl-C (SIGINT)", async () => {
    launched.child.kill("SIGINT");
    expect(await launched.exited).toBe(0);
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  });
});

describe("npm start refuses to start on bad input", () => {
  it("names the bad field of an invalid SWITCHBOARD_CONFIG and why", async () => {
    const dir = await mkdtemp(join(tmpdir(), "switchboard-config-"));
    const path = join(dir, "config.json");
    await writeFile(
      path,
      JSON.stringify({
        version: 1,
        providers: { p: { kind: "openai", baseUrl: "not a url", region: "us" } },
        targets: { t: { provider: "p", model: "m" } },
        models: { m: { targets: ["t", "missing"] } },
      }),
    );
    const launched = launch({ PORT: String(await freePort()), SWITCHBOARD_CONFIG: path });
    expect(await launched.exited).toBe(1);
    expect(launched.output).toContain("Invalid Switchboard config");
    expect(launched.output).toContain("providers.p.baseUrl: must be an absolute http(s) URL");
    expect(launched.output).toContain('models.m.targets[1]: unknown target "missing"');
  });

  it("says which port is taken instead of failing obscurely", async () => {
    const blocker: Server = createServer();
    await new Promise<void>((r) => blocker.listen(0, "127.0.0.1", r));
    const address = blocker.address();
    const port = typeof address === "object" && address ? address.port : 0;
    try {
      const launched = launch({ PORT: String(port) });
      expect(await launched.exited).toBe(1);
      expect(launched.output).toContain(`Port ${port} on 127.0.0.1 is already in use`);
      expect(launched.output).toContain("PORT=");
    } finally {
      await new Promise((r) => blocker.close(r));
    }
  });
});
