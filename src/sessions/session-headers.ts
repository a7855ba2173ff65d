import { GatewayError } from "../errors/gateway-error";

/** Names the conversation a chat request continues (docs/sessions.md). */
export const sessionIdHeader = "x-session-id";
/** `ignore`: the request carries its whole conversation; the session gives stickiness and counters only. */
export const sessionHistoryHeader = "x-session-history";

// Ids appear in headers, logs and URLs, so they are kept to characters that need no escaping.
const sessionIdPattern = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

/** How a request uses its session's stored conversation. */
export type HistoryMode = "include" | "ignore";

export interface SessionRequest {
  readonly id: string;
  readonly history: HistoryMode;
}

/** A valid session id, or a 400 naming `param` (the header, or the path's `id`). */
export function parseSessionId(value: string, param: string): string {
  if (sessionIdPattern.test(value)) return value;
  throw new GatewayError({
    kind: "invalid_request",
    message: `Invalid '${param}': a session id is 1-128 characters of letters, digits, '.', '_', ':' and '-', starting with a letter or digit.`,
    param,
  });
}

function parseHistoryMode(value: string | undefined): HistoryMode {
  if (value === undefined) return "include";
  const mode = value.trim().toLowerCase();
  if (mode === "include" || mode === "ignore") return mode;
  throw new GatewayError({
    kind: "invalid_request",
    message: `Invalid '${sessionHistoryHeader}': must be 'include' (the default) or 'ignore'.`,
    param: sessionHistoryHeader,
  });
}

/** The session a request names with its headers, or null when it names none. */
export function sessionRequestFrom(header: (name: string) => string | undefined): SessionRequest | null {
  const id = header(sessionIdHeader);
  if (id === undefined) return null;
  return { id: parseSessionId(id, sessionIdHeader), history: parseHistoryMode(header(sessionHistoryHeader)) };
}
