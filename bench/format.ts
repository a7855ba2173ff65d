import type { Spread } from "./stats";

/** A number with sensible precision for a table: 12 345, 123, 12.3, 1.23. */
export function num(value: number | null | undefined, digits?: number): string {
  if (value === null || value === undefined || Number.isNaN(value)) return "n/a";
  const places = digits ?? (Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2);
  return value.toLocaleString("en-US", { minimumFractionDigits: places, maximumFractionDigits: places }).replace(/,/g, " ");
}

/** "median (min–max)", or just the median from a single round. */
export function med(value: Spread | null | undefined, digits?: number): string {
  if (!value || value.n === 0) return "n/a";
  if (value.n === 1 || value.min === value.max) return num(value.median, digits);
  return `${num(value.median, digits)} (${num(value.min, digits)}–${num(value.max, digits)})`;
}

export function signed(value: Spread | null | undefined, digits?: number): string {
  if (!value || value.n === 0) return "n/a";
  const plus = (n: number): string => (n > 0 ? `+${num(n, digits)}` : num(n, digits));
  if (value.n === 1 || value.min === value.max) return plus(value.median);
  return `${plus(value.median)} (${plus(value.min)}…${plus(value.max)})`;
}

export function percent(value: number | null | undefined): string {
  return value === null || value === undefined || Number.isNaN(value) ? "n/a" : `${Math.round(value * 100)}%`;
}

export function kib(bytes: number): string {
  return `${num(bytes / 1024, 1)} KiB`;
}

/** A share as a signed percentage, "+4.2% (+1.0…+6.3%)", or just the median from a single round. */
export function signedPercent(value: Spread | null | undefined): string {
  if (!value || value.n === 0 || Number.isNaN(value.median)) return "n/a";
  if (value.n === 1 || value.min === value.max) return signedShare(value.median);
  return `${signedShare(value.median)} (${signedShare(value.min)}…${signedShare(value.max)})`;
}

/** 0.042 → "+4.2%". */
export function signedShare(share: number): string {
  return `${share > 0 ? "+" : ""}${num(share * 100, 1)}%`;
}
