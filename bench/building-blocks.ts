// What each building block of Switchboard's request path costs in workerd on its own: the
// trivial Worker plus one block, measured interleaved with the plain trivial Worker.
//   node --import tsx bench/building-blocks.ts [--rounds N] [--duration S] [--only file.js,...]
// Writes bench/.out/building-blocks.md. Used for the analysis in bench/RESULTS.md.
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { num } from "./format";
import { measureRun, type RunContext, type RunResult } from "./measure-run";
import { openSession } from "./session";
import { spread } from "./stats";
import type { Mode, Target } from "./targets";
import { hostWorker } from "./worker-host";

interface Block {
  readonly file: string;
  readonly what: string;
  readonly modes: readonly Mode[];
}

const blocks: readonly Block[] = [
  { file: "js-transform-stream.js", what: "response through a JS TransformStream (openai/stream.ts before d4f5198)", modes: ["stream", "plain"] },
  { file: "js-pull-stream.js", what: "response re-wrapped in a pull ReadableStream (watch-stream-end.ts before d4f5198)", modes: ["stream", "plain"] },
  { file: "native-identity-stream.js", what: "native IdentityTransformStream + pipeTo for the end (watch-stream-end.ts now)", modes: ["stream"] },
  { file: "tee-native-copy.js", what: "tee, copy read whole natively for the usage (openai/stream.ts now)", modes: ["stream"] },
  { file: "js-pull-piped.js", what: "pull ReadableStream passing chunks on, piped into a native IdentityTransformStream", modes: ["stream"] },
  { file: "sse-rewrite-pull-piped.js", what: "same, rewriting each SSE event (JSON.parse/stringify, no validation): the shape of stream translation now", modes: ["stream"] },
  { file: "sse-rewrite-writer.js", what: "same rewrite, written from a JS loop into a native IdentityTransformStream (no JS-backed stream)", modes: ["stream"] },
  { file: "tee-js-reader.js", what: "tee, copy read chunk by chunk in JS in waitUntil", modes: ["stream"] },
  { file: "read-body-reader.js", what: "request body read with a reader loop (read-json-body.ts, no Content-Length)", modes: ["plain"] },
  { file: "read-body-text.js", what: "request body read in one native call (read-json-body.ts with Content-Length)", modes: ["plain"] },
  { file: "sha256-key.js", what: "one SHA-256 of the API key (authenticate.ts)", modes: ["plain"] },
  { file: "log-line.js", what: "one JSON log line (request-log.ts)", modes: ["plain"] },
];

const connections = [1, 16];
const root = resolve(import.meta.dirname, "..");

interface Pair {
  readonly block: RunResult;
  readonly floor: RunResult;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { rounds: { type: "string" }, duration: { type: "string" }, only: { type: "string" } } });
  const only = values.only?.split(",");
  const rounds = Number(values.rounds ?? 2);
  const duration = Number(values.duration ?? 3);
  const session = await openSession(root);
  const rows: string[] = [];
  try {
    for (const block of blocks.filter((b) => !only || only.includes(b.file))) {
      const worker = await hostWorker(join(root, "bench", "building-blocks", block.file), session.floorOptions);
      const candidate: Target = { ...session.targets.trivial, url: worker.url, pids: worker.pids };
      const context: RunContext = {
        root,
        simulatorPid: session.simulator.pid,
        ownPids: [...session.ownPids, ...worker.pids],
        durationSeconds: duration,
      };
      try {
        for (const mode of block.modes) {
          for (const c of connections) {
            const pairs: Pair[] = [];
            for (let round = 0; round < rounds; round++) {
              const measure = (target: Target): Promise<RunResult> =>
                measureRun(context, { round, cell: { mode, connections: c }, target: "trivial" }, target);
              // Alternate which goes first, as the main bench rotates its order.
              if (round % 2 === 0) pairs.push({ block: await measure(candidate), floor: await measure(session.targets.trivial) });
              else pairs.push({ floor: await measure(session.targets.trivial), block: await measure(candidate) });
            }
            rows.push(row(block, mode, c, pairs));
            process.stderr.write(`building-blocks: ${rows.at(-1) ?? ""}\n`);
          }
        }
      } finally {
        await worker.miniflare.dispose();
      }
    }
  } finally {
    await session.close();
  }
  const markdown = [
    `# Building blocks: CPU per request in workerd (${rounds} rounds of ${duration} s, medians)`,
    "",
    "| block | mode | conc. | CPU µs/req with block | trivial Worker | added µs/req | req/s vs trivial |",
    "| --- | --- | --- | --- | --- | --- | --- |",
    ...rows,
    "",
  ].join("\n");
  mkdirSync(join(root, "bench", ".out"), { recursive: true });
  writeFileSync(join(root, "bench", ".out", "building-blocks.md"), markdown);
  process.stdout.write(markdown);
}

function row(block: Block, mode: Mode, c: number, pairs: readonly Pair[]): string {
  const cpu = (r: RunResult): number => r.gatewayCpuUsPerRequest ?? Number.NaN;
  const withBlock = spread(pairs.map((p) => cpu(p.block))).median;
  const floor = spread(pairs.map((p) => cpu(p.floor))).median;
  const added = spread(pairs.map((p) => cpu(p.block) - cpu(p.floor))).median;
  const ratio = spread(pairs.map((p) => p.block.requestsPerSecond / p.floor.requestsPerSecond)).median;
  return `| ${block.what} | ${mode} | ${c} | ${num(withBlock, 0)} | ${num(floor, 0)} | ${added > 0 ? "+" : ""}${num(added, 0)} | ${num(ratio, 2)} |`;
}

main().catch((error: unknown) => {
  process.stderr.write(`building-blocks: FAILED: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
