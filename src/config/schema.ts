import { capabilitiesOf } from "../providers/definition-of";
import { providerRegistry } from "../providers/registry";
import * as z from "zod/mini";
import { dataPolicies } from "../schemas/key-record";
import { identifier } from "./primitives";
import { auditSettingsSchema, defaultAuditSettings, defaultLimitSettings, defaultSessionSettings, limitSettingsSchema, sessionSettingsSchema, tenantsSchema } from "./state-schema";
import { defaultGovernanceSettings, governanceSettingsSchema } from "./governance-schema";
import { circuitBreakerSchema, defaultRoutingSettings, retrySchema, routingSettingsSchema } from "./routing-schema";

type ProviderSchemas = { [K in keyof typeof providerRegistry]: (typeof providerRegistry)[K]["configSchema"] }[keyof typeof providerRegistry];

const providerSchemas = Object.values(providerRegistry).map((definition) => definition.configSchema) as [
  ProviderSchemas,
  ...ProviderSchemas[],
];

export const providerConfigSchema = z.discriminatedUnion("kind", providerSchemas);

const pricePerMillion = z.number().check(z.minimum(0));

/** What a target costs, per million tokens, in `gateway.currency`. */
export const pricingSchema = z.object({
  inputPerMillion: pricePerMillion,
  outputPerMillion: pricePerMillion,
  /** Input tokens served from the provider's prompt cache; billed at `inputPerMillion` when absent. */
  cachedInputPerMillion: z.optional(pricePerMillion),
});

/** What this model lacks that its provider could otherwise serve; a target can only narrow. */
export const targetCapabilitiesSchema = z.partial(
  z.object({
    streaming: z.boolean(),
    tools: z.boolean(),
    vision: z.boolean(),
    jsonMode: z.boolean(),
  }),
);

/**
 * A stream's idle limit: 0 passes OpenAI-format and native Anthropic streams through natively (no
 * JavaScript per chunk, but a stall is only cut off at the total limit, as a broken connection).
 */
const idleLimitMs = z.int().check(z.refine((ms) => ms === 0 || (ms >= 100 && ms <= 600_000), "must be 0 (no idle limit) or from 100 to 600000"));

export const targetConfigSchema = z.object({
  /** Name of an entry in `providers`. */
  provider: identifier,
  /** The model name the provider expects (an Azure deployment name, a Workers AI model id). */
  model: z.string().check(z.minLength(1)),
  pricing: z.optional(pricingSchema),
  capabilities: z.optional(targetCapabilitiesSchema),
  /** This target's own time limits, overriding `gateway.firstByteTimeoutMs` and `gateway.totalTimeoutMs`. */
  timeouts: z.optional(
    z.object({
      firstByteMs: z.optional(z.int().check(z.minimum(100), z.maximum(600_000))),
      totalMs: z.optional(z.int().check(z.minimum(1000), z.maximum(3_600_000))),
      idleMs: z.optional(idleLimitMs),
    }),
  ),
  /** This target's own circuit breaker, overriding `routing.circuitBreaker`. */
  circuitBreaker: z.optional(z.partial(circuitBreakerSchema)),
  /** The legal jurisdiction the target processes data in, e.g. `eu`; keys pinned to one see only its targets. */
  jurisdiction: z.optional(identifier),
  /** What the provider's contract promises for this target's data, e.g. `no-training`. */
  dataPolicies: z._default(z.array(z.enum(dataPolicies)), []),
});

export const modelRouteSchema = z.object({
  type: z._default(z.enum(["chat", "embeddings"]), "chat"),
  /** Target names, in the order they are tried (with `strategy: "ordered"`). */
  targets: z.array(identifier).check(z.minLength(1)),
  /**
   * `latency`: fastest expected first, as measured per caller region, nearby regions preferred;
   * `ordered`: the list as written; `weighted`: the first target drawn by `weights`, then the rest by weight.
   */
  strategy: z._default(z.enum(["latency", "ordered", "weighted"]), "latency"),
  /** This model's own `routing.latency.explorationShare` (for `latency`). */
  explorationShare: z.optional(z.number().check(z.minimum(0), z.maximum(0.5))),
  /** Relative shares for `weighted` (default 1 per target); 0 keeps a target for fail-over only. */
  weights: z.optional(z.record(identifier, z.number().check(z.minimum(0), z.maximum(1_000_000)))),
  ownedBy: z._default(z.string(), "switchboard"),
  /** This model's own retry settings, each overriding `routing.retry`. */
  retry: z.optional(z.partial(retrySchema)),
});

export const gatewaySettingsSchema = z.object({
  maxBodyBytes: z._default(z.int().check(z.minimum(1024), z.maximum(100 * 1024 * 1024)), 4 * 1024 * 1024),
  keyCacheTtlSeconds: z._default(z.number().check(z.minimum(0), z.maximum(300)), 5),
  firstByteTimeoutMs: z._default(z.int().check(z.minimum(100), z.maximum(600_000)), 30_000),
  totalTimeoutMs: z._default(z.int().check(z.minimum(1000), z.maximum(3_600_000)), 600_000),
  streamIdleTimeoutMs: z._default(idleLimitMs, 60_000),
  currency: z._default(z.string().check(z.regex(/^[A-Z]{3}$/, "must be an ISO 4217 code such as USD")), "USD"),
});

export const publicModelName = z.string().check(z.regex(/^[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}$/, "must be a model name without spaces"));

export const gatewayConfigSchema = z
  .object({
    $schema: z.optional(z.string()),
    version: z.literal(1),
    gateway: z._default(gatewaySettingsSchema, {
      maxBodyBytes: 4 * 1024 * 1024,
      keyCacheTtlSeconds: 5,
      firstByteTimeoutMs: 30_000,
      totalTimeoutMs: 600_000,
      streamIdleTimeoutMs: 60_000,
      currency: "USD",
    }),
    routing: z._default(routingSettingsSchema, defaultRoutingSettings),
    limits: z._default(limitSettingsSchema, defaultLimitSettings),
    sessions: z._default(sessionSettingsSchema, defaultSessionSettings),
    audit: z._default(auditSettingsSchema, defaultAuditSettings),
    governance: z._default(governanceSettingsSchema, defaultGovernanceSettings),
    tenants: z._default(tenantsSchema, {}),
    providers: z.record(identifier, providerConfigSchema),
    targets: z.record(identifier, targetConfigSchema),
    models: z.record(publicModelName, modelRouteSchema),
  })
  .check(
    z.superRefine((config, ctx) => {
      for (const [name, target] of Object.entries(config.targets)) {
        const provider = config.providers[target.provider];
        if (!provider) {
          ctx.addIssue({
            code: "custom",
            path: ["targets", name, "provider"],
            message: `unknown provider "${target.provider}"`,
            input: target.provider,
          });
          continue;
        }
        const available = capabilitiesOf(provider);
        for (const [capability, wanted] of Object.entries(target.capabilities ?? {})) {
          if (wanted && !available[capability as keyof typeof available]) {
            ctx.addIssue({
              code: "custom",
              path: ["targets", name, "capabilities", capability],
              message: `provider "${target.provider}" cannot serve ${capability}; a target can only narrow its provider's capabilities`,
              input: wanted,
            });
          }
        }
      }
      for (const [name, route] of Object.entries(config.models)) {
        for (const weighted of Object.keys(route.weights ?? {})) {
          if (!route.targets.includes(weighted)) {
            ctx.addIssue({ code: "custom", path: ["models", name, "weights", weighted], message: `"${weighted}" is not one of this model's targets`, input: weighted });
          }
        }
        route.targets.forEach((targetName, index) => {
          const target = config.targets[targetName];
          const path = ["models", name, "targets", index];
          if (!target) {
            ctx.addIssue({ code: "custom", path, message: `unknown target "${targetName}"`, input: targetName });
            return;
          }
          const provider = config.providers[target.provider];
          if (provider && route.type === "embeddings" && !capabilitiesOf(provider).embeddings) {
            ctx.addIssue({
              code: "custom",
              path,
              message: `provider "${target.provider}" (${provider.kind}) cannot serve embeddings`,
              input: targetName,
            });
          }
        });
      }
    }),
  );

export type GatewayConfigInput = z.input<typeof gatewayConfigSchema>;
export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;
export type GatewaySettings = GatewayConfig["gateway"];
export type Pricing = z.infer<typeof pricingSchema>;
