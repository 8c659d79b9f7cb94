// Statistics across replicate seeds, defined once for the what-if page, the library API and the
// claims report (the study tables compute the same with arquero: sim/experiment/tables.ts):
//   quantiles by linear interpolation between order statistics, Hyndman & Fan type 7 (R's and
//   numpy's default, and arquero's op.quantile); simple-statistics' quantileSorted uses another
//   definition and arquero's op.quantile works only inside table queries, hence the function here;
//   mean and standard deviation with plain sums, as arquero's op.mean and op.stdev, so the page's
//   numbers equal the CLI's tables to the last bit.
// The rows and tables it produces (StatRow, StudyTables) are what the report layer's charts and
// readout take. Portable.
import type { MetricRow } from "./output.js";

/** One row of summary.csv or differences.csv: statistics across seeds of one metric in one period. */
export interface StatRow {
  arm: string;
  /** sweep grid index, 0 outside sweeps */
  point: number;
  /** values of the varied parameters at this point, by parameter path */
  params: Record<string, number>;
  period: number;
  /** calendar year as a decimal: startYear + period / periodsPerYear */
  year: number;
  metric: string;
  n: number;
  mean: number;
  median: number;
  q05: number;
  q95: number;
  se: number;
}

/** What a chart needs to know about a study (or a single run) and its tables. */
export interface StudyTables {
  /** study name, or the scenario name of a single run */
  name: string;
  /** "single" is one seed from `moat run` drawn against its no-regime counterfactual */
  type: "single" | "run" | "compare" | "sweep";
  arms: { name: string; scenario: string }[];
  /** arm the others are compared with */
  baseline?: string;
  /** varied parameter paths of a sweep, in grid order */
  parameters: string[];
  seedCount: number;
  /** the seeds themselves, when known (a single run's seed is named in the source line) */
  seeds?: number[];
  moatVersion: string;
  startYear: number;
  periodsPerYear: number;
  regimeStartPeriod: number | null;
  summary: StatRow[];
  /** per-seed differences arm minus baseline (empty when there is no baseline) */
  differences: StatRow[];
}

/** Name of the arm that runs a scenario without its regime (the page's comparison, a run's counterfactual). */
export const NO_REGIME_ARM = "no regime";

// q_p = x_(floor h) + (h - floor h) (x_(floor h + 1) - x_(floor h)),  h = (n - 1) p  (0-based, sorted x)
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** n, mean, median, q05, q95, se of the non-NaN values. */
export function seedStatistics(values: readonly number[]): Pick<StatRow, "n" | "mean" | "median" | "q05" | "q95" | "se"> {
  const valid = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  const n = valid.length;
  if (n === 0) return { n: 0, mean: Number.NaN, median: Number.NaN, q05: Number.NaN, q95: Number.NaN, se: Number.NaN };
  let sum = 0;
  for (const v of valid) sum += v;
  const mean = sum / n;
  let squares = 0;
  for (const v of valid) squares += (v - mean) ** 2;
  // se = sd / sqrt(n), sd with the n - 1 denominator
  const se = n > 1 ? Math.sqrt(squares / (n - 1)) / Math.sqrt(n) : Number.NaN;
  return { n, mean, median: quantileSorted(valid, 0.5), q05: quantileSorted(valid, 0.05), q95: quantileSorted(valid, 0.95), se };
}

/** q-quantile (type 7) of the non-NaN values, in any order. */
export function quantile(values: readonly number[], p: number): number {
  return quantileSorted(values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b), p);
}

// ---------------------------------------------------------------------------------------------
// Study tables from the runs of arms (the page's and the library's comparisons; the CLI computes
// the same tables with arquero)

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
