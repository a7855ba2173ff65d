import type { IncomingMessage, ServerResponse } from "node:http";
import { readBody, sendJson } from "../http-io";
import { parseJson } from "../json";
import type { FaultStore } from "./store";
import { parseFaults } from "./validate";

export const FAULTS_PATH = "/_sim/faults";

/**
 * The run-time fault API: `GET /_sim/faults` (every provider's faults), `DELETE /_sim/faults`
 * (clear all), and per provider `GET`, `PUT` (replace, JSON body) and `DELETE /_sim/faults/<provider>`.
 * Its errors are the simulator's own `{"error":{"message","code"}}`, not a provider's.
 */
export async function handleFaultsAdmin(req: IncomingMessage, res: ServerResponse, path: string, store: FaultStore): Promise<void> {
  const method = req.method ?? "GET";
  const rest = path.slice(FAULTS_PATH.length);
  if (rest === "" || rest === "/") {
    if (method === "GET") return sendJson(res, 200, { faults: store.all() });
    if (method === "DELETE") return sendJson(res, 200, { cleared: store.clear() });
    return methodNotAllowed(res, "GET, DELETE");
  }
  const provider = decodeSegment(rest.slice(1));
  if (provider === undefined || provider.includes("/")) return fail(res, 404, "not_found", `No such simulator endpoint: ${path}.`);
  if (!store.knows(provider)) return fail(res, 404, "unknown_provider", `Unknown simulated provider "${provider}".`);
  if (method === "GET") return sendJson(res, 200, { provider, faults: store.get(provider) });
  if (method === "DELETE") return sendJson(res, 200, { cleared: store.clear(provider) });
  if (method !== "PUT") return methodNotAllowed(res, "GET, PUT, DELETE");

  const body = await readBody(req);
  if (!body.ok) return fail(res, 400, "invalid_body", "The request body could not be read.");
  const json = parseJson(body.text);
  if (!json.ok) return fail(res, 400, "invalid_json", "The body is not valid JSON.");
  const parsed = parseFaults(json.value);
  if (!parsed.ok) return fail(res, 400, "invalid_faults", `Invalid faults for "${provider}": ${parsed.message}`);
  store.set(provider, parsed.faults);
  sendJson(res, 200, { provider, faults: store.get(provider) });
}

function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

function fail(res: ServerResponse, status: number, code: string, message: string): void {
  sendJson(res, status, { error: { message, code } });
}

function methodNotAllowed(res: ServerResponse, allow: string): void {
  sendJson(res, 405, { error: { message: `Use ${allow}.`, code: "method_not_allowed" } }, { allow });
}
