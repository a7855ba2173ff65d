import { describe, expect, it } from "vitest";
import { isBootstrapAdminKey, minimumBootstrapKeyLength } from "./bootstrap-admin";

const secret = "b".repeat(minimumBootstrapKeyLength);

describe("isBootstrapAdminKey", () => {
  it("accepts exactly the configured secret", async () => {
    expect(await isBootstrapAdminKey(secret, secret)).toBe(true);
    expect(await isBootstrapAdminKey(secret, `${secret}x`)).toBe(false);
    expect(await isBootstrapAdminKey(secret, secret.slice(1))).toBe(false);
    expect(await isBootstrapAdminKey(secret, "")).toBe(false);
  });

  it("is off when the secret is unset or shorter than the minimum", async () => {
    expect(await isBootstrapAdminKey(undefined, secret)).toBe(false);
    const short = secret.slice(1);
    expect(await isBootstrapAdminKey(short, short)).toBe(false);
    expect(await isBootstrapAdminKey("", "")).toBe(false);
  });
});
