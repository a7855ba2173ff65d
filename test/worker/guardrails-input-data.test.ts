import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { tenantPolicySchema } from "../../src/schemas/limits";
import { tenantPolicyKey } from "../../src/state/tenant-policy-key";
import { waitForAuditRecord } from "./audit-record-reader";
import { anthropicClient, mintKey, openaiClient, postJson, readError, upstreamRequestsContaining } from "./helpers";

// Issue 8: personal data masked before the prompt leaves for the provider, and limits on message and tool counts.

const email = "jane.doe@example.com";
const card = "4111 1111 1111 1111";
const iban = "DE89370400440532013000";

async function tenantWith(policy: Record<string, unknown>): Promise<{ app: string; auditor: string }> {
  const tenantId = `data-${crypto.randomUUID().slice(0, 8)}`;
  await env.KEYS.put(tenantPolicyKey(tenantId), JSON.stringify(tenantPolicySchema.parse(policy)));
  return { app: await mintKey({ tenantId }), auditor: await mintKey({ tenantId, role: "auditor" }) };
}

const personalData = (mode: string, roles?: string[]) => ({ guardrails: { input: { personalData: roles ? { mode, roles } : { mode } } } });

function markedPrompt(marker: string): string {
  return `${marker}: refund ${card} to ${iban}, confirm to ${email}. Order 12345 shipped 2026-05-01 for $19.99.`;
}

async function upstreamBodyOf(marker: string): Promise<string> {
  const seen = await upstreamRequestsContaining(marker);
  expect(seen).toHaveLength(1);
  return seen[0]?.body ?? "";
}

describe("personal data in the prompt", () => {
  it("redact: the provider receives masks, the client its answer, the audit record the kinds and never the values", async () => {
    const { app, auditor } = await tenantWith(personalData("redact"));
    const marker = `pii-${crypto.randomUUID()}`;
    const completion = await openaiClient(app).chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: markedPrompt(marker) }] });
    // The simulator echoes the prompt it received.
    expect(completion.choices[0]?.message.content).toContain("[REDACTED:card]");
    const upstream = await upstreamBodyOf(marker);
    for (const value of [card, iban, email]) expect(upstream).not.toContain(value);
    for (const kind of ["card", "iban", "email"]) expect(upstream).toContain(`[REDACTED:${kind}]`);
    // Ordinary numbers are not personal data.
    expect(upstream).toContain("Order 12345 shipped 2026-05-01 for $19.99");

    const response = await postJson("/v1/chat/completions", app, { model: "gpt-4o-mini", messages: [{ role: "user", content: `${email} ${marker}-2` }] });
    const record = await waitForAuditRecord(auditor, response.headers.get("x-request-id") as string);
    expect(record.guardrails).toEqual([{ guardrail: "input.personal_data", verdict: "redacted", detail: "email×1 in messages[0]" }]);
    expect(JSON.stringify(record.guardrails)).not.toContain(email);
  });

  it("leaves system messages alone unless the policy lists the role", async () => {
    const marker = `sys-${crypto.randomUUID()}`;
    const messages = [
      { role: "system" as const, content: `Escalate to support@example.org (${marker})` },
      { role: "user" as const, content: `Write to ${email}` },
    ];
    const byDefault = await tenantWith(personalData("redact"));
    await openaiClient(byDefault.app).chat.completions.create({ model: "gpt-4o-mini", messages });
    const upstream = await upstreamBodyOf(marker);
    expect(upstream).toContain("support@example.org");
    expect(upstream).not.toContain(email);

    const marker2 = `sys2-${crypto.randomUUID()}`;
    const listed = await tenantWith(personalData("redact", ["system", "user"]));
    await openaiClient(listed.app).chat.completions.create({
      model: "gpt-4o-mini",
      messages: [{ role: "system", content: `Escalate to support@example.org (${marker2})` }],
    });
    expect(await upstreamBodyOf(marker2)).not.toContain("support@example.org");
  });

  it("masks the text parts of a content array and streams the answer", async () => {
    const { app } = await tenantWith(personalData("redact"));
    const marker = `parts-${crypto.randomUUID()}`;
    const stream = await openaiClient(app).chat.completions.create({
      model: "gpt-4o-mini",
      stream: true,
      messages: [{ role: "user", content: [{ type: "text", text: marker }, { type: "text", text: `card ${card}` }] }],
    });
    let text = "";
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? "";
    expect(text).toContain("[REDACTED:card]");
    expect(await upstreamBodyOf(marker)).not.toContain(card);
  });

  it("flag: the prompt leaves unchanged and the record says what it held", async () => {
    const { app, auditor } = await tenantWith(personalData("flag"));
    const marker = `flag-${crypto.randomUUID()}`;
    const response = await postJson("/v1/chat/completions", app, { model: "gpt-4o-mini", messages: [{ role: "user", content: markedPrompt(marker) }] });
    expect(response.status).toBe(200);
    expect(await upstreamBodyOf(marker)).toContain(card);
    const record = await waitForAuditRecord(auditor, response.headers.get("x-request-id") as string);
    expect(record.guardrails).toEqual([expect.objectContaining({ guardrail: "input.personal_data", verdict: "flagged" })]);
  });

  it("block: 400 guardrail_blocked naming the guard and the kinds, never the value, and nothing sent", async () => {
    const { app, auditor } = await tenantWith(personalData("block"));
    const marker = `block-${crypto.randomUUID()}`;
    const response = await postJson("/v1/chat/completions", app, {
      model: "gpt-4o-mini",
      messages: [
        { role: "user", content: `hello ${marker}` },
        { role: "user", content: `my card is ${card}` },
      ],
    });
    expect(response.status).toBe(400);
    const { error } = await readError(response);
    expect(error).toMatchObject({ type: "invalid_request_error", code: "guardrail_blocked", param: "messages" });
    expect(error.message).toContain("personal_data");
    expect(error.message).toContain("messages[1]");
    expect(error.message).toContain("card×1");
    expect(error.message).not.toContain(card);
    expect(await upstreamRequestsContaining(marker)).toEqual([]);
    const record = await waitForAuditRecord(auditor, response.headers.get("x-request-id") as string);
    expect(record.guardrails).toEqual([expect.objectContaining({ guardrail: "input.personal_data", verdict: "blocked" })]);
  });

  it("is off by default: a tenant without the setting sends the prompt as written", async () => {
    const { app, auditor } = await tenantWith({});
    const marker = `off-${crypto.randomUUID()}`;
    const response = await postJson("/v1/chat/completions", app, { model: "gpt-4o-mini", messages: [{ role: "user", content: markedPrompt(marker) }] });
    expect(await upstreamBodyOf(marker)).toContain(email);
    expect((await waitForAuditRecord(auditor, response.headers.get("x-request-id") as string)).guardrails).toEqual([]);
  });

  it("masks an Anthropic-format request too, sending the translation instead of the native pass-through", async () => {
    const { app } = await tenantWith(personalData("redact"));
    const marker = `anth-${crypto.randomUUID()}`;
    const message = await anthropicClient(app).messages.create({
      model: "claude-sonnet",
      max_tokens: 100,
      messages: [{ role: "user", content: `${marker} mail ${email}` }],
    });
    expect(message.content[0]?.type === "text" && message.content[0].text).toContain("[REDACTED:email]");
    const upstream = await upstreamRequestsContaining(marker);
    expect(upstream).toHaveLength(1);
    expect(upstream[0]?.provider).toBe("anthropic-us");
    expect(upstream[0]?.body).not.toContain(email);
  });
});

describe("message and tool counts", () => {
  const tool = (name: string) => ({ type: "function" as const, function: { name, parameters: { type: "object", properties: {} } } });

  it("refuses more messages than the tenant allows, with the count and the ceiling", async () => {
    const { app } = await tenantWith({ guardrails: { input: { maxMessages: 2 } } });
    const messages = Array.from({ length: 3 }, (_, index) => ({ role: "user", content: `turn ${index}` }));
    const response = await postJson("/v1/chat/completions", app, { model: "gpt-4o-mini", messages });
    expect(response.status).toBe(400);
    expect((await readError(response)).error).toEqual({
      type: "invalid_request_error",
      code: "too_many_messages",
      param: "messages",
      message: "The request has 3 messages; this tenant allows at most 2 (guardrails.input.maxMessages).",
    });
    const fits = await postJson("/v1/chat/completions", app, { model: "gpt-4o-mini", messages: messages.slice(0, 2) });
    expect(fits.status).toBe(200);
  });

  it("refuses more tools than the tenant allows, on both APIs, before anything is sent", async () => {
    const { app } = await tenantWith({ guardrails: { input: { maxTools: 1 } } });
    const marker = `tools-${crypto.randomUUID()}`;
    const response = await postJson("/v1/chat/completions", app, {
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: marker }],
      tools: [tool("one"), tool("two")],
    });
    expect(response.status).toBe(400);
    expect((await readError(response)).error).toMatchObject({ code: "too_many_tools", param: "tools" });
    expect(await upstreamRequestsContaining(marker)).toEqual([]);

    const failure = await anthropicClient(app)
      .messages.create({
        model: "claude-sonnet",
        max_tokens: 50,
        messages: [{ role: "user", content: marker }],
        tools: ["one", "two"].map((name) => ({ name, input_schema: { type: "object" as const, properties: {} } })),
      })
      .catch((error: unknown) => error);
    expect(failure).toMatchObject({ status: 400, error: { type: "error", error: { type: "invalid_request_error" } } });
  });

  it("defaults to 2,048 messages and 128 tools", async () => {
    const { app } = await tenantWith({});
    const tools = Array.from({ length: 129 }, (_, index) => tool(`tool_${index}`));
    const response = await postJson("/v1/chat/completions", app, { model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }], tools });
    expect((await readError(response)).error.code).toBe("too_many_tools");
    const messages = Array.from({ length: 2049 }, () => ({ role: "user", content: "x" }));
    const many = await postJson("/v1/chat/completions", app, { model: "gpt-4o-mini", messages });
    expect((await readError(many)).error.code).toBe("too_many_messages");
  });
});
