// The subset of shell the docs' curl walkthroughs use, parsed: assignments, `$(...)`, pipes, quotes,
// line continuations and `# → <status> <code>` annotations. Anything else is an error.

/** What a command is documented to answer; by default any 2xx. */
export interface Expectation {
  readonly status: number;
  readonly code: string | null;
}

export type Word = readonly Piece[];
export type Piece = { readonly literal: string } | { readonly variable: string } | { readonly substitution: Pipeline };
export type Pipeline = readonly (readonly Word[])[];

export type Command =
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
