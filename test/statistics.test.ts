import { describe, expect, it } from "vitest";
import { summarize, summarizeDifferences, type RunsTable, type StatTable } from "../sim/experiment/tables.js";
import type { MetricRow } from "../sim/output.js";
import { armStatistics, comparisonTables, differenceStatistics, quantileSorted, seedStatistics, type ArmRuns } from "../sim/statistics.js";

describe("quantiles across seeds", () => {
  it("interpolate between order statistics (Hyndman-Fan type 7, R's default)", () => {
    // R: quantile(c(1, 2, 3, 4, 10), c(0.05, 0.5, 0.95)) -> 1.2, 3, 8.8
    const sorted = [1, 2, 3, 4, 10];
    expect(quantileSorted(sorted, 0.05)).toBeCloseTo(1.2, 12);
    expect(quantileSorted(sorted, 0.5)).toBe(3);
    expect(quantileSorted(sorted, 0.95)).toBeCloseTo(8.8, 12);
    expect(quantileSorted([7], 0.95)).toBe(7);
    expect(quantileSorted([], 0.5)).toBeNaN();
  });

  it("skip NaN, and the standard error needs two values", () => {
    expect(seedStatistics([2, Number.NaN, 4])).toEqual({ n: 2, mean: 3, median: 3, q05: 2.1, q95: 3.9, se: 1 });
    expect(seedStatistics([5]).se).toBeNaN();
    expect(seedStatistics([Number.NaN]).n).toBe(0);
  });
});

// Two arms, four seeds, three periods, two metrics; arm 1 has a metric arm 0 lacks (as the
// FLOP-line gap exists only with a regime) and a NaN here and there.
const seeds = [11, 22, 33, 44];
function rows(arm: number, s: number): MetricRow[] {
  const out: MetricRow[] = [];
  for (let period = 0; period < 3; period++) {
    out.push({ period, year: 2026 + period / 4, metric: "hhi_usage", value: 1000 + 37 * arm + 13 * s * s - 7 * period * s + (s === 2 && period === 1 ? Number.NaN : 0) });
    out.push({ period, year: 2026 + period / 4, metric: "gray_share", value: (0.1 * arm + 0.03 * s + 0.011 * period) ** 2 });
    if (arm === 1) out.push({ period, year: 2026 + period / 4, metric: "threshold_capability_gap", value: 0.5 * s - period });
  }
  return out;
}
const arms: ArmRuns[] = [0, 1].map((arm) => ({ name: `arm${arm}`, scenario: "x", seeds, runs: seeds.map((_, s) => rows(arm, s)) }));

function runsTable(): RunsTable {
  const all = arms.flatMap((arm, a) => arm.runs.flatMap((run, s) => run.map((row) => ({ ...row, arm: a, seed: seeds[s] }))));
  return {
    rowCount: all.length,
    arm: Int32Array.from(all, (r) => r.arm),
    point: new Int32Array(all.length),
    seed: Int32Array.from(all, (r) => r.seed),
    period: Int32Array.from(all, (r) => r.period),
    year: Float64Array.from(all, (r) => r.year),
    metric: all.map((r) => r.metric),
    value: Float64Array.from(all, (r) => r.value),
  };
}

function expectSameStatistics(ours: ReturnType<typeof armStatistics>, theirs: StatTable, armNames: string[]): void {
  expect(ours.length).toBe(theirs.rowCount);
  ours.forEach((row, i) => {
    expect(row.arm).toBe(armNames[theirs.arm[i]]);
    expect(row.period).toBe(theirs.period[i]);
    expect(row.metric).toBe(theirs.metric[i]);
    expect(row.n).toBe(theirs.n[i]);
    for (const key of ["mean", "median", "q05", "q95", "se"] as const) {
      const expected = theirs[key][i];
      if (Number.isNaN(expected)) expect(row[key], `${key} row ${i}`).toBeNaN();
      else expect(Math.abs(row[key] - expected), `${key} row ${i}`).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(expected)));
    }
  });
}

describe("statistics across seeds", () => {
  it("equal the CLI's study tables (sim/experiment/tables.ts) row for row", () => {
    const names = arms.map((a) => a.name);
    expectSameStatistics([...armStatistics(arms[0]), ...armStatistics(arms[1])], summarize(runsTable()), names);
    expectSameStatistics(differenceStatistics(arms[1], arms[0]), summarizeDifferences(runsTable(), 0), names);
  });

  it("take differences seed by seed, not of the means", () => {
    const base: ArmRuns = { name: "base", scenario: "x", seeds: [1, 2], runs: [[{ period: 0, year: 2026, metric: "m", value: 10 }], [{ period: 0, year: 2026, metric: "m", value: 20 }]] };
    // seeds listed in the other order: matched by seed
    const arm: ArmRuns = { name: "arm", scenario: "x", seeds: [2, 1], runs: [[{ period: 0, year: 2026, metric: "m", value: 21 }], [{ period: 0, year: 2026, metric: "m", value: 13 }]] };
    const [difference] = differenceStatistics(arm, base);
    expect(difference.mean).toBe(2);
    expect(difference.q05).toBeCloseTo(1.1, 12);
    expect(difference.q95).toBeCloseTo(2.9, 12);
  });

  it("make the tables the chart builders take", () => {
    const tables = comparisonTables({ name: "x", arms, baseline: "arm0", startYear: 2026, periodsPerYear: 4, regimeStartPeriod: 0, moatVersion: "0" });
    expect(tables.type).toBe("compare");
    expect(tables.arms).toEqual([{ name: "arm0", scenario: "x" }, { name: "arm1", scenario: "x" }]);
    expect(tables.seedCount).toBe(4);
    expect(tables.differences.every((row) => row.arm === "arm1")).toBe(true);
    expect(tables.differences.some((row) => row.metric === "threshold_capability_gap")).toBe(false);
    const single = comparisonTables({ name: "x", arms: [arms[0]], startYear: 2026, periodsPerYear: 4, regimeStartPeriod: null, moatVersion: "0" });
    expect(single.type).toBe("run");
    expect(single.differences).toEqual([]);
    const sweep = comparisonTables({
      name: "x",
      arms: [{ ...arms[0], point: 0, params: { p: 1 } }, { ...arms[0], point: 1, params: { p: 2 } }],
      parameters: ["p"],
      startYear: 2026,
      periodsPerYear: 4,
      regimeStartPeriod: null,
      moatVersion: "0",
    });
    expect(sweep.type).toBe("sweep");
    expect(sweep.arms).toHaveLength(1);
    expect(new Set(sweep.summary.map((row) => row.point))).toEqual(new Set([0, 1]));
  });
});
