import { DurableObject } from "cloudflare:workers";
import type { WorkerEnv } from "../env";

export class RateLimiter extends DurableObject<WorkerEnv> {}
