import type { AuditMode } from "../schemas/audit-policy";
import type { StreamCapture } from "./exchange";
import { toHex } from "./sha256";

export interface CapturedStream {
  /** The stream to send to the client: the same bytes, untouched. */
  readonly body: ReadableStream<Uint8Array>;
  readonly capture: Promise<StreamCapture>;
}

/**
 * Copies a stream for the audit record. The client's copy is not read by JavaScript (a native tee);
 * in `metadata` mode the other copy is piped natively into a SHA-256 digest, so no JavaScript runs
 * per chunk either; in `full` and `redacted` modes it is read to keep the first bytes as well.
 */
export function captureStream(source: ReadableStream<Uint8Array>, mode: AuditMode, limitBytes: number): CapturedStream {
  const [body, copy] = source.tee();
  const capture = mode === "metadata" ? digestOnly(copy) : digestAndKeep(copy, limitBytes);
  return { body, capture };
}

async function digestOnly(copy: ReadableStream<Uint8Array>): Promise<StreamCapture> {
  const digest = new crypto.DigestStream("SHA-256");
  try {
    await copy.pipeTo(digest);
    return { sha256: toHex(new Uint8Array(await digest.digest)), head: [], truncated: false };
  } catch {
    return { sha256: null, head: [], truncated: false };
  }
}

async function digestAndKeep(copy: ReadableStream<Uint8Array>, limitBytes: number): Promise<StreamCapture> {
  const digest = new crypto.DigestStream("SHA-256");
  const writer = digest.getWriter();
  const reader = copy.getReader();
  const head: Uint8Array[] = [];
  let kept = 0;
  let truncated = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      void writer.write(value);
      if (kept + value.byteLength <= limitBytes) {
        head.push(value);
        kept += value.byteLength;
      } else {
        if (kept < limitBytes) head.push(value.slice(0, limitBytes - kept));
        kept = limitBytes;
        truncated = true;
      }
    }
    await writer.close();
    return { sha256: toHex(new Uint8Array(await digest.digest)), head, truncated };
  } catch {
    await writer.abort().catch(() => undefined);
    return { sha256: null, head, truncated };
  }
}
