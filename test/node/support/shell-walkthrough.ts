// Runs a documented curl walkthrough (a ```sh block of docs/) without a shell, curl or jq on the
// machine: the small subset of shell the docs use is parsed (walkthrough-parser.ts) and each curl
// call is made with fetch. Variables, `$(...)` substitutions, pipes between curl, jq and echo, and `# → <status> <code>`
// annotations are understood; anything else is an error, so the docs cannot drift past the test.

import { runJq } from "./jq-subset";
import { type Expectation, type Pipeline, parseWalkthrough, type Word } from "./walkthrough-parser";

export { shellBlockAfter } from "./walkthrough-parser";

export interface CallOutcome {
  readonly line: number;
  readonly method: string;
  readonly url: string;
  readonly status: number;
  readonly body: string;
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
