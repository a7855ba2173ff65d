import { type AuditRecord, auditRecordSchema } from "../../src/audit/record";
import { callGateway } from "./helpers";

/** The request records an export holds, read as an auditor or admin would (`tenant` for an admin). */
async function exportedRecords(reader: string, tenant?: string): Promise<AuditRecord[]> {
  const query = tenant ? `&tenant=${encodeURIComponent(tenant)}` : "";
  const response = await callGateway(`/v1/audit/export?format=jsonl${query}`, { headers: { authorization: `Bearer ${reader}` } });
  if (response.status !== 200) throw new Error(`the audit export answered ${response.status}`);
  const records: AuditRecord[] = [];
  for (const line of (await response.text()).split("\n")) {
    if (line === "") continue;
    const { record } = JSON.parse(line) as { record: unknown };
    const parsed = auditRecordSchema.safeParse(typeof record === "string" ? JSON.parse(record) : record);
    if (parsed.success) records.push(parsed.data);
  }
  return records;
}

/** A request's audit record, once its batch has been handed over (it is written after the answer). */
export async function waitForAuditRecord(reader: string, requestId: string, tenant?: string): Promise<AuditRecord> {
  for (let attempt = 0; attempt < 60; attempt++) {
    const found = (await exportedRecords(reader, tenant)).find((record) => record.requestId === requestId);
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 40));
  }
  throw new Error(`no audit record for ${requestId}`);
}
