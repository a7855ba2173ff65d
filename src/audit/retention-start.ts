import type { RetentionFloor } from "./retention-contract";

const dayMs = 86_400_000;

/**
 * Where a period's verification must find the chain beginning, or null when the period does not reach
 * the chain's start (docs/audit-retention.md, "Verifying after retention"). After retention the chain
 * in R2 begins at the entry after the log's floor, in the folder of `keptFrom`'s hour. A period that
 * begins at or before that hour and ends on or after its day lists that folder (periods are read by
 * day folders), so its first entry must be the floor's next one, linking to the floor's hash: a batch
 * deleted there by hand then shows as a gap. The start is not checked while a run is still deleting
 * (objects below the floor may remain), nor when the run could not tell where the chain continues.
 */
export function retentionStartOf(
  floor: RetentionFloor | null,
  period: { readonly from: number; readonly to: number },
): { readonly seq: number; readonly prevHash: string } | null {
  if (!floor || floor.deleting || floor.keptFrom === null) return null;
  const keptFrom = Date.parse(floor.keptFrom);
  const keptDay = Math.floor(keptFrom / dayMs) * dayMs;
  if (period.from > keptFrom || keptDay > period.to) return null;
  return { seq: floor.seq + 1, prevHash: floor.hash };
}
