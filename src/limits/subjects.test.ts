import { describe, expect, it } from "vitest";
import { limitPlan } from "./subjects";

const identity = { tenantId: "acme", keyId: "key_1", keyLimits: undefined };

describe("limitPlan", () => {
  it("plans nothing, so nothing is called, when neither tenant nor key has limits", () => {
    expect(limitPlan(identity, null, "gpt-4o")).toBeNull();
    expect(limitPlan(identity, { failMode: "closed" }, "gpt-4o")).toBeNull();
    expect(limitPlan({ ...identity, keyLimits: { models: { other: { requestsPerMinute: 1 } } } }, null, "gpt-4o")).toBeNull();
  });

  it("puts the tenant's and the key's subjects, and either's on this model, in the tenant's object", () => {
    const plan = limitPlan(
      { ...identity, keyLimits: { requestsPerMinute: 5, models: { "gpt-4o": { tokensPerMinute: 900 } } } },
      { failMode: "open", limits: { spendPerDay: 10, models: { "gpt-4o": { concurrentRequests: 2 } } } },
      "gpt-4o",
    );
    expect(plan).toEqual({
      anchor: "tenant:acme",
      failMode: "open",
      subjects: [
        { subject: "tenant:acme", scope: "tenant", spendPerDay: 10 },
        { subject: "tenant:acme/model:gpt-4o", scope: "tenant-model", concurrentRequests: 2 },
        { subject: "key:key_1", scope: "key", requestsPerMinute: 5 },
        { subject: "key:key_1/model:gpt-4o", scope: "key-model", tokensPerMinute: 900 },
      ],
    });
  });

  it("keeps a key's counters in the key's object whichever model it calls, when its tenant has no limits", () => {
    const keyLimits = { requestsPerMinute: 5, models: { "gpt-4o": { tokensPerMinute: 900 } } };
    expect(limitPlan({ ...identity, keyLimits }, null, "gpt-4o")?.anchor).toBe("key:key_1");
    expect(limitPlan({ ...identity, keyLimits }, null, "other")?.anchor).toBe("key:key_1");
    expect(limitPlan({ ...identity, keyLimits }, null, "other")?.subjects).toHaveLength(1);
  });

  it("fails closed unless the tenant says otherwise", () => {
    expect(limitPlan({ ...identity, keyLimits: { requestsPerMinute: 1 } }, null, "m")?.failMode).toBe("closed");
  });

  it("keeps the tenant's object even for a model only the key limits", () => {
    const plan = limitPlan(identity, { failMode: "closed", limits: { models: { a: { requestsPerMinute: 1 } } } }, "b");
    expect(plan).toBeNull();
    const withKey = limitPlan({ ...identity, keyLimits: { requestsPerMinute: 3 } }, { failMode: "closed", limits: { models: { a: { requestsPerMinute: 1 } } } }, "b");
    expect(withKey?.anchor).toBe("tenant:acme");
  });
});
