import type { RoutingSettings } from "../config/routing-schema";

/** The region lookup compiled once per isolate. */
export interface RegionMap {
  readonly byCountry: ReadonlyMap<string, string>;
  readonly byContinent: ReadonlyMap<string, string>;
  readonly fallback: string;
  /** Per region, the other regions nearest first. */
  readonly near: ReadonlyMap<string, readonly string[]>;
}

export function compileRegionMap(settings: RoutingSettings): RegionMap {
  const byCountry = new Map<string, string>();
  const byContinent = new Map<string, string>();
  const near = new Map<string, readonly string[]>();
  for (const [region, members] of Object.entries(settings.regions)) {
    near.set(region, members.near);
    for (const country of members.countries) byCountry.set(country, region);
    for (const continent of members.continents) byContinent.set(continent, region);
  }
  return { byCountry, byContinent, fallback: settings.defaultRegion, near };
}

/** What Cloudflare says about where a request came from (`request.cf`), as far as routing reads it. */
export interface CallerLocation {
  readonly country: string | null;
  readonly continent: string | null;
}

/**
 * The caller's region: by country, else by continent, else the default. Null when the request carries
 * no location at all (local development, tests that set none), so nothing pretends to know.
 */
export function callerRegion(location: CallerLocation, regions: RegionMap): string | null {
  if (location.country === null && location.continent === null) return null;
  return (
    (location.country !== null ? regions.byCountry.get(location.country) : undefined) ??
    (location.continent !== null ? regions.byContinent.get(location.continent) : undefined) ??
    regions.fallback
  );
}

/**
 * How many steps a target's region is from the caller's: 0 in the same region (or when the caller's
 * is unknown), 1 for the first region it lists as `near`, and so on; further than all of those for any
 * other region.
 */
export function proximity(regions: RegionMap, callerRegion: string | null, targetRegion: string): number {
  if (callerRegion === null || callerRegion === targetRegion) return 0;
  const near = regions.near.get(callerRegion) ?? [];
  const index = near.indexOf(targetRegion);
  return index === -1 ? near.length + 1 : index + 1;
}
