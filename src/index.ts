import { createApp } from "./app";
import type { WorkerEnv } from "./env";

export { RegionHealth } from "./state/region-health";

const app = createApp();

export default {
  fetch: (request, env, ctx) => app.fetch(request, env, ctx),
} satisfies ExportedHandler<WorkerEnv>;
