import type { Candidate } from "../config/runtime-config";
import type { GatewaySettings } from "../config/schema";
import { readSecret, type WorkerEnv } from "../env";
import { GatewayError } from "../errors/gateway-error";
import { isolateBreakers } from "./circuit-breaker";
import type { DispatchOptions } from "./dispatch";

/** A candidate's provider key from its Worker secret; a configured but unset secret is a misconfiguration. */
export function providerApiKey(env: WorkerEnv, candidate: Candidate): string | null {
  if (candidate.apiKeySecret === null) return null;
  const key = readSecret(env, candidate.apiKeySecret);
  if (key === null) {
    throw new GatewayError({
      kind: "provider_misconfigured",
      detail: `secret ${candidate.apiKeySecret} for provider ${candidate.provider} is not set`,
    });
  }
  return key;
}

export function dispatchOptions(env: WorkerEnv, settings: GatewaySettings): DispatchOptions {
  return {
    apiKeyFor: (candidate) => providerApiKey(env, candidate),
    env,
    breakers: isolateBreakers,
  };
}
