import { anthropicModel, benchModel, benchProviders, geminiModel } from "./switchboard-setup";
import type { Target, TargetId } from "./targets";

export interface TargetEndpoints {
  /** The simulator's OpenAI-format chat endpoint and its key. */
  readonly chatUrl: string;
  readonly simulatorKey: string;
  readonly trivial: { readonly origin: string; readonly pids: readonly number[] };
  readonly switchboard: { readonly origin: string; readonly pids: readonly number[]; readonly appKey: string };
}

/**
 * Every target the bench loads. The translated ones are the same Switchboard Worker (same workerd
 * process) as `switchboard`, on another route: only the wire formats in between differ.
 */
export function sessionTargets(endpoints: TargetEndpoints): Record<TargetId, Target> {
  const { chatUrl, simulatorKey, trivial, switchboard } = endpoints;
  const bearer = (key: string): Record<string, string> => ({ authorization: `Bearer ${key}` });
  const chat = `${switchboard.origin}/v1/chat/completions`;
  const gateway = (id: TargetId, model: string, servedBy: string): Target => ({
    id,
    url: chat,
    clientFormat: "openai",
    model,
    authHeaders: bearer(switchboard.appKey),
    pids: switchboard.pids,
    servedBy,
  });
  return {
    direct: { id: "direct", url: chatUrl, clientFormat: "openai", model: benchModel, authHeaders: bearer(simulatorKey), pids: [], servedBy: null },
    trivial: {
      id: "trivial",
      url: `${trivial.origin}/v1/chat/completions`,
      clientFormat: "openai",
      model: benchModel,
      authHeaders: bearer(simulatorKey),
      pids: trivial.pids,
      servedBy: null,
    },
    switchboard: gateway("switchboard", benchModel, benchProviders.openai),
    "switchboard-anthropic": gateway("switchboard-anthropic", anthropicModel, benchProviders.anthropic),
    "switchboard-gemini": gateway("switchboard-gemini", geminiModel, benchProviders.gemini),
    // As Anthropic's SDK calls it: the key in x-api-key, with anthropic-version.
    "switchboard-messages": {
      id: "switchboard-messages",
      url: `${switchboard.origin}/v1/messages`,
      clientFormat: "anthropic",
      model: benchModel,
      authHeaders: { "x-api-key": switchboard.appKey, "anthropic-version": "2023-06-01" },
      pids: switchboard.pids,
      servedBy: benchProviders.openai,
    },
  };
}
