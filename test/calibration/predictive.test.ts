// Out of sample: the predictive table against a case worked by hand, and on "data" the model itself
// made at known parameters: at the true parameters the held-out years fall in the simulated band,
// at wrong ones they do less often, and a fit on the early years alone predicts the late ones.
import { describe, expect, it } from "vitest";
import { rejectionAbc } from "../../sim/calibration/fit.js";
import { targetMoments, type ModelRelease, type MomentRow } from "../../sim/calibration/moments.js";
import { bandCoverage, posteriorPredictive, rowsInYears } from "../../sim/calibration/predictive.js";
import { simulatedMoments } from "../../sim/calibration/simulated.js";
import { planStudy } from "../../sim/experiment/plan.js";
import { loadStudyFile } from "../../sim/experiment/study.js";
import type { Scenario } from "../../sim/scenario/schema.js";

const release = (year: number, trainingFlop: number): ModelRelease => ({
  year,
  developer: "d",
  trainingFlop,
  openWeights: null,
  outsideUs: null,
  trainingCostUsd: null,
});
const YEARS = [2020, 2021, 2022, 2023, 2024];
const FIT_YEARS = [2020, 2021, 2022];

describe("posteriorPredictive", () => {
  it("gives each moment-year its sample, the error of the predictive mean and whether the data are in the band", () => {
    // data: largest run 2e24 in 2023 and 1e25 in 2024; runs: 1e24 and 3e24 in 2023, 1e24 in 2024 (both)
    const data = targetMoments([release(2023, 2e24), release(2024, 1e25)], [2023, 2024]);
    const runs: MomentRow[][] = [1e24, 3e24].map((flop) => targetMoments([release(2023, flop), release(2024, 1e24)], [2023, 2024]));
    const rows = posteriorPredictive(data, runs, [2023, 2024], [2023]);
    const largest = (year: number) => rows.find((r) => r.moment === "largest_training_flop" && r.year === year)!;
    // 2023: mean 2e24 = data, band [1.1e24, 2.9e24] (type-7 quantiles of 1e24, 3e24) holds it
    expect(largest(2023)).toMatchObject({ sample: "fit", data: 2e24, runs: 2, errorAbs: 0, errorRel: 0, inBand: true });
    expect(largest(2023).q05).toBeCloseTo(1.1e24, -20);
    // 2024: mean 1e24 against 1e25: error -9e24, relative -0.9, outside the band
    expect(largest(2024)).toMatchObject({ sample: "holdout", data: 1e25, mean: 1e24, inBand: false });
    expect(largest(2024).errorAbs).toBeCloseTo(-9e24, -12);
    expect(largest(2024).errorRel).toBeCloseTo(-0.9, 12);
    // models at or above 1e25: 1 in the 2024 data, 0 in every run; the 2023 data hold 0: no relative error
    expect(rows.find((r) => r.moment === "models_1e25" && r.year === 2024)).toMatchObject({ errorAbs: -1, errorRel: -1, inBand: false });
    expect(rows.find((r) => r.moment === "models_1e25" && r.year === 2023)).toMatchObject({ errorAbs: 0, errorRel: null, inBand: true });
    // a share no run and no data define is not compared
    expect(rows.find((r) => r.moment === "open_weight_share_1e24" && r.year === 2024)).toMatchObject({ runs: 0, errorAbs: null, inBand: null });
    expect(bandCoverage(rows.filter((r) => r.moment === "largest_training_flop"))).toEqual({ inBand: 1, compared: 2 });
  });
});

describe("out of sample on data the model made", async () => {
  const definition = loadStudyFile(new URL("./fixtures/fit-growth.yaml", import.meta.url).pathname);
  const plan = await planStudy(definition, "fit-growth.yaml");
  const base = plan.scenarios[0][0];
  const at = (growth: number): Scenario => ({ ...base, technology: { ...base.technology, frontierComputeGrowthPerYear: growth } });
  const runsAt = (growth: number) => Array.from({ length: 20 }, (_, i) => simulatedMoments(at(growth), 1000 + i));
  const holdout = (data: MomentRow[], runs: MomentRow[][]) => posteriorPredictive(data, runs, YEARS, FIT_YEARS).filter((r) => r.sample === "holdout");

  it("at the true parameters the held-out years fall in the simulated band; at wrong ones less often", () => {
    for (const truth of [3, 4.5]) {
      // the "data": one run at the true growth, on a seed the predictive runs do not use
      const data = simulatedMoments(at(truth), 424242);
      const atTruth = holdout(data, runsAt(truth));
      expect(atTruth.every((r) => r.year >= 2023)).toBe(true);
      const covered = bandCoverage(atTruth);
      // a 5-95% band holds a draw of the same model 90% of the time
      expect(covered.inBand / covered.compared, `truth ${truth}`).toBeGreaterThanOrEqual(0.8);
      for (const year of [2023, 2024]) expect(atTruth.find((r) => r.moment === "largest_training_flop" && r.year === year)!.inBand, `truth ${truth}, ${year}`).toBe(true);
      const wrong = bandCoverage(holdout(data, runsAt(truth + 1.5)));
      expect(wrong.inBand / wrong.compared, `truth ${truth}, model at ${truth + 1.5}`).toBeLessThan(covered.inBand / covered.compared);
    }
  });

  it("a fit on 2020-2022 alone predicts 2023-2024 of data made at known growth", async () => {
    // 12 draws x 4 seeds: the 3 accepted draws give a predictive of 12 runs
    const wide = await planStudy({ ...definition, seeds: 4 }, "fit-growth.yaml");
    const simulated = wide.scenarios[0].map((s) => wide.seeds.map((seed) => simulatedMoments(s, seed)));
    const params = wide.points.map((p) => ({ g: Number(p["technology.frontierComputeGrowthPerYear"]) }));
    const fitted = simulated.map((seeds) => seeds.map((rows) => rowsInYears(rows, FIT_YEARS)));
    for (const truth of [3, 4.5]) {
      const data = simulatedMoments(at(truth), 424242);
      const result = rejectionAbc(rowsInYears(data, FIT_YEARS), fitted, params, [{ path: "g", min: 2.5, max: 6.5 }], 0.25);
      expect(Math.abs(result.posterior[0].mean - truth), `truth ${truth}`).toBeLessThan(0.5);
      const predicted = holdout(data, result.draws.filter((d) => d.accepted).flatMap((d) => simulated[d.point]));
      const covered = bandCoverage(predicted);
      expect(covered.inBand / covered.compared, `truth ${truth}`).toBeGreaterThanOrEqual(0.8);
      for (const year of [2023, 2024]) expect(predicted.find((r) => r.moment === "largest_training_flop" && r.year === year)!.inBand, `truth ${truth}, ${year}`).toBe(true);
    }
  });
});
