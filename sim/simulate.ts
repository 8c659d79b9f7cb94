// PLACEHOLDER until the engine lands (the lead engineer is writing it): deterministic fake metrics
// with the real signature, so the experiment layer can be built and tested meanwhile.
import seedrandom from "seedrandom";
import type { Scenario } from "./scenario/schema.js";
import type { RunOptions, RunResult, MetricRow } from "./output.js";

export function simulate(scenario: Scenario, seed: number, options: RunOptions = {}): RunResult {
  const rng = seedrandom(`${seed}:placeholder`);
  const metrics: MetricRow[] = [];
  let hhi = 2000;
  for (let t = 0; t < scenario.periods; t++) {
    hhi += (rng() - 0.5) * 200 + (scenario.regime ? 20 : 0);
    const year = scenario.startYear + t / scenario.periodsPerYear;
    metrics.push({ period: t, year, metric: "hhi_usage", value: hhi });
    metrics.push({ period: t, year, metric: "gray_share", value: scenario.regime ? rng() * 0.2 : 0 });
  }
  const result: RunResult = { scenario: scenario.name, seed, metrics, firms: [], warnings: [] };
  if (options.counterfactual) result.counterfactualMetrics = simulate({ ...scenario, regime: null }, seed).metrics;
  return result;
}
