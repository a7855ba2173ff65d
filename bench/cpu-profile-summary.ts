import { readFileSync } from "node:fs";
import { SourceMap } from "node:module";

/** The parts of a V8 `.cpuprofile` the summary reads. */
export interface CpuProfile {
  readonly nodes: readonly {
    readonly id: number;
    readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number; readonly columnNumber: number };
    readonly children?: readonly number[];
  }[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

export interface ProfileLine {
  readonly name: string;
  readonly ms: number;
  readonly share: number;
}

export interface ProfileSummary {
  readonly totalMs: number;
  /** Sampled time not spent idle: JS, runtime built-ins, GC and workerd's own code. */
  readonly busyMs: number;
  /** Self time by original source location (through the bundle's source map). */
  readonly selfByFunction: readonly ProfileLine[];
  /** Self time by original source file or runtime category. */
  readonly selfByFile: readonly ProfileLine[];
  /** Inclusive time of the bundle's own modules (src/...): where the gateway's JS spends it. */
  readonly inclusiveBySrcFile: readonly ProfileLine[];
}

/**
 * Folds a workerd CPU profile of the minified bundle back onto source files and functions. Time
 * outside JS (workerd's own C++: HTTP, stream pumping, I/O) is V8's "(program)".
 */
export function summarizeProfile(profile: CpuProfile, sourceMapPath: string, top = 15): ProfileSummary {
  const map = new SourceMap(JSON.parse(readFileSync(sourceMapPath, "utf8")));
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);

  const locate = (id: number): { fn: string; file: string } => {
    const frame = byId.get(id)?.callFrame;
    if (!frame) return { fn: "?", file: "?" };
    if (!frame.url.endsWith("index.js")) return { fn: frame.functionName || "(native)", file: frame.functionName.startsWith("(") ? frame.functionName : "(runtime built-ins)" };
    const entry = map.findEntry(frame.lineNumber, frame.columnNumber);
    const source = "originalSource" in entry ? shortSource(entry.originalSource) : "bundle";
    const line = "originalLine" in entry ? entry.originalLine + 1 : 0;
    return { fn: `${source}:${line}`, file: source };
  };

  const selfFn = new Map<string, number>();
  const selfFile = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let total = 0;
  let idle = 0;
  profile.samples.forEach((id, index) => {
    const micros = profile.timeDeltas[index] ?? 0;
    total += micros;
    if (byId.get(id)?.callFrame.functionName === "(idle)") idle += micros;
    const self = locate(id);
    add(selfFn, self.fn, micros);
    add(selfFile, self.file, micros);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) {
      const { file } = locate(at);
      if (file.startsWith("src/") && !seen.has(file)) {
        seen.add(file);
        add(inclusive, file, micros);
      }
    }
  });
  const lines = (values: Map<string, number>): ProfileLine[] =>
    [...values.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, micros]) => ({ name, ms: micros / 1000, share: micros / total }));
  return { totalMs: total / 1000, busyMs: (total - idle) / 1000, selfByFunction: lines(selfFn), selfByFile: lines(selfFile), inclusiveBySrcFile: lines(inclusive) };
}

function add(values: Map<string, number>, key: string, micros: number): void {
  values.set(key, (values.get(key) ?? 0) + micros);
}

function shortSource(source: string): string {
  const nodeModules = source.lastIndexOf("node_modules/");
  if (nodeModules >= 0) return source.slice(nodeModules + "node_modules/".length);
  const src = source.lastIndexOf("src/");
  return src >= 0 ? source.slice(src) : source;
}
