import { existsSync, readFileSync } from "node:fs";
import type { GatewayBaseline } from "./limits-section";

/** Switchboard's added p50 and CPU from the last recorded main run, for context; null without one. */
export function readBaseline(path: string): GatewayBaseline | null {
  if (!existsSync(path)) return null;
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, "utf8"));
    const cellsOf: unknown = Reflect.get(Object(parsed), "cells");
    const figure = (connections: number, name: string): number | null => {
      const cell: unknown = Array.isArray(cellsOf)
        ? cellsOf.find((c: unknown) => Reflect.get(Object(c), "mode") === "plain" && Reflect.get(Object(c), "connections") === connections)
        : undefined;
      const value: unknown = Reflect.get(Object(Reflect.get(Object(Reflect.get(Object(Reflect.get(Object(cell), "targets")), "switchboard")), name)), "median");
      return typeof value === "number" ? value : null;
    };
    const commit: unknown = Reflect.get(Object(parsed), "commit");
    return {
      commit: typeof commit === "string" ? commit : "unknown",
      addedP50MsC1: figure(1, "addedP50Ms"),
      addedP50MsC16: figure(16, "addedP50Ms"),
      cpuUsC16: figure(16, "gatewayCpuUsPerRequest"),
    };
  } catch {
    return null;
  }
}
