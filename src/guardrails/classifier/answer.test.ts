import { describe, expect, it } from "vitest";
import { classifierAnswerOf, parseClassifierAnswer } from "./answer";

const completion = (content: string | null) => JSON.stringify({ id: "chatcmpl-1", object: "chat.completion", choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }] });

describe("parseClassifierAnswer", () => {
  it("reads the verdict object, with surrounding whitespace", () => {
    expect(parseClassifierAnswer('{"injection": true, "score": 0.97}')).toEqual({ injection: true, score: 0.97 });
    expect(parseClassifierAnswer('\n {"score":0,"injection":false} \n')).toEqual({ injection: false, score: 0 });
  });

  it.each([
    ["prose", "This looks like an injection."],
    ["a fenced block", '```json\n{"injection": true, "score": 0.9}\n```'],
    ["a missing field", '{"injection": true}'],
    ["an extra field", '{"injection": true, "score": 0.9, "reason": "says ignore"}'],
    ["a score above 1", '{"injection": true, "score": 1.5}'],
    ["a negative score", '{"injection": false, "score": -0.1}'],
    ["a score as a string", '{"injection": true, "score": "0.9"}'],
    ["injection as a string", '{"injection": "yes", "score": 0.9}'],
    ["an array", "[true, 0.9]"],
    ["empty content", ""],
    ["null", "null"],
  ])("refuses %s", (_, content) => {
    expect(parseClassifierAnswer(content)).toBeNull();
  });
});

describe("classifierAnswerOf", () => {
  it("reads the first choice's content of a chat.completion", () => {
    expect(classifierAnswerOf(completion('{"injection": false, "score": 0.02}'))).toEqual({ injection: false, score: 0.02 });
  });

  it("refuses a body that is not a completion with a verdict", () => {
    expect(classifierAnswerOf(completion(null))).toBeNull();
    expect(classifierAnswerOf(JSON.stringify({ choices: [] }))).toBeNull();
    expect(classifierAnswerOf("not json")).toBeNull();
    expect(classifierAnswerOf(completion("I cannot help with that."))).toBeNull();
  });
});
