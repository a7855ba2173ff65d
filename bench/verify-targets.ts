import { type Mode, requestBody, requestHeaders, streamChunks, type Target } from "./targets";

/**
 * One request per target and mode before any load: each must answer 200 with the same reply the
 * simulator gives directly (and a stream of exactly the expected chunks), or the run stops here.
 */
export async function verifyTargets(targets: readonly Target[]): Promise<void> {
  for (const mode of ["plain", "stream"] as const) {
    const replies = new Map<string, string>();
    for (const target of targets) replies.set(target.id, await replyOf(target, mode));
    const distinct = new Set(replies.values());
    if (distinct.size !== 1) {
      throw new Error(`targets disagree on the ${mode} reply: ${JSON.stringify(Object.fromEntries(replies))}`);
    }
  }
}

async function replyOf(target: Target, mode: Mode): Promise<string> {
  const response = await fetch(target.url, { method: "POST", headers: requestHeaders(target), body: requestBody(mode) });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`${target.id} (${mode}) answered ${response.status}: ${text.slice(0, 500)}`);
  if (target.id === "switchboard" && !response.headers.has("x-switchboard-provider")) {
    throw new Error("Switchboard's answer lacks x-switchboard-provider: is something else listening on its port?");
  }
  return mode === "plain" ? plainReply(target, text) : streamedReply(target, text);
}

function plainReply(target: Target, text: string): string {
  const parsed: unknown = JSON.parse(text);
  const content = at(parsed, ["choices", 0, "message", "content"]);
  if (typeof content !== "string") throw new Error(`${target.id} (plain): no choices[0].message.content in ${text.slice(0, 300)}`);
  return content;
}

function streamedReply(target: Target, text: string): string {
  const events = text
    .split("\n")
    .filter((line) => line.startsWith("data: "))
    .map((line) => line.slice("data: ".length));
  if (events.at(-1) !== "[DONE]") throw new Error(`${target.id} (stream): does not end with data: [DONE]`);
  const pieces: string[] = [];
  for (const event of events.slice(0, -1)) {
    const content = at(JSON.parse(event), ["choices", 0, "delta", "content"]);
    if (typeof content === "string" && content !== "") pieces.push(content);
  }
  if (pieces.length !== streamChunks) {
    throw new Error(`${target.id} (stream): ${pieces.length} content chunks instead of ${streamChunks}`);
  }
  return pieces.join("");
}

function at(value: unknown, path: readonly (string | number)[]): unknown {
  let current = value;
  for (const step of path) {
    if (typeof current !== "object" || current === null) return undefined;
    current = Reflect.get(current, step);
  }
  return current;
}
