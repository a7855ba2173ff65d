import { env, exports } from "cloudflare:workers";
import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import { inject, vi } from "vitest";
import { generateApiKey, hashApiKey, keyRecordKey } from "../../src/governance/api-key";
import type { KeyRecord, Role } from "../../src/schemas/key-record";

export const gatewayOrigin = "http://gateway.test";

/** Calls the Worker's own fetch handler, exactly as a deployed request would arrive. */
export function callGateway(path: string, init?: RequestInit<IncomingRequestCfProperties>): Promise<Response> {
  return exports.default.fetch(new Request(`${gatewayOrigin}${path}`, init));
}

/** Mints a real key into the real local KV and returns it. */
export async function mintKey(overrides: Partial<KeyRecord> & { role?: Role } = {}): Promise<string> {
  const key = generateApiKey();
  const record: KeyRecord = {
    keyId: `key_${crypto.randomUUID().slice(0, 8)}`,
    tenantId: "tenant-test",
    role: "app",
    createdAt: new Date().toISOString(),
    ...overrides,
  };
  await env.KEYS.put(keyRecordKey(await hashApiKey(key)), JSON.stringify(record));
  return key;
}

/** The official OpenAI SDK, pointed at the gateway; its requests go to the Worker's fetch handler. */
export function openaiClient(apiKey: string): OpenAI {
  return new OpenAI({
    apiKey,
    baseURL: `${gatewayOrigin}/v1`,
    maxRetries: 0,
    fetch: (url, init) => exports.default.fetch(new Request(url, init)),
  });
}

/** The official Anthropic SDK, pointed at the gateway's `/v1/messages`; it sends the key as `x-api-key`. */
export function anthropicClient(apiKey: string): Anthropic {
  return new Anthropic({
    apiKey,
    baseURL: gatewayOrigin,
    maxRetries: 0,
    fetch: (url, init) => exports.default.fetch(new Request(url, init)),
  });
}

export function postJson(
  path: string,
  key: string | null,
  body: unknown,
  headers: Record<string, string> = {},
  cf?: Partial<IncomingRequestCfProperties>,
): Promise<Response> {
  return callGateway(path, {
    method: "POST",
    ...(cf ? { cf: cf as IncomingRequestCfProperties } : {}),
    headers: { "content-type": "application/json", ...(key ? { authorization: `Bearer ${key}` } : {}), ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

export interface RecordedUpstreamRequest {
  readonly provider: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** What the simulator received whose body contains `marker` (a unique string put in a prompt). */
export async function upstreamRequestsContaining(marker: string): Promise<RecordedUpstreamRequest[]> {
  const response = await fetch(`${inject("simulatorOrigin")}/_sim/requests?contains=${encodeURIComponent(marker)}`);
  const body = (await response.json()) as { data: RecordedUpstreamRequest[] };
  return body.data;
}

export interface OpenAIErrorShape {
  error: { message: string; type: string; param: string | null; code: string | null };
}

export async function readError(response: Response): Promise<OpenAIErrorShape> {
  const body = (await response.json()) as OpenAIErrorShape;
  return body;
}

/** Captures the gateway's JSON log lines (and keeps them off the console) until mocks are restored. */
export function captureLogLines(): () => Array<Record<string, unknown>> {
  const spy = vi.spyOn(console, "log").mockImplementation(() => undefined);
  return () =>
    spy.mock.calls
      .map((args) => String(args[0]))
      .filter((line) => line.startsWith("{"))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** Polls until `read` returns a value: log lines of streams, and shared scores, are written after the response. */
export async function waitFor<T>(read: () => T | undefined | Promise<T | undefined>, timeoutMs = 3000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Sets a simulated provider's run-time faults (docs/simulator.md); `{}` clears them. */
export async function setSimulatorFaults(provider: string, faults: object): Promise<void> {
  const response = await fetch(`${inject("simulatorOrigin")}/_sim/faults/${provider}`, { method: "PUT", body: JSON.stringify(faults) });
  if (response.status !== 200) throw new Error(`faults for ${provider} refused: ${await response.text()}`);
  await response.text();
}
