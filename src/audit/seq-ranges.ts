/**
 * Sequence numbers not seen (yet), as sorted, disjoint inclusive ranges: a verifier opens a range at
 * each jump forward and closes parts of it as late entries arrive, so a reordering is not also
 * reported as a gap.
 */
export class SeqRanges {
  private readonly ranges: Array<[number, number]> = [];

  /** Adds `from..to`, which must not overlap a range already held. */
  add(from: number, to: number): void {
    if (from > to) return;
    let index = this.ranges.length;
    while (index > 0 && (this.ranges[index - 1]?.[0] ?? 0) > from) index -= 1;
    this.ranges.splice(index, 0, [from, to]);
  }

  has(seq: number): boolean {
    return this.indexOf(seq) >= 0;
  }

  /** Removes one number, splitting its range if needed; false when it was not held. */
  remove(seq: number): boolean {
    const index = this.indexOf(seq);
    const range = this.ranges[index];
    if (!range) return false;
    const [from, to] = range;
    const parts: Array<[number, number]> = [];
    if (from < seq) parts.push([from, seq - 1]);
    if (seq < to) parts.push([seq + 1, to]);
    this.ranges.splice(index, 1, ...parts);
    return true;
  }

  all(): ReadonlyArray<readonly [number, number]> {
    return this.ranges;
  }

  private indexOf(seq: number): number {
    let low = 0;
    let high = this.ranges.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const range = this.ranges[middle];
      if (!range) return -1;
      if (seq < range[0]) high = middle - 1;
      else if (seq > range[1]) low = middle + 1;
      else return middle;
    }
    return -1;
  }
}
