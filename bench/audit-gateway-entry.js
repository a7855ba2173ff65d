// `npm run bench:audit`: the entry module both gateway variants run (bench/audit-rig.ts), beside
// their bundle's index.js: the bundle as it is, with its AuditLog counting (audit-counting-log.js).
// An explicit export wins over `export *`, so wrangler.toml's `AuditLog` binding gets the counting class.
export * from "./index.js";
export { default } from "./index.js";
export { AuditLog } from "./audit-counting-log.js";
