import { DurableObject } from "cloudflare:workers";
import type { WorkerEnv } from "../env";

/** One conversation (`x-session-id`) of one tenant: its history, sticky target and counters (docs/sessions.md). */
export class Session extends DurableObject<WorkerEnv> {}
