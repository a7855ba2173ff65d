import { createApp } from "./app";
import type { WorkerEnv } from "./env";

export { AuditLog } from "./state/audit-log";
export { RateLimiter } from "./state/rate-limiter";
export { RegionHealth } from "./state/region-health";
export { Session } from "./state/session";

const app = createApp();

export default {
  fetch: (request, env, ctx) => app.fetch(request, env, ctx),
} satisfies ExportedHandler<WorkerEnv>;
