import { vi } from "vitest";
import { adminBootstrapTestKey } from "../support/constants";
import { callGateway } from "./helpers";

export const bootstrapKey = adminBootstrapTestKey;

/** A call to the admin API with a key (or none), a JSON body when given, and extra headers. */
export function adminCall(method: string, path: string, key: string | null, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return callGateway(path, {
    method,
    headers: {
      ...(key ? { authorization: `Bearer ${key}` } : {}),
      ...(body === undefined ? {} : { "content-type": "application/json" }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
  });
}

export interface CreatedKey {
  readonly key: string;
  readonly keyId: string;
  readonly tenantId: string;
  readonly role: string;
}

/** Mints a key through `POST /v1/admin/keys`; throws unless it is created. */
export async function createKeyVia(adminKey: string, request: Record<string, unknown>): Promise<CreatedKey> {
  const response = await adminCall("POST", "/v1/admin/keys", adminKey, request);
  const text = await response.text();
  if (response.status !== 201) throw new Error(`create refused (${response.status}): ${text}`);
  return JSON.parse(text) as CreatedKey;
}

export function uniqueTenant(prefix: string): string {
  return `${prefix}-${crypto.randomUUID().slice(0, 8)}`;
}

/**
 * Captures every console line (log, info, warn, error, debug) as text, and keeps them off the
 * console, until mocks are restored: for checking that no line ever holds a key.
 */
export function captureConsoleText(): () => string[] {
  const spies = (["log", "info", "warn", "error", "debug"] as const).map((method) => vi.spyOn(console, method).mockImplementation(() => undefined));
  return () => spies.flatMap((spy) => spy.mock.calls.map((args) => args.map((arg) => (typeof arg === "string" ? arg : arg instanceof Error ? `${arg.name}: ${arg.message}` : JSON.stringify(arg))).join(" ")));
}

/** The JSON log lines among captured console lines. */
export function jsonLines(lines: readonly string[]): Array<Record<string, unknown>> {
  return lines.filter((line) => line.startsWith("{")).map((line) => JSON.parse(line) as Record<string, unknown>);
}
