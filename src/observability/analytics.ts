import { type RequestRecord, servedBy } from "./request-record";

/**
 * One Workers Analytics Engine data point per request, when the `METRICS` binding exists. The
 * tenant is the index (sampling key); blobs and doubles are positional, documented in
 * docs/observability.md, and only appended to, never reordered.
 */
export function writeAnalyticsPoint(
  dataset: AnalyticsEngineDataset | undefined,
  record: RequestRecord,
  status: number,
  durationMs: number,
  cost: number | null,
): void {
  if (!dataset) return;
  const served = servedBy(record);
  dataset.writeDataPoint({
    indexes: [record.tenantId ?? ""],
    blobs: [
      record.routedModel ?? "",
      served?.provider ?? "",
      served?.target ?? "",
      served?.upstreamModel ?? "",
      String(status),
      record.errorKind ?? "",
      record.colo ?? "",
      record.keyId ?? "",
    ],
    doubles: [
      durationMs,
      record.phaseMs.upstream ?? 0,
      record.usage?.inputTokens ?? 0,
      record.usage?.outputTokens ?? 0,
      cost ?? 0,
      record.routing?.attempts.length ?? 0,
    ],
  });
}
