import type { TestProject } from "vitest/node";
import { startSimulator } from "../../scripts/simulator/server";
import { simulatorTestKey } from "./constants";
import { testSimulatorProviders } from "./test-providers";

/** Starts one real provider simulator on loopback for the Worker tests, on a port the OS picks. */
export default async function startSimulatorForTests(project: TestProject): Promise<() => Promise<void>> {
  const simulator = await startSimulator({ port: 0, apiKey: simulatorTestKey, providers: testSimulatorProviders });
  project.provide("simulatorOrigin", simulator.origin);
  return () => simulator.close();
}
