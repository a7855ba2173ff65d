import { describe, expect, it } from "vitest";
import { mintKey, postJson, readError } from "./helpers";

const chat = (model: string) => ({ model, messages: [{ role: "user", content: "pin me" }] });

describe("sticky provider override (x-switchboard-provider)", () => {
  it("serves from the pinned provider when the key allows it, and says so", async () => {
    const key = await mintKey({ allowProviderOverride: true });
    const response = await postJson("/v1/chat/completions", key, chat("gpt-4o-mini"), { "x-switchboard-provider": "sim-eu" });
    expect(response.status).toBe(200);
    await response.text();
    expect(response.headers.get("x-switchboard-target")).toBe("mini-eu");
    expect(response.headers.get("x-switchboard-route")).toBe("region=unknown; strategy=ordered; override=provider; candidates=mini-eu; attempts=1");
  });

  it("refuses with 403 when the key may not choose its provider", async () => {
    const response = await postJson("/v1/chat/completions", await mintKey(), chat("gpt-4o-mini"), { "x-switchboard-provider": "sim-eu" });
    expect(response.status).toBe(403);
    expect((await readError(response)).error.code).toBe("provider_override_not_allowed");
  });

  it("refuses with 400 a provider that does not serve the model, and never widens residency", async () => {
    const notServing = await postJson("/v1/chat/completions", await mintKey({ allowProviderOverride: true }), chat("eu-only"), {
      "x-switchboard-provider": "sim-us",
    });
    expect(notServing.status).toBe(400);
    expect((await readError(notServing)).error).toMatchObject({ code: "provider_not_available", param: "x-switchboard-provider" });

    const pinnedKey = await mintKey({ allowProviderOverride: true, jurisdiction: "eu" });
    const acrossBorder = await postJson("/v1/chat/completions", pinnedKey, chat("gpt-4o-mini"), { "x-switchboard-provider": "sim-us" });
    expect(acrossBorder.status).toBe(400);
  });
});
