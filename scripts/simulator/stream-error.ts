/**
 * `stream_error=<n>`: the items of a stream to send before the in-stream error, i.e. everything up
 * to and including the n-th content item (up to the last one when there are fewer). With n=0 the
 * error comes right before the first content item.
 */
export function itemsBeforeStreamError<T>(items: T[], n: number, isContent: (item: T) => boolean): T[] {
  let seen = 0;
  let keep = 0;
  for (const [index, item] of items.entries()) {
    if (!isContent(item)) continue;
    if (seen === n) break;
    seen += 1;
    keep = index + 1;
  }
  if (keep === 0) {
    const first = items.findIndex(isContent);
    keep = first === -1 ? items.length : first;
  }
  return items.slice(0, keep);
}
