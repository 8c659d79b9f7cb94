// Reading a study's tables for a chart: which metrics it has, the baseline and the arm to draw, the
// rows of one metric, and the effect of each arm against the baseline at the last period.
// Portable.
import type { StatRow, StudyTables } from "../../statistics.js";
import { ChartInputError, type ChartKind, type ChartRequest } from "./types.js";

/** Metric ids present in the study's summary, sorted. */
export function availableMetrics(tables: StudyTables): string[] {
  return [...new Set(tables.summary.map((row) => row.metric))].sort();
}

/** Sensible kind for a study: heat map for a two-parameter sweep, end state for a one-parameter sweep, else a time series. */
export function defaultChartKind(tables: StudyTables): ChartKind {
  if (tables.type === "sweep") return tables.parameters.length >= 2 ? "heatmap" : "endstate";
  return "timeseries";
}

export function regimeStartYear(tables: StudyTables): number | null {
  return tables.regimeStartPeriod === null ? null : tables.startYear + tables.regimeStartPeriod / tables.periodsPerYear;
}

export function baselineOf(tables: StudyTables, request: ChartRequest): string | undefined {
  if (request.vs !== undefined) {
    if (!tables.arms.some((arm) => arm.name === request.vs))
      throw new ChartInputError(
        `--vs: no arm named "${request.vs}" in study "${tables.name}"; arms: ${tables.arms.map((a) => a.name).join(", ")}`,
      );
    return request.vs;
  }
  return tables.baseline;
}

export function rowsFor(rows: StatRow[], metric: string): StatRow[] {
  return rows.filter((row) => row.metric === metric && Number.isFinite(row.mean));
}

export function lastPeriod(rows: StatRow[]): number {
  let last = -Infinity;
  for (const row of rows) if (row.period > last) last = row.period;
  return last;
}

/** The arm a single-arm chart draws: --arm, else the first arm that is not the baseline. */
export function chosenArm(tables: StudyTables, request: ChartRequest, baseline: string | undefined): string {
  if (request.arm !== undefined) {
    if (!tables.arms.some((arm) => arm.name === request.arm))
      throw new ChartInputError(`--arm: no arm named "${request.arm}"; arms: ${tables.arms.map((a) => a.name).join(", ")}`);
    return request.arm;
  }
  return (tables.arms.find((arm) => arm.name !== baseline) ?? tables.arms[0]).name;
}

/** The effect of one arm against the baseline at the last period. */
export interface EndEffect {
  arm: string;
  year: number;
  mean: number;
  q05: number;
  q95: number;
  /** the 5-95% band of the per-seed difference is known (replicated study with differences.csv) */
  hasBand: boolean;
}

/** Arm-minus-baseline effects at the last period: from differences when present, else from the arms' means. */
export function endEffects(tables: StudyTables, metric: string, baseline: string): EndEffect[] {
  const usesStudyDifferences = baseline === tables.baseline && rowsFor(tables.differences, metric).length > 0;
  if (usesStudyDifferences) {
    const rows = rowsFor(tables.differences, metric).filter((row) => row.point === 0);
    const last = lastPeriod(rows);
    return rows
      .filter((row) => row.period === last && row.arm !== baseline)
      .map((row) => ({ arm: row.arm, year: row.year, mean: row.mean, q05: row.q05, q95: row.q95, hasBand: row.n > 1 }));
  }
  const rows = rowsFor(tables.summary, metric).filter((row) => row.point === 0);
  const last = lastPeriod(rows);
  const base = rows.find((row) => row.arm === baseline && row.period === last);
  if (!base) return [];
  return rows
    .filter((row) => row.period === last && row.arm !== baseline)
    .map((row) => {
      const d = row.mean - base.mean;
      return { arm: row.arm, year: row.year, mean: d, q05: d, q95: d, hasBand: false };
    });
}

export function isClearEffect(effect: EndEffect, scaleOfMetric: number): boolean {
  if (effect.hasBand) return effect.q05 > 0 || effect.q95 < 0;
  return Math.abs(effect.mean) > 1e-9 * Math.max(1, Math.abs(scaleOfMetric));
}
