// The two jq forms the docs use, for the walkthrough runner: `jq -r .a.b` and `jq '.a | .b.c = <json>'`.

/** `jq -r .a.b` and `jq '.a | .b.c = <json>'`: paths read, paths set to a JSON value, joined by `|`. */
export function runJq(args: readonly string[], input: string, line: number): string {
  const raw = args.includes("-r");
  const filter = args.filter((arg) => arg !== "-r");
  if (filter.length !== 1) throw new Error(`line ${line}: jq needs one filter`);
  let value: unknown = JSON.parse(input);
  for (const step of (filter[0] ?? "").split("|").map((part) => part.trim())) {
    const assignment = /^(\.[A-Za-z0-9_.]*)\s*=\s*(.+)$/.exec(step);
    if (assignment) value = setPath(value, pathOf(assignment[1] ?? "."), JSON.parse(assignment[2] ?? "null"));
    else if (/^\.[A-Za-z0-9_.]*$/.test(step)) value = getPath(value, pathOf(step));
    else throw new Error(`line ${line}: jq filter step '${step}' is not understood`);
  }
  return raw && typeof value === "string" ? `${value}\n` : `${JSON.stringify(value, null, 2)}\n`;
}

function pathOf(expression: string): string[] {
  return expression.split(".").filter((part) => part !== "");
}

function getPath(value: unknown, path: readonly string[]): unknown {
  return path.reduce<unknown>((current, key) => (isObject(current) ? current[key] : null), value);
}

function setPath(value: unknown, path: readonly string[], replacement: unknown): unknown {
  const [head, ...rest] = path;
  if (head === undefined) return replacement;
  const container = isObject(value) ? value : {};
  return { ...container, [head]: setPath(container[head], rest, replacement) };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
