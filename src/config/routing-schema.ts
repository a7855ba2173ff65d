import * as z from "zod/mini";
import { identifier } from "./primitives";

const continentCode = z.enum(["AF", "AN", "AS", "EU", "NA", "OC", "SA"]);
const countryCode = z.string().check(z.regex(/^[A-Z]{2}$/, "must be an ISO 3166-1 alpha-2 country code such as DE"));

/**
 * Which callers belong to a region (whole continents, and countries that override their continent),
 * and which other regions are nearest to it, nearest first: the `latency` strategy prefers targets in
 * the caller's region, then in these, then anywhere else.
 */
export const regionMembersSchema = z.object({
  continents: z._default(z.array(continentCode), []),
  countries: z._default(z.array(countryCode), []),
  near: z._default(z.array(identifier), []),
});

export const defaultRegions = {
  eu: { continents: ["EU", "AF"], countries: [], near: ["us", "ap"] },
  us: { continents: ["NA", "SA"], countries: [], near: ["eu", "ap"] },
  ap: { continents: ["AS", "OC"], countries: [], near: ["us", "eu"] },
} satisfies Record<string, z.infer<typeof regionMembersSchema>>;

/** When a target's circuit opens (consecutive provider-side failures) and how long it stays open. */
export const circuitBreakerSchema = z.object({
  failureThreshold: z._default(z.int().check(z.minimum(1), z.maximum(1000)), 5),
  cooldownSeconds: z._default(z.number().check(z.minimum(0.1), z.maximum(3600)), 30),
});

export const defaultCircuitBreaker = { failureThreshold: 5, cooldownSeconds: 30 };

/**
 * How hard one request tries. Each target is tried once in a pass; when a pass ends in provider-side
 * failures only, another pass starts after a full-jitter exponential backoff, while attempts and time
 * remain. `maxAttempts` 0 means one pass (every target once).
 */
export const retrySchema = z.object({
  maxAttempts: z._default(z.int().check(z.minimum(0), z.maximum(20)), 0),
  /** No new attempt starts after this long (0: no limit beyond the targets' own timeouts). */
  budgetMs: z._default(z.int().check(z.minimum(0), z.maximum(3_600_000)), 0),
  backoffBaseMs: z._default(z.int().check(z.minimum(1), z.maximum(60_000)), 100),
  backoffCapMs: z._default(z.int().check(z.minimum(1), z.maximum(60_000)), 2000),
});

export const defaultRetry = { maxAttempts: 0, budgetMs: 0, backoffBaseMs: 100, backoffCapMs: 2000 };
export type RetrySettings = z.infer<typeof retrySchema>;

/** How the `latency` strategy ranks targets and how often an isolate shares what it measured. */
export const latencySettingsSchema = z.object({
  /** The share of requests sent to a target other than the best ranked, so a recovered one is noticed. */
  explorationShare: z._default(z.number().check(z.minimum(0), z.maximum(0.5)), 0.05),
  /** Added to a target's expected latency per step away from the caller's region (see `near`). */
  proximityPenaltyMs: z._default(z.number().check(z.minimum(0), z.maximum(60_000)), 50),
  /** An isolate exchanges its samples with its region's Durable Object at most this often. */
  syncIntervalSeconds: z._default(z.number().check(z.minimum(0.05), z.maximum(3600)), 10),
});

export const defaultLatencySettings = { explorationShare: 0.05, proximityPenaltyMs: 50, syncIntervalSeconds: 10 };
export type LatencySettings = z.infer<typeof latencySettingsSchema>;

/**
 * Where callers are, by the country and continent Cloudflare reports for each request (a country
 * listed by a region wins over its continent; a caller matching nothing is in `defaultRegion`), and
 * the circuit breakers' defaults.
 */
export const routingSettingsSchema = z
  .object({
    regions: z._default(z.record(identifier, regionMembersSchema), defaultRegions),
    defaultRegion: z._default(identifier, "us"),
    circuitBreaker: z._default(circuitBreakerSchema, defaultCircuitBreaker),
    retry: z._default(retrySchema, defaultRetry),
    latency: z._default(latencySettingsSchema, defaultLatencySettings),
  })
  .check(
    z.superRefine((routing, ctx) => {
      if (!(routing.defaultRegion in routing.regions)) {
        ctx.addIssue({ code: "custom", path: ["defaultRegion"], message: `unknown region "${routing.defaultRegion}"`, input: routing.defaultRegion });
      }
      for (const [region, members] of Object.entries(routing.regions)) {
        for (const near of members.near) {
          if (near in routing.regions && near !== region) continue;
          const message = near === region ? "a region is not near itself" : `unknown region "${near}"`;
          ctx.addIssue({ code: "custom", path: ["regions", region, "near"], message, input: near });
        }
      }
      for (const field of ["continents", "countries"] as const) {
        const owner = new Map<string, string>();
        for (const [region, members] of Object.entries(routing.regions)) {
          for (const code of members[field]) {
            const previous = owner.get(code);
            if (previous !== undefined) {
              ctx.addIssue({
                code: "custom",
                path: ["regions", region, field],
                message: `"${code}" is already in region "${previous}"`,
                input: code,
              });
            }
            owner.set(code, region);
          }
        }
      }
    }),
  );

export type RoutingSettings = z.infer<typeof routingSettingsSchema>;
export const defaultRoutingSettings: RoutingSettings = {
  regions: defaultRegions,
  defaultRegion: "us",
  circuitBreaker: defaultCircuitBreaker,
  retry: defaultRetry,
  latency: defaultLatencySettings,
};
