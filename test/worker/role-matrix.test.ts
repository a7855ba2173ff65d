import { beforeAll, describe, expect, it } from "vitest";
import { generateApiKey } from "../../src/governance/api-key";
import { documentedRoutes, routeId } from "../../src/openapi/documented-routes";
import type { Role } from "../../src/schemas/key-record";
import { adminCall, bootstrapKey, createKeyVia, uniqueTenant } from "./admin-helpers";
import { callGateway, mintKey, postJson, waitFor } from "./helpers";

// Issue 8: every documented route against every kind of credential. The expected access of a route
// is derived from its path exactly as src/app.ts mounts its middleware, so a new route in
// `documentedRoutes` is covered automatically (and an unclassifiable one fails the test).

type Access =
  | { readonly kind: "public" }
  | { readonly kind: "roles"; readonly roles: readonly Role[]; readonly bootstrap: boolean };

/** What src/app.ts declares for a path: public, `/metrics` admin, `/v1/audit/*` auditor+admin, `/v1/admin/*` admin+bootstrap, other `/v1/*` app. */
function accessOf(path: string): Access {
  if (path === "/healthz" || path === "/openapi.json") return { kind: "public" };
  if (path === "/metrics") return { kind: "roles", roles: ["admin"], bootstrap: false };
  if (path.startsWith("/v1/audit/")) return { kind: "roles", roles: ["auditor", "admin"], bootstrap: false };
  if (path.startsWith("/v1/admin/")) return { kind: "roles", roles: ["admin"], bootstrap: true };
  if (path.startsWith("/v1/")) return { kind: "roles", roles: ["app"], bootstrap: false };
  throw new Error(`route ${path} is not classified by the role matrix: decide who may call it`);
}

type CredentialName = "none" | "unknown" | "revoked" | "app" | "auditor" | "admin" | "bootstrap";
const credentialNames: readonly CredentialName[] = ["none", "unknown", "revoked", "app", "auditor", "admin", "bootstrap"];

const tenantA = uniqueTenant("matrix-a");
const tenantB = uniqueTenant("matrix-b");
const keys: Record<Exclude<CredentialName, "none">, string> = { unknown: "", revoked: "", app: "", auditor: "", admin: "", bootstrap: bootstrapKey };
const bKeys: Record<Role, string> = { app: "", auditor: "", admin: "" };

beforeAll(async () => {
  keys.unknown = generateApiKey();
  keys.revoked = await mintKey({ tenantId: tenantA, role: "admin", revokedAt: new Date(Date.now() - 60_000).toISOString() });
  keys.app = await mintKey({ tenantId: tenantA, role: "app" });
  keys.auditor = await mintKey({ tenantId: tenantA, role: "auditor" });
  keys.admin = await mintKey({ tenantId: tenantA, role: "admin" });
  bKeys.app = await mintKey({ tenantId: tenantB, role: "app" });
  bKeys.auditor = await mintKey({ tenantId: tenantB, role: "auditor" });
  bKeys.admin = await mintKey({ tenantId: tenantB, role: "admin" });
});

/** A concrete path for a route template: fake ids (404s are fine), the admin's audit routes name tenant A. */
function concretePath(template: string): string {
  const path = template
    .replace(":model{.+}", "gpt-4o-mini")
    .replace("/kill-switches/:scope/:id", "/kill-switches/model/matrix-no-such-model")
    .replace(":keyId", "key_0000000000000000")
    .replace("/tenants/:id", `/tenants/${tenantA}`)
    .replace("/sessions/:id", "/sessions/s-matrix-nonexistent");
  if (path.includes(":")) throw new Error(`no value for a parameter of ${template}`);
  // An admin must name the tenant whose trail it reads; an auditor may name its own.
  return path.startsWith("/v1/audit/") ? `${path}?tenant=${tenantA}` : path;
}

function call(method: string, path: string, credential: CredentialName): Promise<Response> {
  const headers: Record<string, string> = credential === "none" ? {} : { authorization: `Bearer ${keys[credential]}` };
  // An empty JSON object where a body is expected: invalid for every route, so nothing is changed.
  const hasBody = method === "POST" || method === "PUT";
  return callGateway(path, {
    method,
    headers: { ...headers, ...(hasBody ? { "content-type": "application/json" } : {}) },
    ...(hasBody ? { body: "{}" } : {}),
  });
}

interface ErrorFacts {
  readonly type: string | undefined;
  readonly code: string | null | undefined;
}

/** The error type and code, from the OpenAI shape or Anthropic's (which has no code). */
function errorFacts(path: string, text: string): ErrorFacts {
  const body = JSON.parse(text) as { type?: string; error: { type?: string; code?: string | null } };
  if (path === "/v1/messages") {
    expect(body.type).toBe("error");
    return { type: body.error.type, code: undefined };
  }
  return { type: body.error.type, code: body.error.code };
}

type Expectation = "allowed" | "unauthenticated" | "forbidden";

function expectationOf(access: Access, credential: CredentialName): Expectation {
  if (access.kind === "public") return "allowed";
  if (credential === "none" || credential === "unknown" || credential === "revoked") return "unauthenticated";
  if (credential === "bootstrap") return access.bootstrap ? "allowed" : "unauthenticated";
  return access.roles.includes(credential) ? "allowed" : "forbidden";
}

const matrix = documentedRoutes.flatMap((route) => credentialNames.map((credential) => ({ route, credential })));

describe("role matrix: every documented route × every credential", () => {
  it("covers every route and credential", () => {
    expect(matrix.length).toBe(documentedRoutes.length * credentialNames.length);
    expect(new Set(documentedRoutes.map((route) => routeId(route))).size).toBe(documentedRoutes.length);
  });

  it.each(documentedRoutes.map((route) => [routeId(route), route] as const))("%s", async (_id, route) => {
    const access = accessOf(route.path);
    const path = concretePath(route.path);
    const failures: string[] = [];
    for (const credential of credentialNames) {
      const response = await call(route.method, path, credential);
      const text = await response.text();
      const expected = expectationOf(access, credential);
      const where = `${route.method} ${path} as ${credential}: expected ${expected}, got ${response.status} ${text.slice(0, 200)}`;
      if (expected === "allowed") {
        if (response.status === 401 || response.status === 403 || response.status >= 500) failures.push(where);
        continue;
      }
      const status = expected === "unauthenticated" ? 401 : 403;
      if (response.status !== status) {
        failures.push(where);
        continue;
      }
      // OpenAI's shape names the refusal by code; Anthropic's, which has no code, by type.
      const facts = errorFacts(route.path, text);
      const wanted =
        facts.code === undefined
          ? { type: expected === "unauthenticated" ? "authentication_error" : "permission_error", code: undefined }
          : { type: facts.type, code: expected === "unauthenticated" ? "invalid_api_key" : "insufficient_role" };
      if (facts.type !== wanted.type || facts.code !== wanted.code) failures.push(where);
    }
    expect(failures).toEqual([]);
  });

  it("answers a 401 the same way for a missing, an unknown and a revoked key", async () => {
    const bodies = new Set<string>();
    for (const credential of ["none", "unknown", "revoked"] as const) {
      const response = await call("GET", "/v1/models", credential);
      expect(response.status).toBe(401);
      bodies.add(await response.text());
    }
    expect(bodies.size).toBe(1);
  });

  it("accepts the key from x-api-key as from Authorization (roles still apply)", async () => {
    const asAdmin = await callGateway("/v1/models", { headers: { "x-api-key": keys.admin } });
    expect(asAdmin.status).toBe(403);
    await asAdmin.text();
    const asBootstrap = await callGateway("/v1/admin/tenants", { headers: { "x-api-key": bootstrapKey } });
    expect(asBootstrap.status).toBe(200);
    await asBootstrap.text();
  });
});

function get(path: string, key: string): Promise<Response> {
  return callGateway(path, { headers: { authorization: `Bearer ${key}` } });
}

async function statusAndCode(response: Response): Promise<{ status: number; code: string | null | undefined }> {
  const text = await response.text();
  if (response.status < 400) return { status: response.status, code: undefined };
  return { status: response.status, code: (JSON.parse(text) as { error: { code?: string | null } }).error.code };
}

/** A session of `key`'s tenant, stored once the chat's turn is recorded. */
async function sessionOf(key: string, marker: string): Promise<string> {
  const sessionId = `s-${crypto.randomUUID()}`;
  const response = await postJson("/v1/chat/completions", key, { model: "gpt-4o-mini", max_tokens: 5, messages: [{ role: "user", content: marker }] }, { "x-session-id": sessionId });
  expect(response.status, await response.clone().text()).toBe(200);
  await response.text();
  await waitFor(async () => {
    const read = await get(`/v1/sessions/${sessionId}`, key);
    const text = await read.text();
    return read.status === 200 && text.includes(marker) ? true : undefined;
  });
  return sessionId;
}

describe("cross-tenant attempts", () => {
  it("tenant B's auditor may neither export nor verify tenant A's trail (403 audit_scope_refused)", async () => {
    for (const route of ["/v1/audit/export", "/v1/audit/verify"]) {
      const refused = await statusAndCode(await get(`${route}?tenant=${tenantA}`, bKeys.auditor));
      expect(refused).toEqual({ status: 403, code: "audit_scope_refused" });
      // Its own trail is fine.
      expect((await statusAndCode(await get(`${route}?tenant=${tenantB}`, bKeys.auditor))).status).toBe(200);
    }
  });

  it("tenant B's app key reads or deletes tenant A's session exactly like one that does not exist (404)", async () => {
    const marker = `matrix-session-${crypto.randomUUID().slice(0, 8)}`;
    const sessionId = await sessionOf(keys.app, marker);
    const nonexistent = await callGateway(`/v1/sessions/s-${crypto.randomUUID()}`, { headers: { authorization: `Bearer ${bKeys.app}` } });
    const nonexistentText = await nonexistent.text();
    expect(nonexistent.status).toBe(404);

    const read = await get(`/v1/sessions/${sessionId}`, bKeys.app);
    const readText = await read.text();
    expect(read.status).toBe(404);
    expect(readText).not.toContain(marker);
    expect(JSON.parse(readText)).toEqual(JSON.parse(nonexistentText));

    const deleted = await callGateway(`/v1/sessions/${sessionId}`, { method: "DELETE", headers: { authorization: `Bearer ${bKeys.app}` } });
    expect(deleted.status).toBe(404);
    expect(JSON.parse(await deleted.text())).toEqual(JSON.parse(nonexistentText));
    // Still there for its owner.
    const own = await get(`/v1/sessions/${sessionId}`, keys.app);
    expect(own.status).toBe(200);
    expect(await own.text()).toContain(marker);
  });

  it("an admin of tenant B manages tenant A's keys: admins manage every tenant (documented behaviour)", async () => {
    // Minted by tenant A's own admin, through the API, so the tenant's key index lists it.
    const { keyId: victimKeyId } = await createKeyVia(keys.admin, { tenantId: tenantA, role: "app", name: "tenant A's own" });
    const listed = await get(`/v1/admin/keys?tenant=${tenantA}`, bKeys.admin);
    expect(listed.status).toBe(200);
    const list = (await listed.json()) as { tenantId: string; data: Array<{ keyId: string; tenantId: string }> };
    expect(list.tenantId).toBe(tenantA);
    expect(list.data.length).toBeGreaterThan(0);
    expect(list.data.every((key) => key.tenantId === tenantA)).toBe(true);
    expect(list.data.map((key) => key.keyId)).toContain(victimKeyId);

    // Rotating and revoking one of A's keys, and writing A's policy, are allowed too.
    const created = await adminCall("POST", "/v1/admin/keys", bKeys.admin, { tenantId: tenantA, role: "app", name: "by tenant B's admin" });
    expect(created.status).toBe(201);
    const { keyId } = (await created.json()) as { keyId: string };
    const rotated = await adminCall("POST", `/v1/admin/keys/${keyId}/rotate`, bKeys.admin, { graceSeconds: 0 });
    expect(rotated.status).toBe(201);
    const rotatedBody = (await rotated.json()) as { keyId: string; tenantId: string };
    expect(rotatedBody.tenantId).toBe(tenantA);
    const revoked = await adminCall("DELETE", `/v1/admin/keys/${rotatedBody.keyId}`, bKeys.admin);
    expect(revoked.status).toBe(200);
    expect(((await revoked.json()) as { tenantId: string }).tenantId).toBe(tenantA);
    const policy = await adminCall("GET", `/v1/admin/tenants/${tenantA}/policy`, bKeys.admin);
    expect(policy.status).toBe(200);
    await policy.text();
    // And an admin reads any tenant's trail, if it names it.
    expect((await statusAndCode(await get(`/v1/audit/export?tenant=${tenantA}`, bKeys.admin))).status).toBe(200);
  });

  it("an app key of tenant A never sees tenant B's data anywhere", async () => {
    const marker = `matrix-b-secret-${crypto.randomUUID().slice(0, 8)}`;
    const bSession = await sessionOf(bKeys.app, marker);
    const attempts: Array<[string, string]> = [
      ["GET", `/v1/sessions/${bSession}`],
      ["DELETE", `/v1/sessions/${bSession}`],
      ["GET", `/v1/audit/export?tenant=${tenantB}`],
      ["GET", `/v1/audit/verify?tenant=${tenantB}`],
      ["GET", `/v1/audit/export`],
      ["GET", `/v1/admin/keys?tenant=${tenantB}`],
      ["GET", `/v1/admin/tenants/${tenantB}/policy`],
      ["GET", "/v1/admin/tenants"],
      ["GET", "/v1/admin/kill-switches"],
      ["GET", "/metrics"],
      ["GET", "/v1/models"],
      ["GET", "/v1/models/gpt-4o-mini"],
    ];
    for (const [method, path] of attempts) {
      const response = await callGateway(path, { method, headers: { authorization: `Bearer ${keys.app}` } });
      const text = await response.text();
      expect(text, `${method} ${path}`).not.toContain(marker);
      expect(text, `${method} ${path}`).not.toContain(tenantB);
      expect(text, `${method} ${path}`).not.toContain(bSession.slice(2));
      if (path.startsWith("/v1/sessions/")) expect(response.status).toBe(404);
      else if (!path.startsWith("/v1/models")) expect(response.status, `${method} ${path}`).toBe(403);
    }
    // B's session survived A's delete attempt.
    const own = await get(`/v1/sessions/${bSession}`, bKeys.app);
    expect(own.status).toBe(200);
    expect(await own.text()).toContain(marker);
  });
});
