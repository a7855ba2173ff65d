import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ChatMessage } from "../../schemas/openai/chat";
import { guardPersonalData } from "./personal-data";
import { personalDataSettingsSchema } from "./personal-data-settings";
import { redactionKinds } from "../../audit/redaction/kinds";
import { rulesOf } from "../../audit/redaction/redact-text";
import { redactMessages } from "./redact-messages";

const settings = (mode: string) => personalDataSettingsSchema.parse({ mode });
const userRoles = personalDataSettingsSchema.parse({}).roles;
const everyRule = rulesOf(new Set(redactionKinds));

describe("redactMessages", () => {
  it("returns the very array given when nothing is found, so a clean prompt is not copied", () => {
    const messages: ChatMessage[] = [{ role: "user", content: "Explain closures in JavaScript, with an example on line 42." }];
    const scan = redactMessages(messages, userRoles, everyRule);
    expect(scan.messages).toBe(messages);
    expect(scan.messageIndexes).toEqual([]);
  });

  it("masks text parts and string contents, leaving images, tool-call arguments and unlisted roles as they were", () => {
    const image = { type: "image_url" as const, image_url: { url: "https://example.com/jane.doe@example.com.png" } };
    const toolCall = { id: "call_1", type: "function" as const, function: { name: "send", arguments: '{"to":"jane.doe@example.com"}' } };
    const messages: ChatMessage[] = [
      { role: "system", content: "Support: help@example.org" },
      { role: "user", content: [{ type: "text", text: "mail jane.doe@example.com" }, image] },
      { role: "assistant", content: null, tool_calls: [toolCall] },
      { role: "tool", tool_call_id: "call_1", content: "sent to jane.doe@example.com" },
    ];
    const scan = redactMessages(messages, userRoles, everyRule);
    expect(scan.messageIndexes).toEqual([1, 3]);
    expect(scan.counts).toEqual({ email: 2 });
    expect(scan.messages[0]).toBe(messages[0]);
    expect(scan.messages[1]).toEqual({ role: "user", content: [{ type: "text", text: "mail [REDACTED:email]" }, image] });
    expect(scan.messages[2]).toBe(messages[2]);
    expect(scan.messages[3]).toEqual({ role: "tool", tool_call_id: "call_1", content: "sent to [REDACTED:email]" });
    expect(messages[1]).toEqual({ role: "user", content: [{ type: "text", text: "mail jane.doe@example.com" }, image] });
  });
});

describe("the kinds looked for", () => {
  it("orders every kind's rules exactly once", () => {
    expect(new Set(redactionKinds).size).toBe(redactionKinds.length);
  });

  it("masks only the kinds the policy names, and never a value of a left-out kind as less than asked", () => {
    const prompt: ChatMessage[] = [{ role: "user", content: "mail jane@example.com, card 4111 1111 1111 1111, call +44 20 7946 0958" }];
    const onlyPhones = guardPersonalData(prompt, personalDataSettingsSchema.parse({ mode: "redact", kinds: ["phone"] }));
    const masked = onlyPhones.messages[0]?.content;
    expect(masked).toContain("jane@example.com");
    expect(masked).toContain("[REDACTED:phone]");
    expect(masked).not.toContain("+44 20 7946 0958");
    expect(onlyPhones.verdict?.detail).not.toContain("email");
    const emailsAndCards = guardPersonalData(prompt, personalDataSettingsSchema.parse({ mode: "redact", kinds: ["email", "card"] }));
    expect(emailsAndCards.messages[0]?.content).toBe("mail [REDACTED:email], card [REDACTED:card], call +44 20 7946 0958");
  });

  it("refuses an empty or unknown kind list", () => {
    expect(personalDataSettingsSchema.safeParse({ kinds: [] }).success).toBe(false);
    expect(personalDataSettingsSchema.safeParse({ kinds: ["passport"] }).success).toBe(false);
  });
});

describe("guardPersonalData", () => {
  const prompt: ChatMessage[] = [{ role: "user", content: "IBAN GB82 WEST 1234 5698 7654 32, phone +44 20 7946 0958" }];

  it("does nothing when off, not even a scan verdict", () => {
    expect(guardPersonalData(prompt, settings("off"))).toEqual({ messages: prompt, verdict: null, blocked: null });
  });

  it("flags without changing, redacts with masks, blocks with a high finding", () => {
    const flagged = guardPersonalData(prompt, settings("flag"));
    expect(flagged.messages).toBe(prompt);
    expect(flagged.verdict).toEqual({ guardrail: "input.personal_data", verdict: "flagged", detail: "iban×1, phone×1 in messages[0]" });
    const redacted = guardPersonalData(prompt, settings("redact"));
    expect(redacted.messages).toEqual([{ role: "user", content: "IBAN [REDACTED:iban], phone [REDACTED:phone]" }]);
    expect(redacted.verdict?.verdict).toBe("redacted");
    const blocked = guardPersonalData(prompt, settings("block"));
    expect(blocked.blocked).toEqual({ rule: "personal_data", severity: "high", messageIndex: 0, detail: "iban×1, phone×1 in messages[0]" });
  });

  it("never lets a generated email or Luhn-valid card through under redact, wherever it sits in prose", () => {
    const word = fc.string({ unit: fc.constantFrom(..."abcdefghij klmnop,."), maxLength: 40 });
    const email = fc
      .tuple(fc.stringMatching(/^[a-z][a-z0-9._]{0,10}[a-z0-9]$/), fc.stringMatching(/^[a-z]{2,10}$/), fc.constantFrom("com", "org", "io"))
      .map(([local, domain, tld]) => `${local}@${domain}.${tld}`);
    const card = fc.constantFrom("4111111111111111", "5500 0000 0000 0004", "3400-000000-00009", "6011000990139424");
    fc.assert(
      fc.property(word, fc.oneof(email, card), word, (before, value, after) => {
        const { messages } = guardPersonalData([{ role: "user", content: `${before} ${value} ${after}` }], settings("redact"));
        const content = messages[0]?.content;
        expect(typeof content === "string" && content.includes(value)).toBe(false);
      }),
    );
  });
});
