// One run of a scenario with one seed: the period loop, observation, and (on request) the same
// seed without the regime, for the counterfactual comparisons of claim H2.
import type { Scenario } from "./scenario/schema.js";
import type { FirmRow, MetricRow, RunOptions, RunResult } from "./output.js";
import { stepPeriod } from "./engine.js";
import { createWorld } from "./world.js";
import { firmRows, observePeriod } from "./observe.js";
import type { World } from "./state.js";

/** Run the scenario for its periods and return the world with its tidy tables. */
export function runWorld(scenario: Scenario, seed: number, recordFirms: boolean): { world: World; metrics: MetricRow[]; firms: FirmRow[] } {
  const world = createWorld(scenario, seed);
  const metrics: MetricRow[] = [];
  const firms: FirmRow[] = [];
  for (let t = 0; t < scenario.periods; t++) {
    world.period = t;
    const outcome = stepPeriod(world);
    for (const row of observePeriod(world, outcome)) metrics.push(row);
    if (recordFirms) for (const row of firmRows(world)) firms.push(row);
  }
  return { world, metrics, firms };
}

export function simulate(scenario: Scenario, seed: number, options: RunOptions = {}): RunResult {
  const { world, metrics, firms } = runWorld(scenario, seed, options.recordFirms ?? true);
  const result: RunResult = { scenario: scenario.name, seed, metrics, firms, warnings: world.warnings };
  if (options.counterfactual) {
    const without = runWorld({ ...scenario, regime: null }, seed, false);
    result.counterfactualMetrics = without.metrics;
    result.incumbentProfits = world.firms
      .filter((f) => f.incumbent)
      .map((f) => {
        const counterpart = without.world.firms[f.id];
        return {
          firm: f.name,
          kind: f.kindId,
          profitUsdM: f.cumulativeProfitUsdM,
          profitNoRegimeUsdM: counterpart.cumulativeProfitUsdM,
          operatingProfitUsdM: f.cumulativeOperatingProfitUsdM,
          operatingProfitNoRegimeUsdM: counterpart.cumulativeOperatingProfitUsdM,
          investmentUsdM: f.cumulativeInvestmentUsdM,
          investmentNoRegimeUsdM: counterpart.cumulativeInvestmentUsdM,
        };
      });
  }
  return result;
}
