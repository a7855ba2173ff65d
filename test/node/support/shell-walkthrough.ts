// Runs a documented curl walkthrough (a ```sh block of docs/) without a shell, curl or jq on the
// machine: the small subset of shell the docs use is parsed here and each curl call is made with
// fetch. Variables, `$(...)` substitutions, pipes between curl, jq and echo, and `# → <status> <code>`
// annotations are understood; anything else is an error, so the docs cannot drift past the test.

export interface CallOutcome {
  readonly line: number;
  readonly method: string;
  readonly url: string;
  readonly status: number;
  readonly body: string;
}

/** What a command is documented to answer; by default any 2xx. */
export interface Expectation {
  readonly status: number;
  readonly code: string | null;
}

type Word = readonly Piece[];
type Piece = { readonly literal: string } | { readonly variable: string } | { readonly substitution: Pipeline };
type Pipeline = readonly (readonly Word[])[];

type Command =
  | { readonly kind: "assign"; readonly line: number; readonly name: string; readonly value: Word }
  | { readonly kind: "run"; readonly line: number; readonly pipeline: Pipeline; readonly expect: Expectation | null };

/** The first ```sh block after the heading `heading` (a whole `## ...` line). */
export function shellBlockAfter(markdown: string, heading: string): string {
  const at = markdown.indexOf(`\n${heading}\n`);
  if (at < 0) throw new Error(`no heading "${heading}"`);
  const open = markdown.indexOf("```sh\n", at);
  const close = markdown.indexOf("\n```", open + 6);
  if (open < 0 || close < 0) throw new Error(`no sh block after "${heading}"`);
  return markdown.slice(open + 6, close + 1);
}

class Parser {
  private position = 0;
  private line = 1;

  constructor(private readonly text: string) {}

  commands(): Command[] {
    const commands: Command[] = [];
    for (;;) {
      this.skipBlank();
      if (this.done()) return commands;
      commands.push(this.command());
    }
  }

  private command(): Command {
    const line = this.line;
    const assignment = /^([A-Z_][A-Z0-9_]*)=/.exec(this.text.slice(this.position));
    if (assignment) {
      this.position += assignment[0].length;
      const value = this.word();
      this.endOfCommand();
      return { kind: "assign", line, name: assignment[1] ?? "", value };
    }
    const pipeline = this.pipeline(false);
    const expect = this.endOfCommand();
    return { kind: "run", line, pipeline, expect };
  }

  /** Words and `|` up to the end of the command (or the `)` closing a substitution). */
  private pipeline(inSubstitution: boolean): Pipeline {
    const stages: Word[][] = [[]];
    for (;;) {
      this.skipSpaces();
      const next = this.peek();
      if (next === undefined || next === "\n" || next === "#") break;
      if (next === ")" && inSubstitution) break;
      if (next === "|") {
        this.position += 1;
        stages.push([]);
        continue;
      }
      stages[stages.length - 1]?.push(this.word());
    }
    if (stages.some((stage) => stage.length === 0)) throw new Error(`line ${this.line}: empty pipeline stage`);
    return stages;
  }

  private word(): Word {
    const pieces: Piece[] = [];
    for (let next = this.peek(); next !== undefined && !/[\s|)#]/.test(next); next = this.peek()) {
      if (next === "'") pieces.push({ literal: this.until("'") });
      else if (next === '"') pieces.push(...this.doubleQuoted());
      else if (next === "$") pieces.push(this.dollar());
      else if (next === "\\") {
        this.position += 2;
        pieces.push({ literal: this.text[this.position - 1] ?? "" });
      } else {
        this.position += 1;
        pieces.push({ literal: next });
      }
    }
    return pieces;
  }

  private doubleQuoted(): Piece[] {
    this.position += 1;
    const pieces: Piece[] = [];
    for (let next = this.peek(); next !== '"'; next = this.peek()) {
      if (next === undefined) throw new Error("unterminated double quote");
      if (next === "$") pieces.push(this.dollar());
      else {
        if (next === "\n") this.line += 1;
        this.position += 1;
        pieces.push({ literal: next });
      }
    }
    this.position += 1;
    return pieces;
  }

  private dollar(): Piece {
    if (this.text.startsWith("$(", this.position)) {
      this.position += 2;
      const substitution = this.pipeline(true);
      if (this.peek() !== ")") throw new Error(`line ${this.line}: unclosed $(`);
      this.position += 1;
      return { substitution };
    }
    const name = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/.exec(this.text.slice(this.position));
    if (!name) throw new Error(`line ${this.line}: a lone $`);
    this.position += name[0].length;
    return { variable: name[1] ?? "" };
  }

  /** The text up to the closing quote, newlines included (a JSON body over several lines). */
  private until(quote: string): string {
    const end = this.text.indexOf(quote, this.position + 1);
    if (end < 0) throw new Error(`line ${this.line}: unterminated ${quote}`);
    const literal = this.text.slice(this.position + 1, end);
    this.line += literal.split("\n").length - 1;
    this.position = end + 1;
    return literal;
  }

  /** Consumes a trailing comment (reading an `→ <status> <code>` annotation) and the newline. */
  private endOfCommand(): Expectation | null {
    this.skipSpaces();
    let expectation: Expectation | null = null;
    if (this.peek() === "#") {
      const end = this.text.indexOf("\n", this.position);
      const comment = this.text.slice(this.position, end < 0 ? undefined : end);
      this.position = end < 0 ? this.text.length : end;
      const annotated = /→\s*(\d{3})(?:\s+([a-z_]+))?/.exec(comment);
      if (annotated) expectation = { status: Number(annotated[1]), code: annotated[2] ?? null };
    }
    if (this.peek() === "\n") {
      this.position += 1;
      this.line += 1;
    }
    return expectation;
  }

  private skipSpaces(): void {
    for (;;) {
      if (this.text.startsWith("\\\n", this.position)) {
        this.position += 2;
        this.line += 1;
      } else if (this.peek() === " " || this.peek() === "\t") this.position += 1;
      else return;
    }
  }

  private skipBlank(): void {
    for (;;) {
      this.skipSpaces();
      if (this.peek() === "\n") {
        this.position += 1;
        this.line += 1;
      } else if (this.peek() === "#") this.endOfCommand();
      else return;
    }
  }

  private peek(): string | undefined {
    return this.text[this.position];
  }

  private done(): boolean {
    return this.position >= this.text.length;
  }
}

export function parseWalkthrough(script: string): Command[] {
  return new Parser(script).commands();
}

export interface WalkthroughOptions {
  /** Variables that win over the script's own assignments (the gateway's real origin). */
  readonly overrides: Readonly<Record<string, string>>;
}

export interface WalkthroughRun {
  readonly calls: readonly CallOutcome[];
  /** The variables as the script left them. */
  readonly variables: ReadonlyMap<string, string>;
}

/** Runs every command in order; throws at the first one that does not answer as documented. */
export async function runWalkthrough(script: string, options: WalkthroughOptions): Promise<WalkthroughRun> {
  const variables = new Map<string, string>(Object.entries(options.overrides));
  const calls: CallOutcome[] = [];
  const runner = new PipelineRunner(variables, calls);
  for (const command of parseWalkthrough(script)) {
    if (command.kind === "assign") {
      if (!(command.name in options.overrides)) variables.set(command.name, await runner.expand(command.value, command.line));
      continue;
    }
    const before = calls.length;
    await runner.run(command.pipeline, command.line);
    const outcome = calls[calls.length - 1];
    if (!outcome || calls.length === before) continue;
    assertAnswer(outcome, command.expect);
  }
  return { calls, variables };
}

function assertAnswer(outcome: CallOutcome, expectation: Expectation | null): void {
  const where = `line ${outcome.line}: ${outcome.method} ${outcome.url} answered ${outcome.status} ${outcome.body.slice(0, 300)}`;
  if (expectation === null) {
    if (outcome.status < 200 || outcome.status > 299) throw new Error(`${where}; the doc expects a success`);
    return;
  }
  if (outcome.status !== expectation.status) throw new Error(`${where}; the doc says ${expectation.status}`);
  if (expectation.code !== null && !outcome.body.includes(`"code":"${expectation.code}"`)) {
    throw new Error(`${where}; the doc says code ${expectation.code}`);
  }
}

class PipelineRunner {
  constructor(
    private readonly variables: Map<string, string>,
    private readonly calls: CallOutcome[],
  ) {}

  async expand(word: Word, line: number): Promise<string> {
    let text = "";
    for (const piece of word) {
      if ("literal" in piece) text += piece.literal;
      else if ("variable" in piece) {
        const value = this.variables.get(piece.variable);
        if (value === undefined) throw new Error(`line ${line}: $${piece.variable} is not set`);
        text += value;
      } else {
        const calls = this.calls.length;
        const output = await this.run(piece.substitution, line);
        const call = this.calls[this.calls.length - 1];
        if (call && this.calls.length > calls) assertAnswer(call, null);
        text += output.replace(/\n+$/, "");
      }
    }
    return text;
  }

  /** Runs the stages in order, each reading the previous one's output; returns the last one's. */
  async run(pipeline: Pipeline, line: number): Promise<string> {
    let input = "";
    for (const stage of pipeline) {
      const args: string[] = [];
      for (const word of stage) args.push(await this.expand(word, line));
      const [program, ...rest] = args;
      if (program === "curl") input = await this.curl(rest, input, line);
      else if (program === "jq") input = runJq(rest, input, line);
      else if (program === "echo") input = `${rest.join(" ")}\n`;
      else throw new Error(`line ${line}: the walkthrough runner knows curl, jq and echo, not ${program}`);
    }
    return input;
  }

  private async curl(args: readonly string[], stdin: string, line: number): Promise<string> {
    let method: string | null = null;
    let body: string | null = null;
    let url: string | null = null;
    const headers = new Headers();
    for (let index = 0; index < args.length; index += 1) {
      const arg = args[index] ?? "";
      if (arg === "-s" || arg === "-i") continue;
      const value = args[index + 1] ?? "";
      if (arg === "-X") method = value;
      else if (arg === "-H") {
        const colon = value.indexOf(":");
        headers.set(value.slice(0, colon).trim(), value.slice(colon + 1).trim());
      } else if (arg === "-d") body = value === "@-" ? stdin : value;
      else if (arg.startsWith("-")) throw new Error(`line ${line}: curl option ${arg} is not understood`);
      else {
        url = arg;
        continue;
      }
      index += 1;
    }
    if (url === null) throw new Error(`line ${line}: curl without a URL`);
    const resolvedMethod = method ?? (body === null ? "GET" : "POST");
    if (body !== null && !headers.has("content-type")) headers.set("content-type", "application/x-www-form-urlencoded");
    const response = await fetch(url, { method: resolvedMethod, headers, body });
    const text = await response.text();
    this.calls.push({ line, method: resolvedMethod, url, status: response.status, body: text });
    return text;
  }
}

/** `jq -r .a.b` and `jq '.a | .b.c = <json>'`: paths read, paths set to a JSON value, joined by `|`. */
function runJq(args: readonly string[], input: string, line: number): string {
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
