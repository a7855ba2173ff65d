import type { EndpointContext } from "./endpoint-context";

/** What the router hands a wire format's routes once it knows the provider. */
export interface RouteArgs {
  ctx: EndpointContext;
  method: string;
  /** The path segments after `/<provider>`. */
  segments: string[];
  /** When set, only this key is accepted; otherwise any non-empty key. */
  apiKey: string | undefined;
}
