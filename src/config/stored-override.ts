/**
 * The admin's config override as the Control object keeps it (docs/config.md, "Overrides"). Before the
 * first change it is version 0 with no document.
 */
export interface StoredOverride {
  /** The Control version of its last change (a put or a delete): what `If-Match` names. */
  readonly version: number;
  /** The override as JSON text; null when there is none (never set, or deleted). */
  readonly document: string | null;
  /** The key id of the admin who made the last change. */
  readonly actor: string | null;
  /** ISO 8601 UTC. */
  readonly updatedAt: string | null;
}

export const noStoredOverride: StoredOverride = { version: 0, document: null, actor: null, updatedAt: null };
