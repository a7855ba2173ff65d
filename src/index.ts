import { createApp } from "./app";
import { auditRetentionCron, sweepAuditRetention } from "./audit/retention-sweep";
import type { WorkerEnv } from "./env";

export { AuditLog } from "./state/audit-log";
export { Control } from "./state/control";
export { RateLimiter } from "./state/rate-limiter";
export { RegionHealth } from "./state/region-health";
export { Session } from "./state/session";

const app = createApp();

export default {
  fetch: (request, env, ctx) => app.fetch(request, env, ctx),
  scheduled(controller, env, ctx) {
    if (controller.cron === auditRetentionCron) ctx.waitUntil(sweepAuditRetention(env, controller.scheduledTime));
    else console.warn(JSON.stringify({ level: "warn", event: "scheduled_unknown_cron", cron: controller.cron }));
  },
} satisfies ExportedHandler<WorkerEnv>;
