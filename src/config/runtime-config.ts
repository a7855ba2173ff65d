import type { ProviderAdapter, ProviderCapabilities } from "../providers/contract";
import { definitionOf } from "../providers/definition-of";
import { compileRegionMap, type RegionMap } from "../routing/caller-region";
import type { BreakerSettings } from "../routing/circuit-breaker";
import type { LatencySettings, RetrySettings } from "./routing-schema";
import type { AuditSettings, LimitSettings, SessionSettings } from "./state-schema";
import type { GovernanceSettings } from "./governance-schema";
import type { TenantPolicy } from "../schemas/limits";
import type { ProviderConfig, ProviderKind } from "../providers/registry";
import type { DataPolicy } from "../schemas/key-record";
import type { GatewayConfig, GatewaySettings, Pricing } from "./schema";

/** One place a public model can be served: a target with its provider's adapter, ready to call. */
export interface Candidate {
  readonly target: string;
  readonly provider: string;
  readonly providerKind: ProviderKind;
  readonly region: string;
  readonly upstreamModel: string;
  readonly apiKeySecret: string | null;
  readonly adapter: ProviderAdapter;
  /** The provider's capabilities narrowed by the target's declaration. */
  readonly capabilities: ProviderCapabilities;
  readonly pricing: Pricing | null;
  /** Null when the config does not say: such a target never serves a pinned key. */
  readonly jurisdiction: string | null;
  readonly dataPolicies: readonly DataPolicy[];
  readonly timeouts: TargetTimeouts;
  readonly breaker: BreakerSettings;
}

export interface TargetTimeouts {
  /** Until the response headers. */
  readonly firstByteMs: number;
  /** Until the whole answer (a stream's last byte), counted from the call. */
  readonly totalMs: number;
  /** Between two pieces of a translated stream. */
  readonly idleMs: number;
}

export type ModelType = "chat" | "embeddings";

export interface ModelRoute {
  readonly name: string;
  readonly type: ModelType;
  readonly ownedBy: string;
  readonly candidates: readonly Candidate[];
  readonly retry: RetrySettings;
  readonly strategy: RoutingStrategy;
  /** Under `latency`, the share of requests that try a target other than the best first. */
  readonly explorationShare: number;
  /** Each target's share under `weighted`. */
  readonly weights: ReadonlyMap<string, number>;
}

export type RoutingStrategy = "latency" | "ordered" | "weighted";

/** The validated config compiled once per isolate into what the hot path reads. */
export interface RuntimeConfig {
  readonly settings: GatewaySettings;
  readonly regions: RegionMap;
  readonly latency: LatencySettings;
  readonly models: ReadonlyMap<string, ModelRoute>;
  readonly limits: LimitSettings;
  readonly sessions: SessionSettings;
  readonly audit: AuditSettings;
  readonly governance: GovernanceSettings;
  /** Tenant policies from the config; KV records override them (`state/tenant-policy-store.ts`). */
  readonly tenants: ReadonlyMap<string, TenantPolicy>;
}

interface BoundProvider {
  readonly adapter: ProviderAdapter;
  readonly apiKeySecret: string | null;
}

function bindProvider(config: ProviderConfig): BoundProvider {
  const definition = definitionOf(config);
  return { adapter: definition.createAdapter(config), apiKeySecret: definition.apiKeySecret(config) };
}

function narrow(capabilities: ProviderCapabilities, declared: Partial<ProviderCapabilities> | undefined): ProviderCapabilities {
  if (!declared) return capabilities;
  return {
    chat: capabilities.chat,
    embeddings: capabilities.embeddings,
    streaming: capabilities.streaming && declared.streaming !== false,
    tools: capabilities.tools && declared.tools !== false,
    vision: capabilities.vision && declared.vision !== false,
    jsonMode: capabilities.jsonMode && declared.jsonMode !== false,
  };
}

/** Compiles a config that `gatewayConfigSchema` accepted (so every reference resolves). */
export function compileConfig(config: GatewayConfig): RuntimeConfig {
  const bound = new Map<string, BoundProvider>();
  for (const [name, provider] of Object.entries(config.providers)) bound.set(name, bindProvider(provider));

  const candidateFor = (targetName: string): Candidate => {
    const target = config.targets[targetName];
    const provider = target && config.providers[target.provider];
    const binding = target && bound.get(target.provider);
    if (!target || !provider || !binding) throw new Error(`target "${targetName}" does not resolve`);
    return {
      target: targetName,
      provider: target.provider,
      providerKind: provider.kind,
      region: provider.region,
      upstreamModel: target.model,
      apiKeySecret: binding.apiKeySecret,
      adapter: binding.adapter,
      capabilities: narrow(binding.adapter.capabilities, target.capabilities),
      pricing: target.pricing ?? null,
      jurisdiction: target.jurisdiction ?? null,
      dataPolicies: target.dataPolicies,
      breaker: {
        failureThreshold: target.circuitBreaker?.failureThreshold ?? config.routing.circuitBreaker.failureThreshold,
        cooldownMs: (target.circuitBreaker?.cooldownSeconds ?? config.routing.circuitBreaker.cooldownSeconds) * 1000,
      },
      timeouts: {
        firstByteMs: target.timeouts?.firstByteMs ?? config.gateway.firstByteTimeoutMs,
        totalMs: target.timeouts?.totalMs ?? config.gateway.totalTimeoutMs,
        idleMs: target.timeouts?.idleMs ?? config.gateway.streamIdleTimeoutMs,
      },
    };
  };

  const models = new Map<string, ModelRoute>();
  for (const [name, route] of Object.entries(config.models)) {
    models.set(name, {
      name,
      type: route.type,
      ownedBy: route.ownedBy,
      candidates: route.targets.map(candidateFor),
      retry: { ...config.routing.retry, ...route.retry },
      strategy: route.strategy,
      explorationShare: route.explorationShare ?? config.routing.latency.explorationShare,
      weights: new Map(route.targets.map((target) => [target, route.weights?.[target] ?? 1])),
    });
  }
  return {
    settings: config.gateway,
    regions: compileRegionMap(config.routing),
    latency: config.routing.latency,
    models,
    limits: config.limits,
    sessions: config.sessions,
    audit: config.audit,
    governance: config.governance,
    tenants: new Map(Object.entries(config.tenants)),
  };
}
