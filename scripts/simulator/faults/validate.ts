import { isRecord } from "../json";
import type { ProviderFaults } from "./types";

export type FaultsParse = { ok: true; faults: ProviderFaults } | { ok: false; message: string };

type NumberField = Exclude<keyof ProviderFaults, "hang">;

interface NumberRule {
  min: number;
  max: number;
  integer: boolean;
}

// An hour bounds every delay: longer is surely a unit mistake (seconds for milliseconds).
const MAX_DELAY_MS = 3_600_000;
const delay: NumberRule = { min: 0, max: MAX_DELAY_MS, integer: true };
const fraction: NumberRule = { min: 0, max: 1, integer: false };

const NUMBER_RULES: Record<NumberField, NumberRule> = {
  latencyMs: delay,
  ttftMs: delay,
  chunkDelayMs: delay,
  errorStatus: { min: 400, max: 599, integer: true },
  errorRate: fraction,
  rateLimitRate: fraction,
  retryAfterSeconds: { min: 0, max: 86_400, integer: false },
  resetRate: fraction,
  stallAfterChunks: { min: 0, max: 1_000_000, integer: true },
};

const FIELDS = [...Object.keys(NUMBER_RULES), "hang"];

function isNumberField(key: string): key is NumberField {
  return Object.hasOwn(NUMBER_RULES, key);
}

/**
 * Validates a faults body: a JSON object with only the known fields, each in range. `errorRate`
 * defaults to 1 when `errorStatus` is set, and needs `errorStatus`.
 */
export function parseFaults(value: unknown): FaultsParse {
  if (!isRecord(value)) return fail("The faults must be a JSON object.");
  const faults: ProviderFaults = {};
  for (const [key, field] of Object.entries(value)) {
    if (key === "hang") {
      if (typeof field !== "boolean") return fail(`"hang" must be a boolean, got ${describe(field)}.`);
      faults.hang = field;
      continue;
    }
    if (!isNumberField(key)) return fail(`Unknown field "${key}"; the known fields are ${FIELDS.join(", ")}.`);
    const checked = checkNumber(field, NUMBER_RULES[key]);
    if (!checked.ok) return fail(`"${key}" must be ${checked.expected}, got ${describe(field)}.`);
    faults[key] = checked.value;
  }
  if (faults.errorRate !== undefined && faults.errorStatus === undefined) {
    return fail(`"errorRate" needs "errorStatus" (the status those requests answer).`);
  }
  if (faults.errorStatus !== undefined) faults.errorRate ??= 1;
  return { ok: true, faults };
}

function checkNumber(value: unknown, rule: NumberRule): { ok: true; value: number } | { ok: false; expected: string } {
  const expected = `${rule.integer ? "an integer" : "a number"} from ${rule.min} to ${rule.max}`;
  const valid =
    typeof value === "number" &&
    Number.isFinite(value) &&
    (!rule.integer || Number.isInteger(value)) &&
    value >= rule.min &&
    value <= rule.max;
  return valid ? { ok: true, value } : { ok: false, expected };
}

function describe(value: unknown): string {
  return value === undefined ? "undefined" : JSON.stringify(value);
}

function fail(message: string): FaultsParse {
  return { ok: false, message };
}
