import { describe, expect, it } from "vitest";
import { trimCutEnd } from "./trim-cut-end";

describe("trimCutEnd", () => {
  it("drops the partial last word", () => {
    expect(trimCutEnd("my key is sk-proj-Abc")).toBe("my key is");
    expect(trimCutEnd("write to jane.doe@exa")).toBe("write to");
  });

  it("drops a number written in groups before the cut, not just its last group", () => {
    expect(trimCutEnd("call me on +1 415 555")).toBe("call me on");
    expect(trimCutEnd("card 4111 1111 1111")).toBe("card");
  });

  it("keeps the words before a cut that fell on a space, and copes with text that is one word", () => {
    expect(trimCutEnd("hello world ")).toBe("hello world");
    expect(trimCutEnd("dial +1 415 ")).toBe("dial");
    expect(trimCutEnd("abcdef")).toBe("");
    expect(trimCutEnd("")).toBe("");
  });
});
