import type { Context } from "hono";
import { requestPolicy } from "../governance/request-policy";
import type { AppEnv } from "../http/context";
import { defaultGuardrailPolicy, type GuardrailPolicy } from "../schemas/guardrail-policy";

/** The tenant's guardrail settings, or the defaults for a tenant without a policy. */
export async function guardrailPolicyOf(c: Context<AppEnv>): Promise<GuardrailPolicy> {
  return (await requestPolicy(c)).policy?.guardrails ?? defaultGuardrailPolicy;
}
