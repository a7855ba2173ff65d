import type { RoutingSettings } from "../config/routing-schema";

/** The region lookup compiled once per isolate. */
export interface RegionMap {
  readonly byCountry: ReadonlyMap<string, string>;
  readonly byContinent: ReadonlyMap<string, string>;
  readonly fallback: string;
}

export function compileRegionMap(settings: RoutingSettings): RegionMap {
  const byCountry = new Map<string, string>();
  const byContinent = new Map<string, string>();
  for (const [region, members] of Object.entries(settings.regions)) {
    for (const country of members.countries) byCountry.set(country, region);
    for (const continent of members.continents) byContinent.set(continent, region);
  }
  return { byCountry, byContinent, fallback: settings.defaultRegion };
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
