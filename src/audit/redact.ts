/**
 * Masking of personal data and secrets for the audit trail's `redacted` mode.
 *
 * Pure: no Workers API, no Node API. Each rule is one left-to-right pass of a global regular expression
 * whose candidates are checked in code (Luhn, mod-97, octet ranges, ...). Every pattern is linear: no
 * nested quantifiers over overlapping classes, and every unbounded run may only start where its
 * lookbehind says a token starts, so a failed attempt is never retried from each character of the run.
 * Unbounded repetition is only ever a single character class (`X+`, `X*`): V8 keeps a backtrack entry
 * per iteration of a group loop, of an alternation and even of `X{n,}`, and throws on inputs of a few
 * megabytes. Group loops are bounded; phone-number runs, quoted credential values and the body of a
 * truncated PEM block are scanned in code.
 *
 * Idempotence rests on two conventions: no rule can match inside a mask (`[REDACTED:<kind>]` holds no
 * digit, `@` or assignment, and its words follow letters or `:`), and every token boundary treats a
 * mask as a word character (a `]` on the left, a `[` on the right), so masking one value never frees
 * a neighbour that was rejected because of what stood next to it. Where two-character boundaries
 * depend on the character after a separator (numbers glued by `:` or `,`), the rule refuses both
 * sides of the glue. Rules run secrets first, generic numbers last.
 * docs/audit-redaction.md describes each rule and what it deliberately leaves alone.
 *
 * The code is in redaction/: kinds.ts (the kinds and their mask), rule-engine.ts (how a rule runs),
 * validators.ts (Luhn, IBAN mod-97 and lengths, octets), secret-rules.ts, personal-data-rules.ts,
 * phone-rule.ts, redact-text.ts (the rules in order) and json-walk.ts.
 */

export { type RedactionCounts, type RedactionKind, redactionKinds, redactionMask } from "./redaction/kinds";
export { redactJson } from "./redaction/json-walk";
export { redactText } from "./redaction/redact-text";
export { isValidIban, passesLuhn } from "./redaction/validators";
