// Data against model: statistics across seeds (type-7 quantiles), undefined values left out, the
// same trend rules on both sides, and a report that carries the credit line.
import { describe, expect, it } from "vitest";
import { compareMoments, compareTrends, comparisonMarkdown, formatMomentValue } from "../../sim/calibration/compare.js";
import { EPOCH_CREDIT, targetMoments, type ModelRelease, type MomentRow } from "../../sim/calibration/moments.js";

const release = (year: number, trainingFlop: number, developer: string, openWeights: boolean | null = false): ModelRelease => ({
  year,
  developer,
  trainingFlop,
  openWeights,
  outsideUs: false,
  trainingCostUsd: trainingFlop * 1e-17,
});

describe("compareMoments", () => {
  // seed i releases i + 1 models of 2e24 FLOP in 2024, each by its own developer
  const runs: MomentRow[][] = [1, 2, 3].map((n) => targetMoments(Array.from({ length: n }, (_, k) => release(2024, 2e24, `d${k}`)), [2024]));
  const data = targetMoments([release(2024, 5e24, "x"), release(2024, 1e23, "y")], [2024]);
  const rows = compareMoments(data, runs, [2024]);
  const row = (moment: string) => rows.find((r) => r.moment === moment)!;

  it("puts the data beside the mean and type-7 5-95% band across seeds", () => {
    // models >= 1e24 by seed: 1, 2, 3 -> mean 2; q05 = 1 + 0.1 x 1 = 1.1; q95 = 2 + 0.9 x 1 = 2.9 (h = 2p)
    expect(row("models_1e24")).toMatchObject({ data: 1, dataBasis: 1, seeds: 3, mean: 2 });
    expect(row("models_1e24").q05).toBeCloseTo(1.1, 12);
    expect(row("models_1e24").q95).toBeCloseTo(2.9, 12);
    expect(row("models_1e23").data).toBe(2);
  });

  it("leaves out the seeds where a share is not defined", () => {
    const withEmpty = [...runs, targetMoments([], [2024])];
    const share = compareMoments(data, withEmpty, [2024]).find((r) => r.moment === "open_weight_share_1e24")!;
    expect(share).toMatchObject({ seeds: 3, mean: 0 });
  });
});

describe("compareTrends", () => {
  it("fits both sides with the same rule", () => {
    // largest run x3 per year in every seed; six releases a year so the cost trend qualifies too
    const years = [2020, 2021, 2022];
    const sample = years.flatMap((y) => Array.from({ length: 6 }, (_, k) => release(y, 1e23 * 3 ** (y - 2020) / (k + 1), `d${k}`)));
    const moments = targetMoments(sample, years);
    const [compute, cost] = compareTrends(moments, [moments, moments]);
    expect(compute.data.growthPerYear).toBeCloseTo(3, 9);
    expect(compute).toMatchObject({ seeds: 2 });
    expect(compute.mean).toBeCloseTo(3, 9);
    expect(cost.data.fitYears).toEqual(years);
    expect(cost.mean).toBeCloseTo(3, 9);
  });
});

describe("the report", () => {
  it("formats numbers for the table and ends with the credit line", () => {
    expect([formatMomentValue(null), formatMomentValue(3), formatMomentValue(0.3125), formatMomentValue(3.81e25)]).toEqual(["-", "3", "0.31", "3.81e+25"]);
    const runs = [targetMoments([release(2024, 2e24, "a")], [2024])];
    const text = comparisonMarkdown(compareMoments(runs[0], runs, [2024]), compareTrends(runs[0], runs), { scenario: "s", seeds: 1, masterSeed: 1, moatVersion: "0" });
    expect(text.trimEnd().endsWith(EPOCH_CREDIT)).toBe(true);
    expect(text).toContain("| Models at or above 1e24 FLOP | 2024 | 1 | 1 | 1 | 1 | 1 | 1 |");
  });
});
