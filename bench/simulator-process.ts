// Child-process entry: the provider simulator with zero-latency providers (one per wire format the
// bench uses), so its CPU is not counted with the gateway's and it does not share the bench
// runner's event loop.
//   node --import tsx bench/simulator-process.ts <apiKey>
// Prints one JSON line {"origin", "baseUrl"} when listening; stops on SIGTERM or when stdin closes.
import type { SimulatedProvider } from "../scripts/simulator/profiles";
import { startSimulator } from "../scripts/simulator/server";
import { type BenchUpstream, benchUpstreams } from "./upstreams";

function zeroLatencyProvider(upstream: BenchUpstream): SimulatedProvider {
  return {
    name: upstream.name,
    region: "us",
    format: upstream.format,
    chatModels: [upstream.model],
    embeddingModels: [],
    latencyMs: 0,
    ttftMs: 0,
    interChunkMs: 0,
    failureRate: 0,
  };
}

async function main(): Promise<void> {
  const apiKey = process.argv[2];
  if (!apiKey) throw new Error("usage: simulator-process.ts <apiKey>");
  const providers = Object.values(benchUpstreams).map(zeroLatencyProvider);
  const simulator = await startSimulator({ host: "127.0.0.1", port: 0, providers, apiKey });
  const baseUrl = `${simulator.origin}/${benchUpstreams.openai.name}/v1`;
  process.stdout.write(`${JSON.stringify({ origin: simulator.origin, baseUrl })}\n`);
  const stop = (): void => void simulator.close().then(() => process.exit(0));
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
  // If the runner dies without signalling, its end of the pipe closes: do not outlive it.
  process.stdin.on("end", stop);
  process.stdin.resume();
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
