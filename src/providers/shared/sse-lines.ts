/** The payload of a `data:` line, or null for other fields, comments and blank lines. */
export function sseData(line: string): string | null {
  if (!line.startsWith("data:")) return null;
  return line.charCodeAt(5) === 32 ? line.slice(6) : line.slice(5);
}
