import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { hashApiKey } from "../../src/governance/api-key";
import { adminBootstrapTestKey, simulatorTestKey } from "../support/constants";
import { bootstrapKey, captureConsoleText, uniqueTenant } from "./admin-helpers";
import { callGateway, mintKey } from "./helpers";

// Issue 8: fuzzed request bodies on every route that reads one, each with the role it needs.
// Property: never a 5xx (except an upstream failure named as one), every error in the route's error
// shape, and no error message echoing a secret. Models are unknown wherever possible, so fuzzed
// bodies do not reach the simulator.

const fuzzTenant = uniqueTenant("fuzz");
/** The tenant whose policy is fuzzed: not the one whose app key calls models here, so no fuzzed limit applies to those calls. */
const policyTenant = uniqueTenant("fuzz-policy");
let appKey = "";
let adminKey = "";
const secrets: string[] = [adminBootstrapTestKey, simulatorTestKey, "sk-provider-wrong-key-SECRET"];

let consoleText: () => string[] = () => [];

beforeAll(async () => {
  // Off the console (hundreds of lines would slow the run), and scanned for secrets at the end.
  consoleText = captureConsoleText();
  appKey = await mintKey({ tenantId: fuzzTenant, role: "app" });
  adminKey = await mintKey({ tenantId: fuzzTenant, role: "admin" });
  secrets.push(appKey, adminKey, await hashApiKey(appKey), await hashApiKey(adminKey));
});

/** Kill switches pulled by the fuzzing of their route: released so they cannot outlive it. */
afterAll(async () => {
  await releaseAllSwitches();
  for (const line of consoleText()) for (const secret of secrets) expect(line).not.toContain(secret);
  vi.restoreAllMocks();
});

async function releaseAllSwitches(): Promise<void> {
  const listed = await callGateway("/v1/admin/kill-switches", { headers: { authorization: `Bearer ${adminKey}` } });
  const body = (await listed.json()) as { data: Array<{ scope: string; id: string | null }> };
  for (const pulled of body.data) {
    const response = await callGateway(`/v1/admin/kill-switches/${pulled.scope}/${encodeURIComponent(pulled.id ?? "_")}`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${adminKey}` },
    });
    await response.text();
  }
}

interface Target {
  readonly method: "POST" | "PUT";
  readonly path: string;
  readonly key: () => string;
  readonly anthropic?: boolean;
}

const targets = {
  chat: { method: "POST", path: "/v1/chat/completions", key: () => appKey },
  embeddings: { method: "POST", path: "/v1/embeddings", key: () => appKey },
  messages: { method: "POST", path: "/v1/messages", key: () => appKey, anthropic: true },
  keys: { method: "POST", path: "/v1/admin/keys", key: () => adminKey },
  policy: { method: "PUT", path: `/v1/admin/tenants/${policyTenant}/policy`, key: () => adminKey },
  killSwitches: { method: "PUT", path: "/v1/admin/kill-switches", key: () => adminKey },
} satisfies Record<string, Target>;

/** Upstream failures are the only 5xx a fuzzed body may legitimately get (a valid chat that reached the simulator). */
const upstreamCodes = new Set(["upstream_error", "upstream_rate_limited", "upstream_timeout"]);

interface Sent {
  readonly body: string | Uint8Array | null;
  readonly contentType?: string | null;
}

let requests = 0;

async function send(target: Target, sent: Sent): Promise<void> {
  requests++;
  const contentType = sent.contentType === undefined ? "application/json" : sent.contentType;
  const response = await callGateway(target.path, {
    method: target.method,
    headers: { authorization: `Bearer ${target.key()}`, ...(contentType === null ? {} : { "content-type": contentType }) },
    ...(sent.body === null ? {} : { body: sent.body }),
  });
  const text = await response.text();
  // ASCII only: a lone surrogate in a failure message would break the pool's RPC to vitest.
  const context = ascii(`${target.method} ${target.path} -> ${response.status} ${text.slice(0, 300)}\nbody: ${describeBody(sent.body)}`);
  expect(response.headers.get("x-request-id"), context).toBeTruthy();
  if (response.status < 400) return;

  let parsed: { type?: unknown; error?: Record<string, unknown> };
  try {
    parsed = JSON.parse(text) as typeof parsed;
  } catch {
    throw new Error(`error body is not JSON: ${context}`);
  }
  const error = parsed.error ?? {};
  if (target.anthropic === true) {
    expect(parsed.type, context).toBe("error");
    expect(Object.keys(error).sort(), context).toEqual(["message", "type"]);
    expect(typeof error.type, context).toBe("string");
    if (response.status >= 500) expect([502, 503, 504], context).toContain(response.status);
  } else {
    expect(Object.keys(parsed).sort(), context).toEqual(["error"]);
    expect(Object.keys(error).sort(), context).toEqual(["code", "message", "param", "type"]);
    expect(typeof error.type, context).toBe("string");
    expect(error.param === null || typeof error.param === "string", context).toBe(true);
    expect(error.code === null || typeof error.code === "string", context).toBe(true);
    if (response.status >= 500) {
      expect([502, 503, 504], context).toContain(response.status);
      expect(upstreamCodes.has(String(error.code)), context).toBe(true);
    }
  }
  expect(typeof error.message, context).toBe("string");
  for (const secret of secrets) expect(String(error.message), context).not.toContain(secret);
  for (const secret of secrets) expect(text, context).not.toContain(secret);
}

function ascii(text: string): string {
  return text.replace(/[^\x20-\x7e\n]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

function describeBody(body: Sent["body"]): string {
  if (body === null) return "(none)";
  if (typeof body === "string") return body.length > 300 ? `${body.slice(0, 300)}… (${body.length} chars)` : body;
  return `bytes[${body.byteLength}] ${Array.from(body.slice(0, 40), (byte) => byte.toString(16).padStart(2, "0")).join(" ")}`;
}

// ---- arbitraries -----------------------------------------------------------------------------

/** Strings with lone surrogates, control characters and the rest of Unicode. */
const nastyString = fc.oneof(
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({ unit: fc.integer({ min: 0, max: 0x1f }).map((code) => String.fromCharCode(code)), maxLength: 20 }),
  fc.constantFrom("\ud800", "\udfff", "a\ud83d", "\u0000", "\u202e", "\ufeff", "🦄", "𝕏", "\\", '"', "</script>", "${x}", "%s%n"),
);

/** A JSON value of a wrong type, or a nasty one, to put in place of a field. */
const wrongValue = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  nastyString,
  fc.constantFrom(null, true, false, 0, -1, 1e308, -0, 2 ** 53 + 1, [], {}, "", [null], { "": null }),
);

/** Deep nesting: `[[[…]]]` or `{"a":{"a":…}}`, as text (too deep to build as a value cheaply). */
const deepText = fc
  .tuple(fc.integer({ min: 100, max: 20_000 }), fc.boolean())
  .map(([depth, arrays]) => (arrays ? `${"[".repeat(depth)}${"]".repeat(depth)}` : `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`));

/** A string whose body lands just under, at or just over the 64 KiB body limit (test config). */
const hugeString = fc.integer({ min: 64 * 1024 - 400, max: 64 * 1024 + 200 }).chain((length) =>
  fc.constantFrom("x", "é", "\u0000", "😀").map((unit) => unit.repeat(Math.max(1, Math.floor(length / new TextEncoder().encode(unit).byteLength)))),
);

/** Replaces some fields of a valid body (top level and one level down) by wrong values, deletes some, adds some. */
function mutated(valid: Record<string, unknown>): fc.Arbitrary<string> {
  const fields = Object.keys(valid);
  const replacement = fc.oneof(
    { weight: 5, arbitrary: wrongValue.map((value) => ({ kind: "value" as const, value })) },
    { weight: 1, arbitrary: deepText.map((text) => ({ kind: "raw" as const, text })) },
    { weight: 1, arbitrary: hugeString.map((value) => ({ kind: "value" as const, value })) },
    { weight: 1, arbitrary: fc.constant({ kind: "delete" as const }) },
  );
  return fc
    .tuple(
      fc.dictionary(fc.constantFrom(...fields), replacement, { maxKeys: fields.length }),
      fc.dictionary(fc.oneof(nastyString, fc.string({ maxLength: 8 })), wrongValue, { maxKeys: 2 }),
    )
    .map(([changes, extra]) => {
      const body: Record<string, unknown> = { ...valid };
      const raws: Record<string, string> = {};
      for (const [field, change] of Object.entries(changes)) {
        if (change.kind === "delete") delete body[field];
        else if (change.kind === "value") body[field] = change.value;
        else {
          const marker = `@@raw-${field}@@`;
          raws[JSON.stringify(marker)] = change.text;
          body[field] = marker;
        }
      }
      for (const [field, value] of Object.entries(extra)) if (!(field in valid)) body[field] = value;
      let text = JSON.stringify(body);
      for (const [marker, raw] of Object.entries(raws)) text = text.replace(marker, raw);
      return text;
    });
}

const invalidUtf8 = fc
  .tuple(fc.uint8Array({ maxLength: 60 }), fc.constantFrom([0xff], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0xf8, 0x88, 0x80, 0x80, 0x80], [0x80]))
  .map(([noise, bad]) => {
    const prefix = new TextEncoder().encode('{"model":"fuzz-no-such-model","messages":[{"role":"user","content":"');
    const suffix = new TextEncoder().encode('"}]}');
    return Uint8Array.from([...prefix, ...noise, ...bad, ...suffix]);
  });

function truncated(valid: Record<string, unknown>): fc.Arbitrary<string> {
  const text = JSON.stringify(valid);
  return fc.nat({ max: text.length - 1 }).map((n) => text.slice(0, n));
}

const contentTypes = fc.constantFrom(null, "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/xml", "application/json; charset=latin1", "", "*/*");

/** Every kind of body the brief names, around one valid body of the route. */
function bodies(valid: Record<string, unknown>): fc.Arbitrary<Sent> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((value) => ({ body: JSON.stringify(value) ?? "null" })) },
    { weight: 6, arbitrary: mutated(valid).map((body) => ({ body })) },
    { weight: 1, arbitrary: deepText.map((body) => ({ body })) },
    { weight: 1, arbitrary: hugeString.map((value) => ({ body: JSON.stringify({ ...valid, [Object.keys(valid)[0] ?? "x"]: value }) })) },
    { weight: 1, arbitrary: invalidUtf8.map((body) => ({ body })) },
    { weight: 1, arbitrary: truncated(valid).map((body) => ({ body })) },
    { weight: 1, arbitrary: fc.constantFrom<Sent>({ body: null }, { body: "" }, { body: " " }, { body: "\n\t" }, { body: "\u0000" }) },
    { weight: 1, arbitrary: contentTypes.map((contentType) => ({ body: JSON.stringify(valid), contentType })) },
  );
}

// ---- valid bodies that cannot reach a provider (unknown models) or touch shared state ----------

const validChat = { model: "fuzz-no-such-model", messages: [{ role: "user", content: "hello" }], max_tokens: 5, stream: false };
const validEmbeddings = { model: "fuzz-no-such-embedding", input: ["hello", "world"] };
const validMessages = { model: "fuzz-no-such-model", max_tokens: 5, messages: [{ role: "user", content: "hello" }] };
const validKey = { tenantId: fuzzTenant, role: "app", name: "fuzz", limits: { requestsPerMinute: 10 } };
const validPolicy = { limits: { requestsPerMinute: 100 }, failMode: "open", audit: { mode: "metadata", retentionDays: 30 } };
const validSwitch = { scope: "model", id: "fuzz-no-such-model", reason: "fuzzing" };

/** Runs per route: model routes are cheap (refused before any provider); admin routes write KV or a Durable Object. */
const modelRuns = 100;
const adminRuns = 50;

/** fc.assert, with a failure report made ASCII (a lone surrogate in it would break the pool's RPC to vitest). */
async function check(property: fc.IAsyncPropertyWithHooks<[Sent]> | fc.IAsyncProperty<[Sent]>, numRuns: number): Promise<void> {
  try {
    await fc.assert(property, { numRuns });
  } catch (error) {
    throw new Error(ascii(error instanceof Error ? error.message : String(error)));
  }
}

describe("fuzzed request bodies: never a 5xx, always the error shape, never a secret", { timeout: 60_000 }, () => {
  it("POST /v1/chat/completions (app)", async () => {
    await check(fc.asyncProperty(bodies(validChat), (sent) => send(targets.chat, sent)), modelRuns);
  });

  it("POST /v1/embeddings (app)", async () => {
    await check(fc.asyncProperty(bodies(validEmbeddings), (sent) => send(targets.embeddings, sent)), modelRuns);
  });

  it("POST /v1/messages (app, Anthropic's error shape)", async () => {
    await check(fc.asyncProperty(bodies(validMessages), (sent) => send(targets.messages, sent)), modelRuns);
  });

  it("POST /v1/admin/keys (admin; valid bodies mint a bounded number of keys of one fuzz tenant)", async () => {
    await check(fc.asyncProperty(bodies(validKey), (sent) => send(targets.keys, sent)), adminRuns);
  });

  it("PUT /v1/admin/tenants/:id/policy (admin)", async () => {
    await check(fc.asyncProperty(bodies(validPolicy), (sent) => send(targets.policy, sent)), adminRuns);
  });

  it("PUT /v1/admin/kill-switches (admin; every switch pulled is released afterwards)", async () => {
    await check(fc.asyncProperty(bodies(validSwitch), (sent) => send(targets.killSwitches, sent)), adminRuns);
    await releaseAllSwitches();
  });

  it("a valid chat that does reach the simulator still answers 200 (the fuzzing used unknown models)", async () => {
    const response = await callGateway("/v1/chat/completions", {
      method: "POST",
      headers: { authorization: `Bearer ${appKey}`, "content-type": "application/json" },
      body: JSON.stringify({ ...validChat, model: "gpt-4o-mini" }),
    });
    expect(response.status, await response.clone().text()).toBe(200);
    await response.text();
    expect(requests).toBeGreaterThanOrEqual(3 * modelRuns + 3 * adminRuns);
  });

  it("the bootstrap credential is not echoed either when it is the one fuzzing the admin API", async () => {
    await check(
      fc.asyncProperty(bodies(validKey), (sent) => send({ method: "POST", path: "/v1/admin/keys", key: () => bootstrapKey }, sent)),
      20,
    );
  });
});
