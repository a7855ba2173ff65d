import type { IncomingMessage, ServerResponse } from "node:http";
import { routeAnthropic } from "./anthropic/routes";
import { routeAzure } from "./azure/routes";
import type { EndpointContext } from "./endpoint-context";
import { errorForStatus, openAIDialect, sendError, simError } from "./errors";
import { FAULTS_PATH, handleFaultsAdmin } from "./faults/admin";
import type { FaultStore } from "./faults/store";
import { routeGemini } from "./gemini/routes";
import { readBody, sendJson } from "./http-io";
import { routeOpenAI } from "./openai-routes";
import { createPrng } from "./prng";
import { formatOf, type SimulatedProvider } from "./profiles";
import { flattenHeaders, RequestLog } from "./request-log";
import type { RouteArgs } from "./route-args";

export interface RouterOptions {
  providers: SimulatedProvider[];
  /** When set, every provider's key (Bearer, x-api-key, x-goog-api-key/?key=, api-key) must equal it; otherwise any non-empty key passes. */
  apiKey: string | undefined;
  log: RequestLog;
  /** Run-time faults per provider, set through `/_sim/faults` or the simulator handle. */
  faults: FaultStore;
}

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void;

export function createRequestHandler(options: RouterOptions): RequestHandler {
  const providers = new Map(options.providers.map((provider) => [provider.name, provider]));
  const failureDraws = new Map(options.providers.map((provider) => [provider.name, createPrng(`failures:${provider.name}`)]));

  return (req, res) => {
    const controller = new AbortController();
    // `close` fires when the response finishes or the client goes away; either way pending waits end.
    res.on("close", () => controller.abort());
    res.on("error", () => controller.abort());
    req.on("error", () => controller.abort());
    route(req, res, controller.signal).catch(() => {
      if (!res.headersSent) sendError(res, errorForStatus(500));
      else res.destroy();
    });
  };

  async function route(req: IncomingMessage, res: ServerResponse, signal: AbortSignal): Promise<void> {
    const method = req.method ?? "GET";
    const url = new URL(req.url ?? "/", "http://simulator.invalid");
    const path = url.pathname;

    if (path === "/healthz" && method === "GET") {
      return sendJson(res, 200, { ok: true, service: "switchboard-simulator" });
    }
    if (path === "/_sim/requests" && method === "GET") {
      return sendJson(res, 200, { data: options.log.find(url.searchParams.get("contains")) });
    }
    if (path === FAULTS_PATH || path.startsWith(`${FAULTS_PATH}/`)) return handleFaultsAdmin(req, res, path, options.faults);

    const [, providerName = "", ...segments] = path.split("/");
    const body = await readBody(req);
    if (!body.ok) {
      if (body.reason === "too_large") sendError(res, simError(413, "Request body too large."));
      return;
    }
    options.log.record({
      provider: providerName,
      method,
      path: req.url ?? path,
      headers: flattenHeaders(req.headers),
      body: body.text,
      receivedAt: new Date().toISOString(),
    });

    const provider = providers.get(providerName);
    if (provider === undefined) {
      return sendError(res, simError(404, `Unknown simulated provider "${providerName}".`, { code: "unknown_provider" }));
    }
    const draw = failureDraws.get(provider.name);
    const ctx: EndpointContext = {
      req,
      res,
      signal,
      provider,
      shouldFail: () => draw !== undefined && draw() < provider.failureRate,
      drawFaults: () => options.faults.draw(provider.name),
      body: body.text,
      url,
      dialect: openAIDialect,
    };
    const args: RouteArgs = { ctx, method, segments, apiKey: options.apiKey };
    switch (formatOf(provider)) {
      case "anthropic":
        return routeAnthropic(args);
      case "gemini":
        return routeGemini(args);
      case "azure":
        return routeAzure(args);
      default:
        return routeOpenAI(args);
    }
  }
}
