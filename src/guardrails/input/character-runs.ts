export interface Run {
  readonly start: number;
  readonly end: number;
}

/** Maximal runs of characters (UTF-16 code units) passing `isMember`, in one linear pass. */
export function findRuns(text: string, isMember: (code: number) => boolean, minLength: number): Run[] {
  const runs: Run[] = [];
  let start = -1;
  for (let i = 0; i <= text.length; i++) {
    const member = i < text.length && isMember(text.charCodeAt(i));
    if (member && start < 0) start = i;
    if (!member && start >= 0) {
      if (i - start >= minLength) runs.push({ start, end: i });
      start = -1;
    }
  }
  return runs;
}
