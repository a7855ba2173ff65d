import type { RuntimeConfig } from "../config/runtime-config";
import type { WorkerEnv } from "../env";
import type { Principal } from "../governance/principal";
import type { ErrorFormat } from "../errors/error-response";
import type { RequestRecord } from "../observability/request-record";
import type { ResolvedTenantPolicy } from "../state/tenant-policy-store";
import type { EffectiveAccess } from "../governance/access/effective-access";
import type { ControlSnapshot } from "../state/control";

/** The typed Hono environment every middleware and route shares. */
export interface AppEnv {
  Bindings: WorkerEnv;
  Variables: {
    requestId: string;
    record: RequestRecord;
    config: RuntimeConfig;
    /** The kill switches and config override this request is served under, read once (`withConfig`). */
    controlState: ControlSnapshot;
    principal: Principal;
    /** The caller's tenant policy once resolved (`governance/request-policy.ts`); read it through `requestPolicy(c)`. */
    tenantPolicy: ResolvedTenantPolicy;
    /** The caller's access once narrowed; read it through `effectiveAccess(c)`. */
    access: EffectiveAccess;
    /** Which API's error shape failures are written in; OpenAI's unless a route says otherwise. */
    errorFormat: ErrorFormat;
  };
}
