/**
 * Counters, histograms and gauges kept in isolate memory and rendered in the Prometheus text format.
 * A Worker has many isolates, so each scrape sees one isolate's share (see docs/observability.md).
 */
type Labels = Readonly<Record<string, string>>;

interface Series<V> {
  readonly labels: Labels;
  value: V;
}

interface HistogramValue {
  readonly buckets: number[];
  sum: number;
  count: number;
}

/** Past this many series per metric, new label sets are dropped and counted, so memory stays bounded. */
const maxSeriesPerMetric = 1000;

function escapeLabel(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

function renderLabels(labels: Labels, extra?: [string, string]): string {
  const pairs = Object.entries(labels).map(([name, value]) => `${name}="${escapeLabel(value)}"`);
  if (extra) pairs.push(`${extra[0]}="${escapeLabel(extra[1])}"`);
  return pairs.length === 0 ? "" : `{${pairs.join(",")}}`;
}

/** Label names are fixed per metric, so the values alone identify a series. */
function seriesKey(labels: Labels): string {
  let key = "";
  for (const name in labels) key += `${labels[name]}\u0000`;
  return key;
}

abstract class Metric<V> {
  protected readonly series = new Map<string, Series<V>>();
  dropped = 0;

  constructor(
    readonly name: string,
    readonly help: string,
  ) {}

  protected seriesFor(labels: Labels, initial: () => V): Series<V> | null {
    const key = seriesKey(labels);
    const found = this.series.get(key);
    if (found) return found;
    if (this.series.size >= maxSeriesPerMetric) {
      this.dropped++;
      return null;
    }
    const created = { labels, value: initial() };
    this.series.set(key, created);
    return created;
  }

  abstract render(): string[];
}

export class Counter extends Metric<number> {
  inc(labels: Labels, by = 1): void {
    const series = this.seriesFor(labels, () => 0);
    if (series) series.value += by;
  }

  render(): string[] {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`];
    for (const { labels, value } of this.series.values()) lines.push(`${this.name}${renderLabels(labels)} ${value}`);
    return lines;
  }
}

export class Histogram extends Metric<HistogramValue> {
  constructor(
    name: string,
    help: string,
    private readonly bounds: readonly number[],
  ) {
    super(name, help);
  }

  observe(labels: Labels, value: number): void {
    const series = this.seriesFor(labels, () => ({ buckets: this.bounds.map(() => 0), sum: 0, count: 0 }));
    if (!series) return;
    const index = this.bounds.findIndex((bound) => value <= bound);
    if (index >= 0) series.value.buckets[index] = (series.value.buckets[index] ?? 0) + 1;
    series.value.sum += value;
    series.value.count++;
  }

  render(): string[] {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    for (const { labels, value } of this.series.values()) {
      let cumulative = 0;
      this.bounds.forEach((bound, i) => {
        cumulative += value.buckets[i] ?? 0;
        lines.push(`${this.name}_bucket${renderLabels(labels, ["le", String(bound)])} ${cumulative}`);
      });
      lines.push(`${this.name}_bucket${renderLabels(labels, ["le", "+Inf"])} ${value.count}`);
      lines.push(`${this.name}_sum${renderLabels(labels)} ${value.sum}`);
      lines.push(`${this.name}_count${renderLabels(labels)} ${value.count}`);
    }
    return lines;
  }
}

/** A value read at scrape time; `reset` before refilling drops series that no longer exist. */
export class Gauge extends Metric<number> {
  set(labels: Labels, value: number): void {
    const series = this.seriesFor(labels, () => 0);
    if (series) series.value = value;
  }

  reset(): void {
    this.series.clear();
  }

  render(): string[] {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} gauge`];
    for (const { labels, value } of this.series.values()) lines.push(`${this.name}${renderLabels(labels)} ${value}`);
    return lines;
  }
}

/** Renders metrics in the Prometheus text exposition format (version 0.0.4). */
export function renderPrometheus(metrics: readonly Metric<unknown>[]): string {
  return `${metrics.flatMap((metric) => metric.render()).join("\n")}\n`;
}

