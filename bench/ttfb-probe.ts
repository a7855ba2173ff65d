import { Agent, request } from "node:http";
import { quantile } from "./stats";

export interface ProbeSpec {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly requests: number;
}

export interface TtfbResult {
  readonly p50Ms: number;
  readonly p99Ms: number;
}

/**
 * Time to first byte of a streamed answer: sequential requests on one kept-alive connection,
 * each timed from the moment its request is fully written to the first body byte.
 */
export async function probeTtfb(spec: ProbeSpec): Promise<TtfbResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const samples: number[] = [];
  try {
    for (let i = 0; i < spec.requests; i++) samples.push(await oneRequest(spec, agent));
  } finally {
    agent.destroy();
  }
  samples.sort((a, b) => a - b);
  return { p50Ms: quantile(samples, 0.5), p99Ms: quantile(samples, 0.99) };
}

function oneRequest(spec: ProbeSpec, agent: Agent): Promise<number> {
  return new Promise((resolve, reject) => {
    let sentAt = 0n;
    let firstByteAt = 0n;
    const req = request(spec.url, { method: "POST", agent, headers: { ...spec.headers, "content-length": Buffer.byteLength(spec.body) } }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        reject(new Error(`TTFB probe: ${spec.url} answered ${res.statusCode}`));
        return;
      }
      res.on("data", () => {
        if (firstByteAt === 0n) firstByteAt = process.hrtime.bigint();
      });
      res.on("end", () => {
        if (firstByteAt === 0n) reject(new Error(`TTFB probe: ${spec.url} answered an empty body`));
        else resolve(Number(firstByteAt - sentAt) / 1e6);
      });
      res.on("error", reject);
    });
    req.on("finish", () => (sentAt = process.hrtime.bigint()));
    req.on("error", reject);
    req.end(spec.body);
  });
}
