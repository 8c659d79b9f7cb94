// The moment chart: the data and the model series it draws are the comparison rows, a log moment is
// labelled at whole decades, and the credit line of the data is the source line.
import { describe, expect, it } from "vitest";
import { momentChart } from "../../sim/calibration/chart.js";
import type { MomentComparison } from "../../sim/calibration/compare.js";
import { EPOCH_CREDIT } from "../../sim/calibration/moments.js";
import { renderSvg } from "../../sim/report/render.js";

const rows: MomentComparison[] = [
  { moment: "largest_training_flop", year: 2023, data: 5e25, dataBasis: 10, seeds: 4, mean: 5e24, q05: 1e24, q95: 8e24 },
  { moment: "largest_training_flop", year: 2024, data: 3.8e25, dataBasis: 12, seeds: 4, mean: 2.6e25, q05: 1.8e25, q95: 3.1e25 },
  { moment: "open_weight_share_1e24", year: 2024, data: null, dataBasis: 0, seeds: 0, mean: Number.NaN, q05: Number.NaN, q95: Number.NaN },
];
const context = { scenario: "history", seeds: 4, moatVersion: "0.1.0", size: "social" as const };

type Layer = { data?: { values: Record<string, unknown>[] }; encoding?: { y?: { axis?: { values?: number[] } } } };

describe("momentChart", () => {
  const chart = momentChart(rows, "largest_training_flop", context);
  const spec = chart.spec as unknown as { data: { values: Record<string, unknown>[] }; layer: Layer[] };

  it("draws the observed values and the model's mean with its band", () => {
    expect(chart.name).toBe("largest_training_flop");
    expect(spec.data.values).toEqual([
      { year: 2023, series: "Data (Epoch AI)", value: 5e25 },
      { year: 2024, series: "Data (Epoch AI)", value: 3.8e25 },
      { year: 2023, series: "Model mean, 5-95% band", value: 5e24, q05: 1e24, q95: 8e24 },
      { year: 2024, series: "Model mean, 5-95% band", value: 2.6e25, q05: 1.8e25, q95: 3.1e25 },
    ]);
    // decades from the smallest plotted value (1e24) to the largest (5e25)
    expect(spec.layer[1].encoding!.y!.axis!.values).toEqual([1e24, 1e25, 1e26]);
  });

  it("prints the data's credit line", () => {
    expect((spec.layer[2].data!.values[0].source as string[]).join(" ")).toContain(EPOCH_CREDIT);
  });

  it("draws a year with no defined value as a gap, and renders", async () => {
    const share = momentChart(rows, "open_weight_share_1e24", context);
    expect((share.spec as unknown as { data: { values: unknown[] } }).data.values).toEqual([]);
    const svg = await renderSvg(chart.spec);
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toContain("Largest training run");
  });
});
