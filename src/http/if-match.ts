/** The version an `If-Match` names, as `GET` returned it (bare, or quoted like an `ETag`); null without one. `*` matches every version. */
export function ifMatchVersion(header: string | undefined): string | null {
  const value = header?.trim().replace(/^W\//, "").replace(/^"(.*)"$/, "$1");
  return value === undefined || value === "" || value === "*" ? null : value;
}
