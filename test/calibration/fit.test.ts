// The fit: the vector it compares, the weights, the distance (each against a case worked by hand),
// rejection ABC on draws whose answer is known, and recovery of a parameter from data the model
// itself made.
import { describe, expect, it } from "vitest";
import { IDENTIFIED_INTERVAL_SHARE, fitDistance, fitVector, intervalShareOfPrior, meanVector, priorPredictiveWeights, rejectionAbc, transformMoment } from "../../sim/calibration/fit.js";
import { targetMoments, type ModelRelease, type MomentRow } from "../../sim/calibration/moments.js";
import { simulatedMoments } from "../../sim/calibration/simulated.js";
import { planStudy } from "../../sim/experiment/plan.js";
import { loadStudyFile } from "../../sim/experiment/study.js";

const release = (year: number, trainingFlop: number, k: number): ModelRelease => ({
  year,
  developer: `d${k}`,
  trainingFlop,
  openWeights: k % 2 === 0,
  outsideUs: false,
  trainingCostUsd: k < 5 ? trainingFlop * 1e-17 : null,
});

describe("the fitted vector", () => {
  it("transforms counts by ln(1 + n), FLOP and cost by log10, and keeps shares", () => {
    expect(transformMoment("models_1e24", Math.E - 1)).toBeCloseTo(1, 12);
    expect(transformMoment("largest_training_flop", 1e25)).toBeCloseTo(25, 12);
    expect(transformMoment("open_weight_share_1e24", 0.25)).toBe(0.25);
  });

  it("leaves out undefined shares and cost years with fewer than 5 estimates, and adds the trends", () => {
    // 2023: 6 models (5 costed) at 1e24 x 2^k; 2024: 4 models (all costed: fewer than 5) at 3e24 x 2^k
    const sample = [...Array.from({ length: 6 }, (_, k) => release(2023, 1e24 * 2 ** k, k)), ...Array.from({ length: 4 }, (_, k) => release(2024, 3e24 * 2 ** k, k))];
    const v = fitVector(targetMoments(sample, [2022, 2023, 2024]));
    expect(v.has("open_weight_share_1e24@2022")).toBe(false); // no model in 2022
    expect(v.get("open_weight_share_1e24@2023")).toBe(0.5);
    expect(v.get("models_1e24@2023")).toBeCloseTo(Math.log1p(6), 12);
    expect(v.has("largest_training_cost_usd@2023")).toBe(true);
    expect(v.has("largest_training_cost_usd@2024")).toBe(false);
    // largest run 3.2e25 (2023) -> 2.4e25 (2024): trend log10(0.75); cost trend needs two qualifying years: absent
    expect(v.get("trend:training compute")).toBeCloseTo(Math.log10(2.4e25 / 3.2e25), 9);
    expect(v.has("trend:training cost")).toBe(false);
  });
});

describe("weights and distance", () => {
  it("weighs each component by the inverse of its variance over all runs and drops constant ones", () => {
    // component a: 1, 3 | 2, 2 -> mean 2, variance (1 + 1 + 0 + 0) / 3 = 2/3; component b constant
    const draws = [
      [new Map([["a", 1], ["b", 5]]), new Map([["a", 3], ["b", 5]])],
      [new Map([["a", 2], ["b", 5]]), new Map([["a", 2], ["b", 5]])],
    ];
    const w = priorPredictiveWeights(draws);
    expect(w.get("a")).toBeCloseTo(1.5, 12);
    expect(w.has("b")).toBe(false);
    expect(meanVector(draws[0]).get("a")).toBe(2);
    // J = 1.5 (4 - 2)^2 = 6; b and the component missing from the model do not count
    expect(fitDistance(new Map([["a", 4], ["b", 0], ["c", 9]]), new Map([["a", 2], ["b", 5]]), w)).toBeCloseTo(6, 12);
  });
});

describe("rejectionAbc", () => {
  it("accepts the draws closest to the data and summarises their parameters", () => {
    // three draws whose largest run is 1e23, 1e24, 1e25 in both seeds; the data's is 1e24
    const rowsAt = (flop: number): MomentRow[] => targetMoments([release(2024, flop, 1)], [2024]);
    const simulated = [1e23, 1e24, 1e25].map((flop) => [rowsAt(flop), rowsAt(flop * 1.01)]);
    const result = rejectionAbc(rowsAt(1e24), simulated, [{ g: 1 }, { g: 2 }, { g: 3 }], [{ path: "g", min: 0, max: 4 }], 1 / 3);
    expect(result.accepted).toBe(1);
    expect(result.best.point).toBe(1);
    expect(result.draws.map((d) => d.accepted)).toEqual([false, true, false]);
    expect(result.posterior[0]).toMatchObject({ path: "g", mean: 2, q05: 2, q95: 2 });
  });

  it("recovers frontier compute growth from moments the model made at known values", async () => {
    const definition = loadStudyFile(new URL("./fixtures/fit-growth.yaml", import.meta.url).pathname);
    const plan = await planStudy(definition, "fit-growth.yaml");
    const base = plan.scenarios[0][0];
    const simulated = plan.scenarios[0].map((s) => plan.seeds.map((seed) => simulatedMoments(s, seed)));
    const params = plan.points.map((p) => ({ g: Number(p["technology.frontierComputeGrowthPerYear"]) }));
    for (const truth of [3, 4.5, 6]) {
      // the "data": one run at the true growth, on a seed the draws do not use
      const data = simulatedMoments({ ...base, technology: { ...base.technology, frontierComputeGrowthPerYear: truth } }, 424242);
      const result = rejectionAbc(data, simulated, params, [{ path: "g", min: 2.5, max: 6.5 }], 0.25);
      // the prior spans 2.5-6.5 in 12 draws about 0.33 apart: the 3 accepted lie near the truth
      for (const d of result.draws.filter((x) => x.accepted)) expect(Math.abs(d.params.g - truth), `truth ${truth}`).toBeLessThan(0.75);
      expect(Math.abs(result.posterior[0].mean - truth), `truth ${truth}`).toBeLessThan(0.5);
    }
  });
});

describe("identification", () => {
  it("measures the 90% interval against the prior on the prior's scale", () => {
    expect(intervalShareOfPrior(2, 4, 0, 10, "linear")).toBeCloseTo(0.2, 12);
    expect(intervalShareOfPrior(1e-2, 1e-1, 1e-3, 1, "log")).toBeCloseTo(1 / 3, 12);
    expect(IDENTIFIED_INTERVAL_SHARE).toBe(0.5);
  });
});
