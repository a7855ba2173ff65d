/**
 * What a verification found wrong (docs/audit-chain.md). Every finding names the sequence number it
 * is about (null when it is about a whole object) and the object it was read from (null when the
 * entries did not say), with a sentence for people.
 */
interface FindingBase {
  readonly seq: number | null;
  readonly object: string | null;
  readonly detail: string;
}

export type ChainFinding = FindingBase &
  (
    | { readonly kind: "gap"; readonly lastSeq: number }
    | { readonly kind: "out_of_order"; readonly lastSeq: number; readonly afterSeq: number }
    | { readonly kind: "duplicate" }
    | { readonly kind: "altered" }
    | { readonly kind: "broken_link" }
    | { readonly kind: "truncated"; readonly lastSeq: number }
    /** The chain begins after seq 1 (`seq`..`lastSeq` are not there) and no retention record explains it. */
    | { readonly kind: "start_unexplained"; readonly lastSeq: number }
    | { readonly kind: "head_mismatch" }
    | { readonly kind: "unreadable" }
    | { readonly kind: "manifest_missing" }
    | { readonly kind: "object_missing"; readonly lastSeq: number | null }
    | { readonly kind: "manifest_mismatch"; readonly field: string; readonly expected: string; readonly found: string }
  );

export type ChainFindingKind = ChainFinding["kind"];

/** Findings in sequence order (whole-object findings last), keeping the order of equal ones. */
export function sortFindings(findings: readonly ChainFinding[]): ChainFinding[] {
  return [...findings].sort((a, b) => (a.seq ?? Number.MAX_SAFE_INTEGER) - (b.seq ?? Number.MAX_SAFE_INTEGER));
}
