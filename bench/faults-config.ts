import type { GatewayConfigInput } from "../src/config/schema";
import type { SimulatedProvider } from "../scripts/simulator/profiles";
import { providerKeySecret } from "./switchboard-setup";

/** The OpenAI-format upstream model every fast provider serves, and the Anthropic one's. */
const chatModel = "gpt-4o-mini";
const claudeModel = "claude-haiku-4-5";

/** Simulated providers, by region; the gateway names its providers after them. */
export const fastProviders = { us: "fast-us", eu: "fast-eu", ap: "fast-ap" } as const;
/** An Anthropic-format provider in the EU: its streams are translated, so they run under the idle limit. */
export const claudeProvider = "claude-eu";

/** Each target's legal jurisdiction, as the config declares it: what the residency check compares against. */
export const targetJurisdictions: Readonly<Record<string, string>> = {
  "t-us": "us",
  "t-eu": "eu",
  "t-ap": "ap",
  "t-eu-claude": "eu",
};

/** Public models of the run. */
export const faultModels = {
  /** The three regions, strategy left at the gateway's default. */
  threeWay: "three-way",
  /** The same targets, tried in config order. */
  threeWayOrdered: "three-way-ordered",
  /** EU first, in order: the faulty target is always tried first, whatever the default strategy does. */
  euFirst: "eu-first",
  /** The Anthropic-format EU provider alone, behind translation. */
  euClaude: "eu-claude",
} as const;

export const fastProfile = { latencyMs: 20, ttftMs: 20, interChunkMs: 2, failureRate: 0 };

export function simulatedProviders(): SimulatedProvider[] {
  const openai = Object.entries(fastProviders).map(([region, name]) => ({
    name,
    region,
    chatModels: [chatModel],
    embeddingModels: [],
    ...fastProfile,
  }));
  const claude: SimulatedProvider = {
    name: claudeProvider,
    region: "eu",
    format: "anthropic",
    chatModels: [claudeModel],
    embeddingModels: [],
    ...fastProfile,
  };
  return [...openai, claude];
}

/**
 * Short first-byte limits so a hanging target fails over within a second; a total limit long enough
 * for any healthy answer; an idle limit between the pieces of a (translated) stream.
 */
export const targetTimeouts = { firstByteMs: 1000, totalMs: 30_000, idleMs: 2000 };

export const circuitBreaker = { failureThreshold: 3, cooldownSeconds: 2 };

export function faultGatewayConfig(simulatorOrigin: string): GatewayConfigInput {
  const common = { apiKeySecret: providerKeySecret };
  const target = (name: string, provider: string, model: string) => ({
    provider,
    model,
    timeouts: targetTimeouts,
    jurisdiction: targetJurisdictions[name],
  });
  return {
    version: 1,
    routing: { circuitBreaker },
    providers: {
      [fastProviders.us]: { kind: "openai", baseUrl: `${simulatorOrigin}/${fastProviders.us}/v1`, region: "us", ...common },
      [fastProviders.eu]: { kind: "openai", baseUrl: `${simulatorOrigin}/${fastProviders.eu}/v1`, region: "eu", ...common },
      [fastProviders.ap]: { kind: "openai", baseUrl: `${simulatorOrigin}/${fastProviders.ap}/v1`, region: "ap", ...common },
      [claudeProvider]: { kind: "anthropic", baseUrl: `${simulatorOrigin}/${claudeProvider}`, region: "eu", ...common },
    },
    targets: {
      "t-us": target("t-us", fastProviders.us, chatModel),
      "t-eu": target("t-eu", fastProviders.eu, chatModel),
      "t-ap": target("t-ap", fastProviders.ap, chatModel),
      "t-eu-claude": target("t-eu-claude", claudeProvider, claudeModel),
    },
    models: {
      [faultModels.threeWay]: { targets: ["t-us", "t-eu", "t-ap"] },
      [faultModels.threeWayOrdered]: { targets: ["t-us", "t-eu", "t-ap"], strategy: "ordered" },
      [faultModels.euFirst]: { targets: ["t-eu", "t-us", "t-ap"], strategy: "ordered" },
      [faultModels.euClaude]: { targets: ["t-eu-claude"] },
    },
  };
}
