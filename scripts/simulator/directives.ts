import type { WireFormat } from "./profiles";

/**
 * Per-request test directives embedded in prompt text, e.g. `[[sim status=429 retry_after=3]]`.
 * Values may be quoted to include spaces: `[[sim reply="two words"]]`.
 */
export interface SimDirectives {
  status?: number;
  retryAfterSeconds?: number;
  delayMs?: number;
  ttftMs?: number;
  chunkDelayMs?: number;
  hang: boolean;
  stallAfter?: number;
  dropAfter?: number;
  reply?: string;
  /** Call this tool whatever the request declared: a model calling a tool it was never given. */
  callTool?: string;
  chunks?: number;
  /** Streams only: after this many content deltas, send the format's in-stream error and end. */
  streamError?: number;
  /** Report this many prompt tokens as read from the provider's prompt cache. */
  cacheRead?: number;
  /** Azure only: answer the content-management-policy 400. */
  contentFilter: boolean;
  /** Gemini only: a candidate blocked with finishReason SAFETY. */
  safetyBlock: boolean;
  /** Gemini only: the prompt blocked (promptFeedback.blockReason SAFETY, no candidates). */
  promptBlock: boolean;
}

export type DirectiveParse = { ok: true; directives: SimDirectives } | { ok: false; message: string };

const DIRECTIVE_PATTERN = /\[\[sim(?:\s+([^\]]*))?\]\]/g;
const PAIR_PATTERN = /([A-Za-z_]+)(?:=(?:"([^"]*)"|(\S+)))?/g;

type NumericKey =
  | "status"
  | "retryAfterSeconds"
  | "delayMs"
  | "ttftMs"
  | "chunkDelayMs"
  | "stallAfter"
  | "dropAfter"
  | "chunks"
  | "streamError"
  | "cacheRead";
type FlagKey = "hang" | "contentFilter" | "safetyBlock" | "promptBlock";

const numericKeys: Record<string, NumericKey> = {
  status: "status",
  retry_after: "retryAfterSeconds",
  delay_ms: "delayMs",
  ttft_ms: "ttftMs",
  chunk_delay_ms: "chunkDelayMs",
  stall_after: "stallAfter",
  drop_after: "dropAfter",
  chunks: "chunks",
  stream_error: "streamError",
  cache_read: "cacheRead",
};

const flagKeys: Record<string, FlagKey> = {
  hang: "hang",
  content_filter: "contentFilter",
  safety_block: "safetyBlock",
  prompt_block: "promptBlock",
};

/** Directives that only make sense in one wire format; elsewhere they are errors so misuse surfaces. */
const formatOnly: Record<string, WireFormat> = {
  content_filter: "azure",
  safety_block: "gemini",
  prompt_block: "gemini",
};

export function emptyDirectives(): SimDirectives {
  return { hang: false, contentFilter: false, safetyBlock: false, promptBlock: false };
}

/**
 * Parses every `[[sim ...]]` block found in `texts`; later values win. Unknown keys, and keys of
 * another wire format than `format`, are errors so typos surface.
 */
export function parseDirectives(texts: string[], format: WireFormat = "openai"): DirectiveParse {
  const directives = emptyDirectives();
  for (const text of texts) {
    for (const block of text.matchAll(DIRECTIVE_PATTERN)) {
      for (const pair of (block[1] ?? "").matchAll(PAIR_PATTERN)) {
        const key = pair[1] ?? "";
        const value = pair[2] ?? pair[3];
        const only = formatOnly[key];
        const error =
          only !== undefined && only !== format
            ? `${key} is only simulated for ${only} providers`
            : applyPair(directives, key, value);
        if (error !== undefined) return { ok: false, message: `Invalid simulator directive "${pair[0]}": ${error}` };
      }
    }
  }
  if (directives.status !== undefined && (directives.status < 400 || directives.status > 599)) {
    return { ok: false, message: `Invalid simulator directive: status must be 400..599, got ${directives.status}` };
  }
  if (directives.chunks === 0) return { ok: false, message: "Invalid simulator directive: chunks must be at least 1" };
  return { ok: true, directives };
}

function applyPair(directives: SimDirectives, key: string, value: string | undefined): string | undefined {
  const flagKey = flagKeys[key];
  if (flagKey !== undefined) {
    if (value !== undefined) return `${key} is a bare flag`;
    directives[flagKey] = true;
    return undefined;
  }
  if (key === "reply" || key === "call_tool") {
    if (value === undefined || value === "") return `${key} needs a value`;
    if (key === "reply") directives.reply = value;
    else directives.callTool = value;
    return undefined;
  }
  const numericKey = numericKeys[key];
  if (numericKey === undefined) return `unknown key "${key}"`;
  const parsed = value === undefined ? Number.NaN : Number(value);
  if (!Number.isFinite(parsed) || parsed < 0) return `${key} needs a non-negative number`;
  if (numericKey !== "retryAfterSeconds" && !Number.isInteger(parsed)) return `${key} needs an integer`;
  directives[numericKey] = parsed;
  return undefined;
}

/** Removes directive blocks so echoed replies show only the human text. */
export function stripDirectives(text: string): string {
  return text.replace(DIRECTIVE_PATTERN, " ").replace(/\s+/g, " ").trim();
}
