import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

type Cleanup = () => Promise<void>;

/** What a rig started, undone in reverse order, once, however often `close` is called. */
export class Cleanups {
  private readonly steps: Cleanup[] = [];
  private closing: Promise<void> | undefined;

  add(step: Cleanup): void {
    this.steps.push(step);
  }

  readonly close = (): Promise<void> => {
    this.closing ??= (async () => {
      for (const step of this.steps.reverse()) await step().catch(() => undefined);
    })();
    return this.closing;
  };

  /** A fresh temporary folder (in `parent`), removed on close and also on an exit nobody awaited (a signal skips `close`). */
  temporaryDir(prefix: string, parent = tmpdir()): string {
    const dir = mkdtempSync(join(parent, prefix));
    const remove = (): void => rmSync(dir, { recursive: true, force: true });
    process.once("exit", remove);
    this.add(async () => {
      process.off("exit", remove);
      remove();
    });
    return dir;
  }
}

/**
 * Stops the rig on Ctrl-C or SIGTERM. Prepended, and the exit code set before anything is awaited:
 * wrangler (imported to read the bindings) has its own listener that calls `process.exit()` at once.
 * What `close` cannot finish then, the rig's exit hooks and Miniflare's (which kills workerd) do.
 */
export function stopOnSignals(close: () => Promise<void>, log: (line: string) => void): void {
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.prependOnceListener(signal, () => {
      log(`${signal}: stopping ...`);
      process.exitCode = 130;
      void close().finally(() => process.exit(130));
    });
  }
}
