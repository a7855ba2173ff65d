import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type AccessPolicy, dataPolicies } from "../../schemas/access-policy";
import { type EffectiveAccess, isAllowed, type KeyAccess, narrow } from "./effective-access";

// Small alphabets, so generated lists overlap often enough to exercise intersection.
const allNames = ["a", "b", "c", "d"];
const names = fc.constantFrom(...allNames);
const nameList = fc.option(fc.uniqueArray(names, { maxLength: 4 }), { nil: undefined });
const jurisdiction = fc.option(fc.constantFrom("eu", "us"), { nil: undefined });

const policy: fc.Arbitrary<AccessPolicy> = fc.record(
  {
    models: nameList,
    providers: nameList,
    tools: nameList,
    maxTokens: fc.option(fc.integer({ min: 1, max: 1000 }), { nil: undefined }),
    jurisdiction,
    requiredDataPolicies: fc.option(fc.subarray([...dataPolicies]), { nil: undefined }),
  },
  { requiredKeys: [] },
);

const key: fc.Arbitrary<KeyAccess> = fc.record(
  {
    access: fc.option(policy, { nil: undefined }),
    jurisdiction: fc.option(fc.constantFrom("eu", "us"), { nil: null }),
    requiredDataPolicies: fc.option(fc.subarray([...dataPolicies]), { nil: undefined }),
  },
  { requiredKeys: [] },
);

const cut = fc.record({
  models: fc.uniqueArray(names),
  providers: fc.uniqueArray(names),
  tools: fc.uniqueArray(names),
  maxTokens: fc.integer({ min: 1, max: 1000 }),
  requiredDataPolicies: fc.subarray([...dataPolicies]),
});

const lists = ["models", "providers", "tools"] as const;

/** Whether `wider` allows everything `narrower` does. */
function allowsAllOf(wider: EffectiveAccess, narrower: EffectiveAccess): boolean {
  const listsHold = lists.every((list) => (narrower[list] ?? allNames).every((name) => isAllowed(wider[list], name)));
  const ceilingHolds = wider.maxTokens === null || (narrower.maxTokens !== null && narrower.maxTokens <= wider.maxTokens);
  const policiesHold = wider.requiredDataPolicies.every((required) => narrower.requiredDataPolicies.includes(required));
  return listsHold && ceilingHolds && policiesHold;
}

describe("narrow", () => {
  it("never allows what the tenant forbids", () => {
    fc.assert(
      fc.property(policy, key, (tenant, keyAccess) => {
        expect(allowsAllOf(narrow(tenant, {}), narrow(tenant, keyAccess))).toBe(true);
      }),
    );
  });

  it("never allows what the key forbids", () => {
    fc.assert(
      fc.property(policy, key, (tenant, keyAccess) => {
        expect(allowsAllOf(narrow({}, keyAccess), narrow(tenant, keyAccess))).toBe(true);
      }),
    );
  });

  it("is monotone: a key that narrows further never gets more", () => {
    fc.assert(
      fc.property(policy, policy, cut, (tenant, loose, stricterBy) => {
        const looser = narrow(tenant, { access: loose });
        const stricter = narrow(tenant, { access: tightened(loose, stricterBy) });
        expect(allowsAllOf(looser, stricter)).toBe(true);
      }),
    );
  });

  it("binds a jurisdiction set on either side, and marks two different ones as a conflict", () => {
    fc.assert(
      fc.property(policy, key, (tenant, keyAccess) => {
        const effective = narrow(tenant, keyAccess);
        const named = [tenant.jurisdiction, keyAccess.access?.jurisdiction, keyAccess.jurisdiction].filter((value) => typeof value === "string");
        if (new Set(named).size > 1) expect(effective.conflictingJurisdictions).not.toBeNull();
        else expect(effective).toMatchObject({ jurisdiction: named[0] ?? null, conflictingJurisdictions: null });
      }),
    );
  });

  it("is the tenant's policy itself for a key without restrictions", () => {
    expect(narrow({ models: ["a"], maxTokens: 100, jurisdiction: "eu" }, {})).toEqual({
      models: ["a"],
      providers: null,
      tools: null,
      maxTokens: 100,
      jurisdiction: "eu",
      requiredDataPolicies: [],
      conflictingJurisdictions: null,
    });
  });

  it("intersects, takes the lower ceiling and adds up data policies", () => {
    const effective = narrow(
      { models: ["a", "b"], maxTokens: 500, requiredDataPolicies: ["no-training"] },
      { access: { models: ["b", "c"], maxTokens: 800 }, requiredDataPolicies: ["zero-retention"] },
    );
    expect(effective).toMatchObject({ models: ["b"], maxTokens: 500, requiredDataPolicies: ["no-training", "zero-retention"] });
  });
});

/** `access` made stricter by `cut`: every list kept only where `cut`'s allows, a ceiling at most `cut`'s, more data policies. */
function tightened(access: AccessPolicy, cut: Required<Pick<AccessPolicy, "models" | "providers" | "tools" | "maxTokens" | "requiredDataPolicies">>): AccessPolicy {
  const within = (own: string[] | undefined, allowed: string[]) => (own ?? allNames).filter((name) => allowed.includes(name));
  return {
    ...access,
    models: within(access.models, cut.models),
    providers: within(access.providers, cut.providers),
    tools: within(access.tools, cut.tools),
    maxTokens: Math.min(access.maxTokens ?? cut.maxTokens, cut.maxTokens),
    requiredDataPolicies: [...new Set([...(access.requiredDataPolicies ?? []), ...cut.requiredDataPolicies])],
  };
}
