import { describe, expect, it } from "vitest";
import { GatewayError } from "../errors/gateway-error";
import type { ChatMessage } from "../schemas/openai/chat";
import { assertHistoryFits, messageBytes } from "./history-size";

const limits = { idleTtlSeconds: 3600, maxMessages: 4, maxHistoryBytes: 1024 };
const user = (content: string): ChatMessage => ({ role: "user", content });

function refusal(run: () => void): unknown {
  try {
    run();
  } catch (error) {
    return error instanceof GatewayError ? error.reason : error;
  }
  return null;
}

describe("session history size", () => {
  it("counts a message as the UTF-8 bytes of its JSON", () => {
    expect(messageBytes(user("hi"))).toBe('{"role":"user","content":"hi"}'.length);
    // "é" is two bytes in UTF-8, one UTF-16 unit.
    expect(messageBytes(user("é"))).toBe(messageBytes(user("e")) + 1);
  });

  it("admits a request that reaches the limits exactly", () => {
    expect(refusal(() => assertHistoryFits({ messages: 2, bytes: 100 }, [user("a"), user("b")], limits))).toBeNull();
  });

  it("refuses when stored and new messages together are too many", () => {
    expect(refusal(() => assertHistoryFits({ messages: 3, bytes: 10 }, [user("a"), user("b")], limits))).toEqual({
      kind: "session_too_large",
      limit: "messages",
      max: 4,
    });
  });

  it("refuses when stored and new bytes together are too many", () => {
    const stored = { messages: 1, bytes: 1024 - messageBytes(user("x")) + 1 };
    expect(refusal(() => assertHistoryFits(stored, [user("x")], limits))).toEqual({ kind: "session_too_large", limit: "bytes", max: 1024 });
    expect(refusal(() => assertHistoryFits({ messages: 1, bytes: stored.bytes - 1 }, [user("x")], limits))).toBeNull();
  });
});
