// Statistics across replicate seeds, computed the way the CLI's study tables are
// (sim/experiment/tables.ts), but without arquero or files so the page can do it in the browser:
//   n       number of non-NaN values
//   mean    arithmetic mean
//   median  the 0.5 quantile
//   q05/q95 the 0.05 and 0.95 quantiles, Hyndman & Fan type 7 (R's and numpy's default)
//   se      sample standard deviation (n - 1) / sqrt(n); NaN when n < 2
// and the per-seed difference of an arm against a baseline arm run with the same seeds (common
// random numbers). The result is the StudyTables the chart builders (sim/report/charts.ts) take.
// Portable.
import type { MetricRow } from "../output.js";
import type { StatRow, StudyTables } from "../report/charts.js";
import { seedStatistics } from "../statistics.js";

/** The runs of one arm: one metric table per seed, in seed order. */
export interface ArmRuns {
  /** arm name in tables, charts and CSV */
  name: string;
  /** scenario name the arm ran */
  scenario: string;
  seeds: number[];
  /** runs[i] holds the metrics of seeds[i] */
  runs: MetricRow[][];
  /** sweep point index (default 0) and the values of the varied parameters there */
  point?: number;
  params?: Record<string, number>;
}

export { quantileSorted, seedStatistics } from "../statistics.js";

interface Cell {
  period: number;
  year: number;
  metric: string;
  values: number[];
}

const cellKey = (period: number, metric: string) => `${period}\u0000${metric}`;

/** Values by period and metric across runs, in order of first appearance. */
function collect(runs: readonly MetricRow[][], valueOf: (row: MetricRow, run: number) => number | undefined): Cell[] {
  const cells = new Map<string, Cell>();
  runs.forEach((rows, run) => {
    for (const row of rows) {
      const value = valueOf(row, run);
      if (value === undefined) continue;
      const key = cellKey(row.period, row.metric);
      let cell = cells.get(key);
      if (!cell) {
        cell = { period: row.period, year: row.year, metric: row.metric, values: [] };
        cells.set(key, cell);
      }
      cell.values.push(value);
    }
  });
  return [...cells.values()];
}

function statRows(arm: ArmRuns, cells: Cell[]): StatRow[] {
  return cells.map((cell) => ({ arm: arm.name, point: arm.point ?? 0, params: arm.params ?? {}, period: cell.period, year: cell.year, metric: cell.metric, ...seedStatistics(cell.values) }));
}

/** Statistics across the seeds of one arm, one row per period and metric. */
export function armStatistics(arm: ArmRuns): StatRow[] {
  return statRows(arm, collect(arm.runs, (row) => row.value));
}

/**
 * Statistics of the per-seed difference arm - baseline, matched on seed, period and metric
 * (a metric only one arm reports, e.g. the FLOP-line gap without a regime, has no difference).
 */
export function differenceStatistics(arm: ArmRuns, baseline: ArmRuns): StatRow[] {
  const baseBySeed = new Map<number, Map<string, number>>();
  baseline.runs.forEach((rows, i) => baseBySeed.set(baseline.seeds[i], new Map(rows.map((row) => [cellKey(row.period, row.metric), row.value]))));
  const cells = collect(arm.runs, (row, run) => {
    const base = baseBySeed.get(arm.seeds[run])?.get(cellKey(row.period, row.metric));
    return base === undefined ? undefined : row.value - base;
  });
  return statRows(arm, cells);
}

export interface ComparisonOptions {
  /** study name (the what-if scenario's name) */
  name: string;
  /** arms to draw (one entry per arm and sweep point); with `baseline`, the others are compared with it */
  arms: ArmRuns[];
  baseline?: string;
  /** varied parameter paths, for a sweep (the arms carry `point` and `params`) */
  parameters?: string[];
  startYear: number;
  periodsPerYear: number;
  /** first period of the regime (null without one) */
  regimeStartPeriod: number | null;
  moatVersion: string;
}

/** The tables the chart builders take, from the runs of one or more arms. */
export function comparisonTables(options: ComparisonOptions): StudyTables {
  const baseline = options.baseline === undefined ? undefined : options.arms.find((arm) => arm.name === options.baseline);
  if (options.baseline !== undefined && !baseline) throw new Error(`no arm named ${options.baseline}`);
  const seeds = options.arms[0]?.seeds ?? [];
  const parameters = options.parameters ?? [];
  const armNames = new Map<string, string>();
  for (const arm of options.arms) if (!armNames.has(arm.name)) armNames.set(arm.name, arm.scenario);
  return {
    name: options.name,
    type: parameters.length > 0 ? "sweep" : armNames.size > 1 ? "compare" : "run",
    arms: [...armNames].map(([name, scenario]) => ({ name, scenario })),
    baseline: options.baseline,
    parameters,
    seedCount: seeds.length,
    seeds,
    moatVersion: options.moatVersion,
    startYear: options.startYear,
    periodsPerYear: options.periodsPerYear,
    regimeStartPeriod: options.regimeStartPeriod,
    summary: options.arms.flatMap(armStatistics),
    differences: baseline ? options.arms.filter((arm) => arm !== baseline).flatMap((arm) => differenceStatistics(arm, baseline)) : [],
  };
}
