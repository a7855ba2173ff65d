import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { AuditMode } from "../../src/schemas/audit-policy";
import { tenantPolicySchema } from "../../src/schemas/limits";
import { tenantPolicyKey } from "../../src/state/tenant-policy-key";
import { waitForAuditRecord } from "./audit-record-reader";
import { anthropicClient, mintKey, postJson } from "./helpers";

const secretKey = "sk-proj-Abcdefghijklmnopqrstuvwxyz0123456789ABCD";
const email = "jane.doe@example.com";
/** `audit.maxContentBytes` in the test config. */
const contentLimitBytes = 8192;
const prompt = `Please write to ${email}; my key is ${secretKey}.`;

/** A fresh tenant whose KV policy sets its audit mode, with an app key and an auditor key. */
async function tenantInMode(mode: AuditMode | null): Promise<{ tenantId: string; app: string; auditor: string }> {
  const tenantId = `content-${crypto.randomUUID().slice(0, 8)}`;
  if (mode !== null) await env.KEYS.put(tenantPolicyKey(tenantId), JSON.stringify(tenantPolicySchema.parse({ audit: { mode } })));
  return { tenantId, app: await mintKey({ tenantId }), auditor: await mintKey({ tenantId, role: "auditor" }) };
}

async function sha256Hex(bytes: Uint8Array | string): Promise<string> {
  const data = typeof bytes === "string" ? new TextEncoder().encode(bytes) : bytes;
  return [...new Uint8Array(await crypto.subtle.digest("SHA-256", data))].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}

async function chat(app: string, body: Record<string, unknown>): Promise<{ requestId: string; bodyText: string; bytes: Uint8Array; sent: string }> {
  const sent = JSON.stringify({ model: "gpt-4o-mini", max_tokens: 40, ...body });
  const response = await postJson("/v1/chat/completions", app, sent);
  expect(response.status).toBe(200);
  const bytes = new Uint8Array(await response.arrayBuffer());
  return { requestId: response.headers.get("x-request-id") as string, bodyText: new TextDecoder().decode(bytes), bytes, sent };
}

describe("audit content modes", () => {
  it("metadata (the default) keeps only the SHA-256 of the request and the answer as exchanged", async () => {
    const { app, auditor } = await tenantInMode(null);
    const call = await chat(app, { messages: [{ role: "user", content: prompt }] });
    const record = await waitForAuditRecord(auditor, call.requestId);
    expect(record.content).toEqual({
      mode: "metadata",
      requestSha256: await sha256Hex(call.sent),
      responseSha256: await sha256Hex(call.bytes),
      request: null,
      response: null,
      truncated: false,
      redactions: null,
    });
    expect(JSON.stringify(record)).not.toContain(email);
    expect(record.policyVersion).toBe("none");
    expect(record.guardrails).toEqual([]);
  });

  it("full keeps the request and the answer as sent, and names the policy version", async () => {
    const { tenantId, app, auditor } = await tenantInMode("full");
    const call = await chat(app, { messages: [{ role: "user", content: prompt }] });
    const record = await waitForAuditRecord(auditor, call.requestId);
    expect(record.content.mode).toBe("full");
    expect(record.content.request).toEqual(JSON.parse(call.sent));
    expect(record.content.response).toEqual(JSON.parse(call.bodyText));
    expect(record.content.responseSha256).toBe(await sha256Hex(call.bytes));
    const stored = await env.KEYS.get(tenantPolicyKey(tenantId));
    expect(record.policyVersion).toBe(`kv:${(await sha256Hex(stored ?? "")).slice(0, 16)}`);
  });

  it("redacted masks personal data and secrets on both sides, and counts what it masked", async () => {
    const { app, auditor } = await tenantInMode("redacted");
    const call = await chat(app, { messages: [{ role: "user", content: prompt }] });
    expect(call.bodyText).toContain(email);
    const record = await waitForAuditRecord(auditor, call.requestId);
    const kept = JSON.stringify(record);
    expect(kept).not.toContain(email);
    expect(kept).not.toContain(secretKey);
    expect(kept).toContain("[REDACTED:email]");
    expect(kept).toContain("[REDACTED:api_key]");
    expect(record.content.redactions?.email).toBeGreaterThanOrEqual(2);
    expect(record.content.redactions?.api_key).toBeGreaterThanOrEqual(1);
    // The hashes are of the bytes exchanged, unmasked: a holder of the original can prove it.
    expect(record.content.requestSha256).toBe(await sha256Hex(call.sent));
  });

  it("a stream keeps its hash over the bytes the client received, and in full mode the text it said", async () => {
    const { app, auditor } = await tenantInMode("full");
    const call = await chat(app, { stream: true, messages: [{ role: "user", content: "[[sim chunks=5]] tell a story" }] });
    const said = call.bodyText
      .split("\n")
      .filter((line) => line.startsWith("data: {"))
      .map((line) => JSON.parse(line.slice(6)) as { choices: { delta?: { content?: string } }[] })
      .map((chunk) => chunk.choices[0]?.delta?.content ?? "")
      .join("");
    expect(said.length).toBeGreaterThan(0);
    const record = await waitForAuditRecord(auditor, call.requestId);
    expect(record.content.responseSha256).toBe(await sha256Hex(call.bytes));
    expect(record.content.response).toEqual({ stream: true, text: said, toolCalls: [] });
  });

  it("keeps the beginning of content past the limit as text, and hashes all of it", async () => {
    const { app, auditor } = await tenantInMode("full");
    const call = await chat(app, { messages: [{ role: "user", content: "x".repeat(contentLimitBytes + 1000) }] });
    const record = await waitForAuditRecord(auditor, call.requestId);
    expect(record.content.truncated).toBe(true);
    expect(typeof record.content.request).toBe("string");
    expect((record.content.request as string).length).toBe(contentLimitBytes);
    expect(record.content.requestSha256).toBe(await sha256Hex(call.sent));
  });

  it("masks a secret split by the cut of a long side whole, in redacted mode", async () => {
    const { app, auditor } = await tenantInMode("redacted");
    const opening = JSON.stringify({ model: "gpt-4o-mini", max_tokens: 40, messages: [{ role: "user", content: "" }] }).indexOf('"content":"') + 11;
    const filler = "words ".repeat(Math.floor((contentLimitBytes - opening - 12) / 6));
    const call = await chat(app, { messages: [{ role: "user", content: `${filler}${"w".repeat(contentLimitBytes - opening - 12 - filler.length)} ${secretKey} and more after it` }] });
    const record = await waitForAuditRecord(auditor, call.requestId);
    expect(record.content.truncated).toBe(true);
    expect(record.content.request).toEqual(expect.stringContaining("[REDACTED:"));
    expect(JSON.stringify(record)).not.toContain("sk-proj");
  });

  it("audits a request refused before routing in its tenant's mode, with the tenant's policy version", async () => {
    const { app, auditor } = await tenantInMode("full");
    const response = await postJson("/v1/chat/completions", app, { model: "gpt-4o-mini", messages: "not a list" });
    expect(response.status).toBe(400);
    const record = await waitForAuditRecord(auditor, response.headers.get("x-request-id") as string);
    expect(record.content.mode).toBe("full");
    expect(record.content.request).toEqual({ model: "gpt-4o-mini", messages: "not a list" });
    expect(record.content.response).toBeNull();
    expect(record.policyVersion).toMatch(/^kv:[0-9a-f]{16}$/);
  });

  it("reads the answer of a stream in Anthropic's format (/v1/messages), masked in redacted mode", async () => {
    const { app, auditor } = await tenantInMode("redacted");
    const stream = anthropicClient(app).messages.stream({ model: "gpt-4o-mini", max_tokens: 60, messages: [{ role: "user", content: `mail ${email}` }] });
    const { response } = await stream.withResponse();
    const said = await stream.finalText();
    expect(said).toContain(email);
    const record = await waitForAuditRecord(auditor, response.headers.get("x-request-id") as string);
    expect(record.path).toBe("/v1/messages");
    expect(record.content.response).toEqual({ stream: true, text: said.replaceAll(email, "[REDACTED:email]"), toolCalls: [] });
    expect(record.content.responseSha256).toMatch(/^[0-9a-f]{64}$/);
  });
});
