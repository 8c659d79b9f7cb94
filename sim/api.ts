// moat as a library: the functions the CLI is built from, for notebooks and scripts.
//
//   import * as moat from "../sim/api.js";
//   const { scenario } = await moat.loadScenario("licensing-era");
//   const run = moat.simulate(scenario, 1);                          // one seed, tidy metric rows
//   const study = moat.compareWithoutRegime(scenario, { seeds: 20 }); // the page's experiment
//   moat.buildChart(study.tables, { kind: "timeseries", metric: "gray_share", size: "social" });
//
// Run seeds come from the scenario's `seed` as in `moat run --replicates` (deriveSeeds), so a
// notebook, the what-if page and the CLI give the same numbers for the same scenario.
// Node only (scenario files, chart rendering); the page imports the portable modules directly.
// It reads the model core, the experiment layer and the report layer, never the CLI or the page.
import { moatVersion } from "./experiment/environment.js";
import { deriveSeeds } from "./experiment/seeds.js";
import type { Scenario } from "./scenario/schema.js";
import { simulate } from "./simulate.js";
import { comparisonTables, NO_REGIME_ARM, type ArmRuns, type StudyTables } from "./statistics.js";

export { simulate } from "./simulate.js";
export type { FirmRow, MetricRow, RunOptions, RunResult } from "./output.js";
export { ScenarioSchema, type Scenario, type ScenarioInput } from "./scenario/schema.js";
export { loadScenario, scenarioHash, listScenarioNames, defaultScenariosDir, type LoadedScenario } from "./scenario/load.js";
export { loadScenarioText, mergeScenario, setPath, canonicalJson } from "./scenario/resolve.js";
export { ScenarioError } from "./scenario/errors.js";
export { deriveSeeds } from "./experiment/seeds.js";
export { METRICS, metricInfo, type MetricInfo } from "./metric-catalog.js";
export {
  armStatistics,
  comparisonTables,
  differenceStatistics,
  NO_REGIME_ARM,
  quantileSorted,
  seedStatistics,
  type ArmRuns,
  type StatRow,
  type StudyTables,
} from "./statistics.js";
export { runsCsv, scenarioYaml } from "./experiment/export.js";
export { moatVersion } from "./experiment/environment.js";
// the report layer: charts and the readout's sentences
export { buildChart, metricWording, type Chart, type ChartRequest } from "./report/charts/index.js";
export { renderSvg, renderChart } from "./report/render.js";
export { readoutLines, READOUT_METRICS, type ReadoutLine } from "./report/readout.js";

export interface ReplicateOptions {
  /** number of seeds (default 20) */
  seeds?: number;
  /** seeds derive from this (default: the scenario's `seed`, as in the CLI) */
  masterSeed?: number;
  /** arm name (default: the scenario's name) */
  name?: string;
}

/** Run the scenario once per replicate seed: one arm's metric tables. */
export function runReplicates(scenario: Scenario, options: ReplicateOptions = {}): ArmRuns {
  const seeds = deriveSeeds(options.masterSeed ?? scenario.seed, options.seeds ?? 20);
  return {
    name: options.name ?? scenario.name,
    scenario: scenario.name,
    seeds,
    runs: seeds.map((seed) => simulate(scenario, seed, { recordFirms: false }).metrics),
  };
}

export interface Comparison {
  /** the regime arm, then the same scenario and seeds with `regime: null` */
  arms: [ArmRuns, ArmRuns];
  /** statistics across seeds and per-seed differences, ready for buildChart and readoutLines */
  tables: StudyTables;
}

/** The what-if page's experiment: the scenario against itself without the regime, on the same seeds. */
export function compareWithoutRegime(scenario: Scenario, options: Omit<ReplicateOptions, "name"> = {}): Comparison {
  const withRegime = runReplicates(scenario, options);
  const without = { ...runReplicates({ ...scenario, regime: null }, options), name: NO_REGIME_ARM, scenario: scenario.name };
  const tables = comparisonTables({
    name: scenario.name,
    arms: [withRegime, without],
    baseline: NO_REGIME_ARM,
    startYear: scenario.startYear,
    periodsPerYear: scenario.periodsPerYear,
    regimeStartPeriod: scenario.regime ? scenario.regime.startPeriod : null,
    moatVersion: moatVersion(),
  });
  return { arms: [withRegime, without], tables };
}

/** One metric of one arm as a series: per period, the mean and 5-95% band across seeds. */
export function metricSeries(tables: StudyTables, arm: string, metric: string): { year: number; mean: number; q05: number; q95: number }[] {
  return tables.summary
    .filter((row) => row.arm === arm && row.metric === metric)
    .map((row) => ({ year: row.year, mean: row.mean, q05: row.q05, q95: row.q95 }));
}
