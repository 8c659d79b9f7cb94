// Data against model: each moment in each year, the observed value next to the simulated mean and
// 5-95% band over seeds; and the two growth trends the same way. Portable.
import { seedStatistics } from "../statistics.js";
import { toleranceText, withinTolerance } from "./tolerances.js";
import { EPOCH_CREDIT, MOMENTS, trainingComputeTrend, trainingCostTrend, type GrowthTrend, type MomentId, type MomentRow } from "./moments.js";

export interface MomentComparison {
  moment: MomentId;
  year: number;
  /** observed value (null: not defined that year, e.g. a share of no model) */
  data: number | null;
  /** models behind the observed value */
  dataBasis: number;
  /** seeds in which the moment is defined that year */
  seeds: number;
  mean: number;
  q05: number;
  q95: number;
}

function definedValues(runs: readonly MomentRow[][], moment: MomentId, year: number): number[] {
  const values: number[] = [];
  for (const run of runs) {
    const row = run.find((r) => r.moment === moment && r.year === year);
    if (row && row.value !== null) values.push(row.value);
  }
  return values;
}

/** Every moment in every year of `years`: data beside the simulated statistics across seeds (runs[i] = moments of seed i). */
export function compareMoments(data: readonly MomentRow[], runs: readonly MomentRow[][], years: readonly number[]): MomentComparison[] {
  const out: MomentComparison[] = [];
  for (const { id } of MOMENTS)
    for (const year of years) {
      const observed = data.find((r) => r.moment === id && r.year === year);
      const stats = seedStatistics(definedValues(runs, id, year));
      out.push({ moment: id, year, data: observed?.value ?? null, dataBasis: observed?.basis ?? 0, seeds: stats.n, mean: stats.mean, q05: stats.q05, q95: stats.q95 });
    }
  return out;
}

export interface TrendComparison {
  trend: "training compute" | "training cost";
  data: GrowthTrend;
  /** growth per year across seeds (seeds where the fit is defined) */
  seeds: number;
  mean: number;
  q05: number;
  q95: number;
}

/** The growth of the largest run and of the largest training cost, observed and simulated, fitted by the same rules. */
export function compareTrends(data: readonly MomentRow[], runs: readonly MomentRow[][]): TrendComparison[] {
  const fits: [TrendComparison["trend"], (rows: readonly MomentRow[]) => GrowthTrend][] = [
    ["training compute", trainingComputeTrend],
    ["training cost", (rows) => trainingCostTrend(rows)],
  ];
  return fits.map(([trend, fit]) => {
    const stats = seedStatistics(runs.map((run) => fit(run).growthPerYear));
    return { trend, data: fit(data), seeds: stats.n, mean: stats.mean, q05: stats.q05, q95: stats.q95 };
  });
}

/** A number for a table: counts and shares to 2 decimals, large magnitudes in exponent form with 3 significant digits. */
export function formatMomentValue(value: number | null): string {
  if (value === null || Number.isNaN(value)) return "-";
  const magnitude = Math.abs(value);
  if (magnitude >= 1e5) return value.toExponential(2);
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}

export interface ReportContext {
  scenario: string;
  seeds: number;
  masterSeed: number;
  moatVersion: string;
}

/** The calibration report: one table row per moment and year, then the trends; ends with the credit line. */
export function comparisonMarkdown(rows: readonly MomentComparison[], trends: readonly TrendComparison[], context: ReportContext, after = ""): string {
  const lines: string[] = [];
  lines.push(`# Calibration report: ${context.scenario} against Epoch AI's data`, "");
  lines.push(
    `Model: scenario ${context.scenario}, ${context.seeds} seeds derived from master seed ${context.masterSeed} (moat ${context.moatVersion}); ` +
      "mean and 5-95% band across the seeds where the moment is defined. Data: the same moment computed from the observed models " +
      "(rules in data/README.md). `n data` is the number of models behind the observed value; `seeds` the seeds in which the moment is defined; " +
      `within tolerance: ${toleranceText()} (sim/calibration/tolerances.ts).`,
    "",
  );
  lines.push("| moment | year | data | n data | model mean | model 5% | model 95% | seeds | within tolerance |", "|---|---|---|---|---|---|---|---|---|");
  for (const r of rows) {
    const label = MOMENTS.find((m) => m.id === r.moment)!.label;
    const within = r.data === null || r.seeds === 0 ? null : withinTolerance(r.moment, r.mean, r.data);
    lines.push(
      `| ${label} | ${r.year} | ${formatMomentValue(r.data)} | ${r.dataBasis} | ${formatMomentValue(r.mean)} | ${formatMomentValue(r.q05)} | ${formatMomentValue(r.q95)} | ${r.seeds} | ${within === null ? "-" : within ? "yes" : "no"} |`,
    );
  }
  lines.push("", "## Trends (log-linear fits, growth factor per year)", "");
  lines.push("| trend | data | data fitted over | model mean | model 5% | model 95% | seeds |", "|---|---|---|---|---|---|---|");
  for (const t of trends) {
    const years = t.data.fitYears.length > 0 ? `${t.data.fitYears[0]}-${t.data.fitYears[t.data.fitYears.length - 1]}` : "no year qualifies";
    lines.push(`| ${t.trend} | ${formatMomentValue(t.data.growthPerYear)} | ${years} | ${formatMomentValue(t.mean)} | ${formatMomentValue(t.q05)} | ${formatMomentValue(t.q95)} | ${t.seeds} |`);
  }
  lines.push(
    "",
    "The compute trend fits the largest run of every year with a model; the cost trend fits the largest cost estimate of the years with at least " +
      "5 estimates (docs/CALIBRATION.md says why). Observed costs are in 2023 US dollars, simulated costs in the model's USD.",
    "",
    ...(after ? [after] : []),
    EPOCH_CREDIT,
    "",
  );
  return lines.join("\n");
}
