import type { Context } from "hono";
import { effectiveAccess } from "../governance/access/request-access";
import type { AppEnv } from "../http/context";

/** The tools an answer may call (the tenant's `access.tools` narrowed by the key's), or null when every tool may be. */
export async function allowedToolsOf(c: Context<AppEnv>): Promise<readonly string[] | null> {
  return (await effectiveAccess(c)).tools;
}
