import { describe, expect, it } from "vitest";
import { Counter, Histogram, renderPrometheus } from "./metrics-registry";

describe("metrics registry", () => {
  it("renders counters with escaped label values", () => {
    const counter = new Counter("c_total", "help text");
    counter.inc({ model: 'we"ird\\name\nx' }, 2);
    counter.inc({ model: 'we"ird\\name\nx' });
    expect(renderPrometheus([counter])).toBe('# HELP c_total help text\n# TYPE c_total counter\nc_total{model="we\\"ird\\\\name\\nx"} 3\n');
  });

  it("renders cumulative histogram buckets, +Inf, sum and count", () => {
    const histogram = new Histogram("h_seconds", "h", [0.1, 1]);
    for (const value of [0.05, 0.5, 0.7, 3]) histogram.observe({ m: "a" }, value);
    const lines = renderPrometheus([histogram]).trimEnd().split("\n");
    expect(lines.slice(2)).toEqual([
      'h_seconds_bucket{m="a",le="0.1"} 1',
      'h_seconds_bucket{m="a",le="1"} 3',
      'h_seconds_bucket{m="a",le="+Inf"} 4',
      'h_seconds_sum{m="a"} 4.25',
      'h_seconds_count{m="a"} 4',
    ]);
  });

  it("stops adding series at its limit and counts what it dropped", () => {
    const counter = new Counter("many_total", "m");
    for (let i = 0; i < 1005; i++) counter.inc({ id: String(i) });
    expect(counter.dropped).toBe(5);
    expect(renderPrometheus([counter]).trimEnd().split("\n")).toHaveLength(2 + 1000);
  });
});
