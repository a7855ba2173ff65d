import type { IncomingMessage, ServerResponse } from "node:http";
import { handleChatCompletions } from "./chat-endpoint";
import { handleEmbeddings } from "./embeddings";
import type { EndpointContext } from "./endpoint-context";
import { errorForStatus, invalidApiKey, invalidUrl, sendError, simError } from "./errors";
import { readBody, sendJson } from "./http-io";
import { handleListModels, handleRetrieveModel } from "./models";
import { createPrng } from "./prng";
import type { SimulatedProvider } from "./profiles";
import { flattenHeaders, RequestLog } from "./request-log";

export interface RouterOptions {
  providers: SimulatedProvider[];
  /** When set, `Authorization: Bearer <apiKey>` is required; otherwise any non-empty token passes. */
  apiKey: string | undefined;
  log: RequestLog;
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

    const [, providerName = "", version, ...rest] = path.split("/");
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
    if (version !== "v1") return sendError(res, invalidUrl(method, path));
    if (!isAuthorized(req.headers.authorization, options.apiKey)) return sendError(res, invalidApiKey());

    const draw = failureDraws.get(provider.name);
    const ctx: EndpointContext = {
      req,
      res,
      signal,
      provider,
      shouldFail: () => draw !== undefined && draw() < provider.failureRate,
      body: body.text,
    };
    const endpoint = rest.join("/");
    if (method === "POST" && endpoint === "chat/completions") return handleChatCompletions(ctx);
    if (method === "POST" && endpoint === "embeddings") return handleEmbeddings(ctx);
    if (method === "GET" && endpoint === "models") return handleListModels(ctx);
    if (method === "GET" && rest[0] === "models" && rest.length > 1) {
      return handleRetrieveModel(ctx, decodeURIComponent(rest.slice(1).join("/")));
    }
    return sendError(res, invalidUrl(method, path));
  }
}

function isAuthorized(header: string | undefined, apiKey: string | undefined): boolean {
  const match = /^Bearer\s+(.+)$/i.exec(header ?? "");
  const token = match?.[1]?.trim() ?? "";
  if (token === "") return false;
  return apiKey === undefined || token === apiKey;
}
