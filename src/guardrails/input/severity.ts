export const SEVERITIES = ["low", "medium", "high"] as const;
export type Severity = (typeof SEVERITIES)[number];

export function severityAtLeast(severity: Severity, threshold: Severity): boolean {
  return SEVERITIES.indexOf(severity) >= SEVERITIES.indexOf(threshold);
}

export function mostSevere(severities: readonly Severity[]): Severity {
  return severities.reduce<Severity>((worst, next) => (severityAtLeast(next, worst) ? next : worst), "low");
}
