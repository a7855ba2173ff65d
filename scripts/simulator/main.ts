import { parseArgs } from "node:util";
import { startSimulator } from "./server";
import { defaultProviders } from "./profiles";

// Usage: npx tsx scripts/simulator/main.ts [--port N] [--host H] [--api-key K]
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { port: { type: "string" }, host: { type: "string" }, "api-key": { type: "string" } },
    strict: true,
  });
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid --port ${values.port ?? ""}`);

  const simulator = await startSimulator({ port, host: values.host, apiKey: values["api-key"] });
  const providers = defaultProviders.map((provider) => provider.name);
  process.stdout.write(`${JSON.stringify({ event: "ready", origin: simulator.origin, providers })}\n`);

  const shutdown = (): void => {
    void simulator.close().then(() => process.exit(0));
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`${JSON.stringify({ event: "error", message })}\n`);
  process.exit(1);
});
