import { resolve } from "node:path";
import { openSession } from "./session";
import { verifyTargets } from "./verify-targets";
import { measureRun } from "./measure-run";
import { probeTtfb } from "./ttfb-probe";
import { requestBody, requestHeaders } from "./targets";

const root = resolve(import.meta.dirname, "..");
const t0 = performance.now();
const s = await openSession(root);
console.log("session ms", performance.now() - t0, s.bundle, s.workers.trivial.startupMs, s.workers.switchboard.startupMs, s.bindingNames, s.workers.switchboard.pids, s.workers.trivial.pids);
try {
  await verifyTargets(Object.values(s.targets));
  console.log("verified");
  for (const t of Object.values(s.targets)) {
    console.log(t.id, await probeTtfb({ url: t.url, headers: requestHeaders(t), body: requestBody("stream"), requests: 30 }));
  }
  for (const mode of ["plain", "stream"] as const) for (const c of [1, 16]) for (const t of Object.values(s.targets)) {
    const r = await measureRun(root, { round: 0, cell: { mode, connections: c }, target: t.id }, t, s.simulator.pid, 3);
    console.log(mode, c, t.id, Math.round(r.requestsPerSecond), r.latencyP50Ms, r.latencyP99Ms, r.gatewayCpuUsPerRequest?.toFixed(0), r.simulatorCpuUsPerRequest.toFixed(0), r.runnerCpuUsPerRequest.toFixed(0), r.peakMemoryMiB?.toFixed(1));
  }
  console.log("log lines", s.workers.switchboard.outputLines(), s.workers.switchboard.stderrTail());
} finally {
  await s.close();
}
