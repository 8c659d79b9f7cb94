// sim/api.ts, the library API of the notebooks (kept with the page's tests: the page runs the same
// experiment). compareWithoutRegime is the page's comparison: the scenario against itself with
// `regime: null`, on the CLI's replicate seeds.
import { describe, expect, it } from "vitest";
import * as moat from "../../sim/api.js";

describe("the library API", () => {
  it("runs replicates on the seeds the CLI derives, and compares with the same scenario without its regime", async () => {
    const { scenario } = await moat.loadScenario("licensing-era", { overrides: { periods: 8 } });
    const comparison = moat.compareWithoutRegime(scenario, { seeds: 3 });
    const seeds = moat.deriveSeeds(scenario.seed, 3);
    expect(comparison.arms.map((arm) => arm.name)).toEqual(["licensing-era", moat.NO_REGIME_ARM]);
    expect(comparison.arms[0].seeds).toEqual(seeds);
    seeds.forEach((seed, i) => {
      const cli = moat.simulate(scenario, seed, { counterfactual: true });
      expect(comparison.arms[0].runs[i]).toEqual(cli.metrics);
      expect(comparison.arms[1].runs[i]).toEqual(cli.counterfactualMetrics);
    });
    expect(comparison.tables.type).toBe("compare");
    expect(comparison.tables.baseline).toBe(moat.NO_REGIME_ARM);
    const series = moat.metricSeries(comparison.tables, "licensing-era", "hhi_usage");
    expect(series).toHaveLength(8);
    for (const point of series) {
      expect(point.q05).toBeLessThanOrEqual(point.mean + 1e-9);
      expect(point.mean).toBeLessThanOrEqual(point.q95 + 1e-9);
    }
    expect(moat.readoutLines(comparison.tables, "licensing-era", moat.NO_REGIME_ARM).map((line) => line.metric)).toEqual([...moat.READOUT_METRICS]);
    const chart = moat.buildChart(comparison.tables, { kind: "timeseries", metric: "gray_share", size: "social" });
    expect(chart.title).toMatch(/^The licensing-era regime /);
  });

  it("runReplicates takes a master seed and an arm name", async () => {
    const { scenario } = await moat.loadScenario("baseline", { overrides: { periods: 4 } });
    const arm = moat.runReplicates(scenario, { seeds: 2, masterSeed: 42, name: "mine" });
    expect(arm.name).toBe("mine");
    expect(arm.seeds).toEqual(moat.deriveSeeds(42, 2));
    expect(arm.runs[1]).toEqual(moat.simulate(scenario, arm.seeds[1], { recordFirms: false }).metrics);
  });
});
