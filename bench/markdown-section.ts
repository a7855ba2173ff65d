/**
 * Level-2 sections of a markdown file (`## Title` up to the next `## ` heading or the end), so
 * separate commands can each own one section of bench/RESULTS.md.
 */

function sectionBounds(markdown: string, heading: string): { start: number; end: number } | null {
  const lines = markdown.split("\n");
  const first = lines.findIndex((line) => line.trimEnd() === heading);
  if (first < 0) return null;
  const next = lines.findIndex((line, index) => index > first && line.startsWith("## "));
  const offsetOf = (lineIndex: number): number => lines.slice(0, lineIndex).reduce((sum, line) => sum + line.length + 1, 0);
  return { start: offsetOf(first), end: next < 0 ? markdown.length : offsetOf(next) };
}

/** The whole section, heading included, or null when the file has none. */
export function sectionOf(markdown: string, heading: string): string | null {
  const bounds = sectionBounds(markdown, heading);
  return bounds === null ? null : markdown.slice(bounds.start, bounds.end);
}

/** Replaces the section that starts with `section`'s own heading, or appends it at the end. */
export function withSection(markdown: string, section: string): string {
  const heading = section.split("\n", 1)[0] ?? "";
  const text = `${section.trimEnd()}\n`;
  const bounds = sectionBounds(markdown, heading);
  if (bounds === null) return `${markdown.trimEnd()}\n\n${text}`;
  const after = markdown.slice(bounds.end);
  return markdown.slice(0, bounds.start) + text + (after.length > 0 ? `\n${after}` : "");
}

/** `markdown` with the section under `heading` carried over from `previous`, when that had one. */
export function carryOverSection(markdown: string, previous: string | null, heading: string): string {
  const kept = previous === null ? null : sectionOf(previous, heading);
  return kept === null ? markdown : withSection(markdown, kept);
}
