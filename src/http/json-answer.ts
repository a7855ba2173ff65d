import type { RequestRecord } from "../observability/request-record";

/** A whole JSON answer, kept by reference on the request's record for its audit record. */
export function jsonAnswer(record: RequestRecord, body: string, headers: Record<string, string> = {}): Response {
  record.exchange.response = { kind: "body", text: body };
  return new Response(body, { headers: { "content-type": "application/json", ...headers } });
}
