export type BaseTargetId = "direct" | "trivial" | "switchboard";
/** The same Switchboard Worker (same process) on a route that translates wire formats. */
export type TranslatedTargetId = "switchboard-anthropic" | "switchboard-gemini" | "switchboard-messages";
export type TargetId = BaseTargetId | TranslatedTargetId;

/** In report order: the ceiling, the floor, the gateway. The headline is about these. */
export const baseTargetIds: readonly BaseTargetId[] = ["direct", "trivial", "switchboard"];
/** Compared with `switchboard` (OpenAI in, OpenAI upstream): what translation costs. */
export const translatedTargetIds: readonly TranslatedTargetId[] = ["switchboard-anthropic", "switchboard-gemini", "switchboard-messages"];
export const targetIds: readonly TargetId[] = [...baseTargetIds, ...translatedTargetIds];

export const targetLabels: Readonly<Record<TargetId, string>> = {
  direct: "direct (simulator)",
  trivial: "trivial Worker",
  switchboard: "Switchboard",
  "switchboard-anthropic": "OpenAI request → Anthropic upstream",
  "switchboard-gemini": "OpenAI request → Gemini upstream",
  "switchboard-messages": "Anthropic request (`/v1/messages`) → OpenAI upstream",
};

export function isTranslated(id: TargetId): id is TranslatedTargetId {
  return (translatedTargetIds as readonly TargetId[]).includes(id);
}

export type Mode = "plain" | "stream";

/** The wire format the client speaks to the target. */
export type ClientFormat = "openai" | "anthropic";

/** One thing under load: where to send the chat call, in which format, how to authenticate, whose CPU to count. */
export interface Target {
  readonly id: TargetId;
  readonly url: string;
  readonly clientFormat: ClientFormat;
  /** The model the request names. */
  readonly model: string;
  /** Credentials, as the client of that format sends them. */
  readonly authHeaders: Readonly<Record<string, string>>;
  /** The gateway's own processes (workerd); none for the simulator itself. */
  readonly pids: readonly number[];
  /** The gateway provider that must serve it (`x-switchboard-provider`); null for non-gateway targets. */
  readonly servedBy: string | null;
}

export const streamChunks = 20;

/** What every upstream answers, whatever its format, so every target returns the same text. */
export const benchReply = "Simulated reply to: Say hello to the benchmark (in every format).";

/** The same prompt for every target, so only the path in between differs. */
function prompt(mode: Mode): string {
  const chunks = mode === "stream" ? ` chunks=${streamChunks}` : "";
  return `Say hello to the benchmark. [[sim reply="${benchReply}"${chunks}]]`;
}

export function requestBody(target: Target, mode: Mode): string {
  const messages = [{ role: "user", content: prompt(mode) }];
  const stream = mode === "stream" ? { stream: true } : {};
  if (target.clientFormat === "anthropic") return JSON.stringify({ model: target.model, max_tokens: 1024, ...stream, messages });
  return JSON.stringify({ model: target.model, ...stream, messages });
}

export function requestHeaders(target: Target): Record<string, string> {
  return { "content-type": "application/json", ...target.authHeaders };
}
