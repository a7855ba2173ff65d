// A word (letters/digits run) or a single other non-space character counts as one token.
const TOKEN_PATTERN = /[\p{L}\p{N}_]+|[^\s\p{L}\p{N}_]/gu;

/** Deterministic token estimate used for every usage number the simulator reports. */
export function countTokens(text: string): number {
  let count = 0;
  for (const _match of text.matchAll(TOKEN_PATTERN)) count += 1;
  return count;
}

/** Returns the longest prefix of `text` holding at most `maxTokens` tokens. */
export function truncateToTokens(text: string, maxTokens: number): string {
  if (maxTokens <= 0) return "";
  let seen = 0;
  for (const match of text.matchAll(TOKEN_PATTERN)) {
    seen += 1;
    if (seen === maxTokens) return text.slice(0, (match.index ?? 0) + match[0].length);
  }
  return text;
}
