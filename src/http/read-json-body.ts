import { GatewayError } from "../errors/gateway-error";

export interface JsonBody {
  readonly value: unknown;
  /** The bytes as received, for the audit record's hash. */
  readonly bytes: Uint8Array;
}

/**
 * Reads a JSON request body, refusing more than `limitBytes`: by `Content-Length` when the client sent
 * one (the runtime holds the body to it, so it is read in one native call), else while reading, since
 * a chunked body announces no length.
 */
export async function readJsonBody(request: Request, limitBytes: number): Promise<JsonBody> {
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > limitBytes) throw new GatewayError({ kind: "payload_too_large", limitBytes });
  if (!request.body) throw new GatewayError({ kind: "invalid_json" });
  const bytes = declared !== null ? new Uint8Array(await request.arrayBuffer()) : await readLimited(request.body, limitBytes);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new GatewayError({ kind: "invalid_request", message: "The request body is not valid UTF-8.", param: null });
  }
  try {
    return { value: JSON.parse(text), bytes };
  } catch {
    throw new GatewayError({ kind: "invalid_json" });
  }
}

async function readLimited(body: ReadableStream<Uint8Array>, limitBytes: number): Promise<Uint8Array> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limitBytes) {
      await reader.cancel().catch(() => undefined);
      throw new GatewayError({ kind: "payload_too_large", limitBytes });
    }
    chunks.push(value);
  }
  return concat(chunks, size);
}

function concat(chunks: readonly Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1 && chunks[0]) return chunks[0];
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
