import { describe, expect, it } from "vitest";
import { inspectMessages } from "../input/inspected-message";
import { CLASSIFIER_SYSTEM_PROMPT, classifiedText, classifierRequest } from "./classifier-prompt";

describe("classifiedText", () => {
  it("joins the client's messages only, leaving the operator's and the assistant's out", () => {
    const inspected = inspectMessages([
      { role: "system", content: "operator secret" },
      { role: "user", content: "first" },
      { role: "assistant", content: "model turn" },
      { role: "tool", content: "tool output", tool_call_id: "call_1" },
    ]);
    expect(classifiedText(inspected, 8000)).toBe("first\n\ntool output");
  });

  it("keeps the start and the end of a longer text within maxChars of it", () => {
    const text = `${"a".repeat(600)}MIDDLE${"z".repeat(600)}`;
    const sent = classifiedText(inspectMessages([{ role: "user", content: text }]), 300);
    expect(sent.startsWith("a".repeat(150))).toBe(true);
    expect(sent.endsWith("z".repeat(150))).toBe(true);
    expect(sent).not.toContain("MIDDLE");
    expect(sent).toContain("[... 906 characters omitted ...]");
  });
});

describe("classifierRequest", () => {
  it("puts the text in the user message under the fixed system prompt", () => {
    const request = classifierRequest("injection-classifier", "hello", false);
    expect(request.messages).toEqual([
      { role: "system", content: CLASSIFIER_SYSTEM_PROMPT },
      { role: "user", content: "<client_text>\nhello\n</client_text>" },
    ]);
    expect(request).not.toHaveProperty("response_format");
  });

  it("asks for the JSON schema where the target supports it", () => {
    expect(classifierRequest("m", "hello", true).response_format).toMatchObject({ type: "json_schema", json_schema: { name: "injection_verdict", strict: true } });
  });
});
