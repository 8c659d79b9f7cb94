// A calibration run's moments travel through the pool's metric columns and the checkpoint's run
// file unchanged: every moment, year, value (undefined ones included) and basis comes back exactly.
import { describe, expect, it } from "vitest";
import { runFileBytes } from "../../sim/experiment/checkpoint.js";
import { momentsAsRunMetrics, momentsOfRunMetrics, runMoments } from "../../sim/experiment/moment-task.js";
import { simulatedMoments } from "../../sim/calibration/simulated.js";
import { loadScenario } from "../../sim/scenario/load.js";
import type { MomentRow } from "../../sim/calibration/moments.js";

describe("calibration runs on the worker pool", () => {
  it("carry the moment rows in metric columns and give them back exactly, undefined values included", () => {
    const rows: MomentRow[] = [
      { moment: "organizations_1e25", year: 2023, value: 3, basis: 3 },
      { moment: "open_weight_share_1e24", year: 2023, value: null, basis: 0 },
      { moment: "largest_training_cost_usd", year: 2024, value: 1 / 3, basis: 7 },
    ];
    const columns = momentsAsRunMetrics(rows);
    expect(columns.metricNames).toEqual([
      "organizations_1e25",
      "organizations_1e25:basis",
      "open_weight_share_1e24",
      "open_weight_share_1e24:basis",
      "largest_training_cost_usd",
      "largest_training_cost_usd:basis",
    ]);
    expect(Array.from(columns.period)).toEqual([0, 0, 0, 0, 1, 1]);
    expect(momentsOfRunMetrics(columns)).toEqual(rows);
  });

  it("give the same moments as the run in this thread, through a run file's JSON", async () => {
    const { scenario } = await loadScenario("history");
    const direct = simulatedMoments(scenario, 11);
    const columns = runMoments(scenario, 11);
    const bytes = runFileBytes({ hash: "h", armNames: ["history"] }, { index: 0, arm: 0, point: 0, seedIndex: 0, seed: 11 }, columns);
    const body = JSON.parse(bytes.subarray(bytes.indexOf(0x0a) + 1).toString("utf8")) as { metricNames: string[]; period: number[]; year: number[]; metric: number[]; value: (number | string)[] };
    const decoded = momentsOfRunMetrics({
      metricNames: body.metricNames,
      period: Int32Array.from(body.period),
      year: Float64Array.from(body.year),
      metric: Int32Array.from(body.metric),
      value: Float64Array.from(body.value, (v) => (v === "NaN" ? Number.NaN : Number(v))),
      warnings: [],
    });
    expect(decoded).toEqual(direct);
    expect(direct.some((r) => r.value === null)).toBe(true); // the undefined case is exercised
  });

  it("refuses columns that are not a calibration run's", () => {
    const columns = momentsAsRunMetrics([{ moment: "models_1e24", year: 2022, value: 2, basis: 2 }]);
    expect(() => momentsOfRunMetrics({ ...columns, metricNames: ["hhi", "hhi:basis"] })).toThrow(/expected the moments of a calibration run/);
  });
});
