/**
 * Calls `onIdle` once `idleTimeoutMs` pass without progress (0: never), so a stream that stalls
 * mid-way can be ended with an error event instead of hanging until the total limit. One timer per
 * stream, re-armed only when it fires, so a read costs one clock reading.
 */
export class IdleWatch {
  private lastProgress = Date.now();
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly idleTimeoutMs: number,
    private readonly onIdle: () => void,
  ) {
    if (idleTimeoutMs > 0) this.arm(idleTimeoutMs);
  }

  progressed(): void {
    this.lastProgress = Date.now();
  }

  stop(): void {
    clearTimeout(this.timer);
  }

  private arm(delay: number): void {
    this.timer = setTimeout(() => {
      const quietFor = Date.now() - this.lastProgress;
      if (quietFor >= this.idleTimeoutMs) this.onIdle();
      else this.arm(this.idleTimeoutMs - quietFor);
    }, delay);
  }
}
