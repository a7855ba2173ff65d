import type { IncomingMessage } from "node:http";

/** The key rule every format shares: with a configured `apiKey` only it passes, else any non-empty key. */
export function keyAccepted(key: string | undefined, apiKey: string | undefined): boolean {
  const token = key?.trim() ?? "";
  if (token === "") return false;
  return apiKey === undefined || token === apiKey;
}

/** One request header as a single string (repeated headers joined), or undefined. */
export function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(", ") : value;
}

export function bearerToken(req: IncomingMessage): string | undefined {
  return /^Bearer\s+(.+)$/i.exec(header(req, "authorization") ?? "")?.[1];
}
