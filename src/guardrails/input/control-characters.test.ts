import { describe, expect, it } from "vitest";
import { controlCharactersRule } from "./control-characters";
import { checkText } from "./rule-test-support";

describe("control_characters", () => {
  it.each([
    ["a\u0000b", "NUL", "medium"],
    ["\u001b[31mred\u001b[0m", "escape ×2", "medium"],
    ["\u009b2J", "escape", "medium"],
    ["bell\u0007", "C0 control", "low"],
    ["del\u007f", "DEL", "low"],
    ["c1\u0085", "C1 control", "low"],
  ])("flags %j", (text, detail, severity) => {
    expect(checkText(controlCharactersRule, text)).toEqual([{ rule: "control_characters", severity, messageIndex: 0, detail }]);
  });

  it("passes tabs, newlines and carriage returns", () => {
    expect(checkText(controlCharactersRule, "col1\tcol2\r\nrow\n")).toEqual([]);
  });
});
