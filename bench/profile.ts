// CPU profiles of Switchboard's workerd under load, through workerd's DevTools inspector, folded
// back onto source files with the bundle's source map.
//   node --import tsx bench/profile.ts [--duration S] [--targets switchboard,switchboard-anthropic,...]
// Profiles each Switchboard route given (default: the pass-through route `switchboard`; the
// translated ones are listed in bench/targets.ts) in plain and stream mode, in one session.
// Writes bench/.out/profile-<target>-<mode>.cpuprofile (open in Chrome DevTools) and bench/.out/profile.md.
// The inspector itself costs time, so read shares, not absolute numbers.
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { findInspectorTarget, openCdpSession } from "./cdp-session";
import { type CpuProfile, type ProfileLine, summarizeProfile } from "./cpu-profile-summary";
import { runLoad } from "./load-generator";
import { openSession } from "./session";
import { type Mode, requestBody, requestHeaders, type TargetId, targetIds } from "./targets";

const root = resolve(import.meta.dirname, "..");
const outDir = join(root, "bench", ".out");

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { duration: { type: "string" }, targets: { type: "string" } } });
  const duration = Number(values.duration ?? 5);
  const wanted = (values.targets ?? "switchboard").split(",").map((name) => name.trim());
  const profiled = targetIds.filter((id): id is TargetId => wanted.includes(id) && id.startsWith("switchboard"));
  if (profiled.length !== wanted.length) throw new Error(`--targets: Switchboard targets are ${targetIds.filter((id) => id.startsWith("switchboard")).join(", ")}`);
  const session = await openSession(root, { inspect: true });
  const sections: string[] = [];
  try {
    const worker = session.workers.switchboard;
    if (!worker.inspectorOrigin) throw new Error("Switchboard was started without an inspector");
    const cdp = await openCdpSession(await findInspectorTarget(worker.inspectorOrigin, "core:user:"));
    try {
      await cdp.send("Profiler.enable");
      await cdp.send("Profiler.setSamplingInterval", { interval: 100 });
      for (const id of profiled) {
        const target = session.targets[id];
        for (const mode of ["plain", "stream"] as const satisfies readonly Mode[]) {
          const spec = { url: target.url, headers: requestHeaders(target), body: requestBody(target, mode), connections: 16 };
          await runLoad(root, { ...spec, durationSeconds: 2 }); // warm-up, unprofiled
          await cdp.send("Profiler.start");
          const load = await runLoad(root, { ...spec, durationSeconds: duration });
          const stopped = await cdp.send("Profiler.stop");
          const profile = Reflect.get(Object(stopped), "profile") as CpuProfile;
          mkdirSync(outDir, { recursive: true });
          writeFileSync(join(outDir, `profile-${id}-${mode}.cpuprofile`), JSON.stringify(profile));
          const summary = summarizeProfile(profile, `${session.bundle.scriptPath}.map`);
          process.stderr.write(`profile: ${id} ${mode}: ${load.requests} requests in ${duration} s under the profiler\n`);
          sections.push(
            `## ${id}, ${mode}, concurrency 16: ${load.requests} requests, ${Math.round(load.requestsPerSecond)} req/s under the profiler`,
            "",
            `Sampled busy time (not idle) ${summary.busyMs.toFixed(0)} ms of ${summary.totalMs.toFixed(0)} ms: ` +
              `${((summary.busyMs * 1000) / Math.max(1, load.requests)).toFixed(0)} µs per request, with the inspector's overhead.`,
            "",
            table("self time by source file or runtime category", summary.selfByFile),
            table("self time by source location", summary.selfByFunction),
            table("inclusive time of src/ modules (synchronous stacks only)", summary.inclusiveBySrcFile),
          );
        }
      }
    } finally {
      cdp.close();
    }
  } finally {
    await session.close();
  }
  const markdown = [
    "# Switchboard CPU profile (workerd inspector, 100 µs sampling)",
    "",
    "`(program)` is workerd's native code (HTTP, streams, I/O between isolate entries); `(runtime built-ins)`",
    "are platform functions such as fetch, streams and crypto called from the bundle.",
    "",
    ...sections,
  ].join("\n");
  writeFileSync(join(outDir, "profile.md"), markdown);
  process.stdout.write(markdown);
}

function table(title: string, lines: readonly ProfileLine[]): string {
  return [
    `### ${title}`,
    "",
    "| | ms | share |",
    "| --- | --- | --- |",
    ...lines.map((line) => `| ${line.name} | ${line.ms.toFixed(1)} | ${(line.share * 100).toFixed(1)}% |`),
    "",
  ].join("\n");
}

// Node 20 has a WebSocket client only behind a flag: re-run this script with it.
if (typeof WebSocket === "undefined") {
  const result = spawnSync(process.execPath, ["--experimental-websocket", "--no-warnings", "--import", "tsx", ...process.argv.slice(1)], {
    stdio: "inherit",
  });
  process.exit(result.status ?? 1);
} else {
  main().catch((error: unknown) => {
    process.stderr.write(`profile: FAILED: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
