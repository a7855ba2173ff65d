import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ChatMessage } from "../../schemas/openai/chat";
import { evaluateInput } from "./evaluate";
import { INPUT_RULE_NAMES } from "./rule";
import { inputGuardrailSettingsSchema } from "./settings";

// Every rule blocks on its least severe finding: the strictest settings there are.
const strictest = inputGuardrailSettingsSchema.parse({
  rules: Object.fromEntries(INPUT_RULE_NAMES.map((name) => [name, { mode: "block", blockAt: "low" }])),
});

const SAFE_ALPHABET = [..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;!?'\"()-\n\t"];
const safeProse = fc.string({ unit: fc.constantFrom(...SAFE_ALPHABET), maxLength: 2000 });
const roles = fc.constantFrom("user", "tool", "system", "assistant");

function message(role: string, content: string): ChatMessage {
  if (role === "tool") return { role: "tool", tool_call_id: "call_1", content };
  if (role === "user" || role === "system" || role === "assistant") return { role, content };
  throw new Error(`unexpected role ${role}`);
}

const messagesOf = (text: fc.Arbitrary<string>) =>
  fc.array(fc.tuple(roles, text).map(([role, content]) => message(role, content)), { minLength: 1, maxLength: 4 });

describe("evaluateInput properties", () => {
  it("never blocks prose drawn from a safe alphabet, even with every rule blocking at low", () => {
    fc.assert(
      fc.property(messagesOf(safeProse), (messages) => {
        expect(evaluateInput(messages, strictest).blocked).toBeNull();
      }),
    );
  });

  it("never throws on arbitrary strings, lone surrogates included", () => {
    const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code));
    const arbitraryText = fc.oneof(fc.string({ unit: "binary" }), fc.string({ unit: codeUnit }), fc.string({ unit: "grapheme" }));
    fc.assert(
      fc.property(messagesOf(arbitraryText), (messages) => {
        const { verdicts } = evaluateInput(messages, strictest);
        expect(verdicts.length).toBeGreaterThan(0);
      }),
    );
  });
});
