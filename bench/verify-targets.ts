import { benchReply, type Mode, requestBody, requestHeaders, streamChunks, type Target } from "./targets";

/**
 * One request per target and mode before any load: each must answer 200 with the reply every
 * upstream gives (in the format its client speaks; a stream of exactly the expected content
 * chunks), and Switchboard's targets must be served by the provider they are meant to exercise,
 * or the run stops here.
 */
export async function verifyTargets(targets: readonly Target[]): Promise<void> {
  for (const mode of ["plain", "stream"] as const) {
    const replies = new Map<string, string>();
    for (const target of targets) replies.set(target.id, await replyOf(target, mode));
    const distinct = new Set(replies.values());
    if (distinct.size !== 1 || !distinct.has(benchReply)) {
      throw new Error(`targets disagree on the ${mode} reply: ${JSON.stringify(Object.fromEntries(replies))}`);
    }
  }
}

async function replyOf(target: Target, mode: Mode): Promise<string> {
  const response = await fetch(target.url, { method: "POST", headers: requestHeaders(target), body: requestBody(target, mode) });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`${target.id} (${mode}) answered ${response.status}: ${text.slice(0, 500)}`);
  if (target.servedBy !== null) {
    const provider = response.headers.get("x-switchboard-provider");
    if (provider === null) throw new Error(`${target.id}: the answer lacks x-switchboard-provider: is something else listening on its port?`);
    if (provider !== target.servedBy) throw new Error(`${target.id}: served by provider "${provider}", not "${target.servedBy}"`);
  }
  const where = `${target.id} (${mode})`;
  if (target.clientFormat === "anthropic") return mode === "plain" ? anthropicPlain(where, text) : anthropicStream(where, text);
  return mode === "plain" ? openAIPlain(where, text) : openAIStream(where, text);
}

function openAIPlain(where: string, text: string): string {
  const content = at(JSON.parse(text), ["choices", 0, "message", "content"]);
  if (typeof content !== "string") throw new Error(`${where}: no choices[0].message.content in ${text.slice(0, 300)}`);
  return content;
}

function openAIStream(where: string, text: string): string {
  const events = dataLines(text);
  if (events.at(-1) !== "[DONE]") throw new Error(`${where}: does not end with data: [DONE]`);
  return joinedChunks(where, events.slice(0, -1).map((event) => at(JSON.parse(event), ["choices", 0, "delta", "content"])));
}

function anthropicPlain(where: string, text: string): string {
  const content = at(JSON.parse(text), ["content", 0, "text"]);
  if (typeof content !== "string") throw new Error(`${where}: no content[0].text in ${text.slice(0, 300)}`);
  return content;
}

function anthropicStream(where: string, text: string): string {
  const events = dataLines(text).map((event): unknown => JSON.parse(event));
  if (at(events.at(-1), ["type"]) !== "message_stop") throw new Error(`${where}: does not end with a message_stop event`);
  const deltas = events.filter((event) => at(event, ["type"]) === "content_block_delta");
  return joinedChunks(where, deltas.map((event) => at(event, ["delta", "text"])));
}

function dataLines(text: string): string[] {
  return text
    .split("\n")
    .filter((line) => line.startsWith("data: "))
    .map((line) => line.slice("data: ".length));
}

/** The non-empty text pieces, which must be exactly `streamChunks`. */
function joinedChunks(where: string, pieces: readonly unknown[]): string {
  const texts = pieces.filter((piece): piece is string => typeof piece === "string" && piece !== "");
  if (texts.length !== streamChunks) throw new Error(`${where}: ${texts.length} content chunks instead of ${streamChunks}`);
  return texts.join("");
}

function at(value: unknown, path: readonly (string | number)[]): unknown {
  let current = value;
  for (const step of path) {
    if (typeof current !== "object" || current === null) return undefined;
    current = Reflect.get(current, step);
  }
  return current;
}
