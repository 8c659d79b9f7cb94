import { describe, expect, it } from "vitest";
import type { MetricRow } from "../../sim/output.js";
import { readoutLines } from "../../sim/report/readout.js";
import { comparisonTables, type ArmRuns } from "../../sim/statistics.js";

// 20 seeds; HHI with the regime is higher by 400 + 10 (i - 9.5) in seed i at the last period.
const seeds = Array.from({ length: 20 }, (_, i) => 100 + i);
function arm(name: string, hhi: (i: number) => number, gray: (i: number) => number): ArmRuns {
  return {
    name,
    scenario: "lesson",
    seeds,
    runs: seeds.map((_, i): MetricRow[] => [
      { period: 0, year: 2026, metric: "hhi_usage", value: 1000 },
      { period: 0, year: 2026, metric: "gray_share", value: 0 },
      { period: 39, year: 2035.75, metric: "hhi_usage", value: hhi(i) },
      { period: 39, year: 2035.75, metric: "gray_share", value: gray(i) },
    ]),
  };
}

function tablesOf(arms: ArmRuns[]) {
  return comparisonTables({ name: "lesson", arms, baseline: "no regime", startYear: 2026, periodsPerYear: 4, regimeStartPeriod: 0, moatVersion: "0" });
}

describe("the readout", () => {
  const tables = tablesOf([
    arm("lesson", (i) => 1200 + 400 + 10 * (i - 9.5), (i) => 0.05 + (i % 2 === 0 ? 0.01 : -0.01)),
    arm("no regime", () => 1200, () => 0.05),
  ]);
  const lines = readoutLines(tables, "lesson", "no regime");

  it("states a clear effect with its size, its 90% band and both levels", () => {
    const hhi = lines.find((line) => line.metric === "hhi_usage")!;
    expect(hhi.clear).toBe(true);
    expect(hhi.mean).toBeCloseTo(400, 9);
    // type-7 quantiles of 400 + 10 (i - 9.5), i = 0..19: 400 - 95 + 0.95 x 10 = 314.5 and 485.5
    expect(hhi.q05).toBeCloseTo(314.5, 9);
    expect(hhi.q95).toBeCloseTo(485.5, 9);
    expect(hhi.text).toBe("By 2035 the regime raises market concentration by 400 HHI points (90% band +315 to +486; 1,200 HHI points without the regime, 1,600 HHI points with it).");
  });

  it("says so when the band straddles zero", () => {
    const gray = lines.find((line) => line.metric === "gray_share")!;
    expect(gray.clear).toBe(false);
    expect(gray.text).toMatch(/^By 2035 the regime makes no clear change to the gray-market share: /);
    expect(gray.text).toMatch(/: 0 percentage points on average, but the 90% band runs from -1 to \+1 percentage points \(5% without the regime, 5% with it\)\.$/);
  });

  it("skips metrics the runs do not have", () => {
    expect(lines.map((line) => line.metric)).toEqual(["hhi_usage", "gray_share"]);
  });

  it("with one seed, states the difference and asks for more seeds", () => {
    const one = (a: ArmRuns): ArmRuns => ({ ...a, seeds: a.seeds.slice(0, 1), runs: a.runs.slice(0, 1) });
    const single = tablesOf([one(arm("lesson", () => 1300, () => 0.05)), one(arm("no regime", () => 1200, () => 0.05))]);
    const [hhi, gray] = readoutLines(single, "lesson", "no regime");
    expect(hhi.text).toBe("By 2035 the regime raises market concentration by 100 HHI points in this one seed (1,200 HHI points without the regime, 1,300 HHI points with it); add seeds to see the spread.");
    expect(gray.text).toMatch(/leaves the gray-market share unchanged in this one seed/);
  });
});
