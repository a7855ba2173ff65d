import "vitest";

declare module "vitest" {
  /** Values the global setup hands to tests (`inject`). */
  export interface ProvidedContext {
    simulatorOrigin: string;
  }
}
