import { describe, expect, it } from "vitest";
import { redactionVerdict } from "./redaction-counts";
import { redactCompletion } from "./whole-answer";

describe("redactCompletion", () => {
  const completion = {
    id: "chatcmpl-1",
    object: "chat.completion",
    model: "m",
    choices: [
      { index: 0, message: { role: "assistant", content: "Reach me at jane@example.com or +44 20 7946 0958." }, finish_reason: "stop" },
      {
        index: 1,
        message: {
          role: "assistant",
          content: null,
          tool_calls: [{ id: "c", type: "function", function: { name: "pay", arguments: '{"card":"4111 1111 1111 1111"}' } }],
        },
        finish_reason: "tool_calls",
      },
    ],
    usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 },
  };

  it("masks message content and tool-call arguments, and counts what it masked", () => {
    const { completion: redacted, counts } = redactCompletion(completion);
    expect(redacted).toEqual({
      ...completion,
      choices: [
        { ...completion.choices[0], message: { role: "assistant", content: "Reach me at [REDACTED:email] or [REDACTED:phone]." } },
        {
          ...completion.choices[1],
          message: { role: "assistant", content: null, tool_calls: [{ id: "c", type: "function", function: { name: "pay", arguments: '{"card":"[REDACTED:card]"}' } }] },
        },
      ],
    });
    expect(counts).toEqual({ email: 1, phone: 1, card: 1 });
    expect(redactionVerdict(counts)).toEqual({ guardrail: "output.redaction", verdict: "redacted", detail: "email: 1, card: 1, phone: 1" });
  });

  it("leaves the input untouched and returns what is not a completion as it is", () => {
    const before = JSON.stringify(completion);
    redactCompletion(completion);
    expect(JSON.stringify(completion)).toBe(before);
    expect(redactCompletion("text")).toEqual({ completion: "text", counts: {} });
    expect(redactCompletion({ error: { message: "x" } })).toEqual({ completion: { error: { message: "x" } }, counts: {} });
  });

  it("reports a clean answer as allowed", () => {
    const clean = { choices: [{ index: 0, message: { role: "assistant", content: "Hello." } }] };
    const { counts } = redactCompletion(clean);
    expect(redactionVerdict(counts)).toEqual({ guardrail: "output.redaction", verdict: "allowed", detail: null });
  });
});
