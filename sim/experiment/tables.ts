// The output tables of a study, assembled from its finished runs in run order:
//   runs.csv / runs.parquet             study, arm, point, <parameter paths>, seed, period, year, metric, value
//   summary.csv / summary.parquet       study, arm, point, <parameters>, period, year, metric, n, mean, median, q05, q95, se
//   differences.csv / .parquet          the same statistics of the per-seed difference arm - baseline (studies with a baseline)
//   manifest.json                       written last: its presence means the tables are complete
// Statistics are computed with arquero (groupby + rollup) over the seeds of each arm, point, period
// and metric, skipping NaN values:
//   n       number of non-NaN values
//   mean    arithmetic mean
//   median  the 0.5 quantile
//   q05/q95 the 0.05 and 0.95 quantiles by linear interpolation between order statistics
//           (Hyndman & Fan type 7, R's default quantile(), numpy's default): h = (n - 1) p,
//           q = x_(floor h) + (h - floor h) (x_(floor h + 1) - x_(floor h)) on the sorted values
//   se      standard error of the mean: sample standard deviation (n - 1 denominator) / sqrt(n); NaN when n < 2
import { join } from "node:path";
import * as aq from "arquero";
import { writeJsonAtomic } from "../io/atomic.js";
import { writeCsvFile, type CsvColumn } from "../io/csv.js";
import { writeParquetFile, type ParquetColumn } from "../io/parquet.js";
import { readRunFile, runsOf, type StudyRecord } from "./checkpoint.js";
import type { RunKey } from "./plan.js";
import type { RunMetrics } from "./worker.js";
import type { Point } from "./sampling.js";

/** All runs of a study in long form, one entry per row, in run order. */
export interface RunsTable {
  rowCount: number;
  arm: Int32Array;
  point: Int32Array;
  seed: Int32Array;
  period: Int32Array;
  year: Float64Array;
  metric: string[];
  value: Float64Array;
}

interface RunPart {
  run: RunKey;
  metrics: RunMetrics;
}

function readRunParts(outDir: string, record: StudyRecord): RunPart[] {
  return runsOf(record).map((run) => ({ run, metrics: readRunFile(outDir, run, record) }));
}

function tableOf(parts: readonly RunPart[]): RunsTable {
  const rowCount = parts.reduce((sum, p) => sum + p.metrics.value.length, 0);
  const table: RunsTable = {
    rowCount,
    arm: new Int32Array(rowCount),
    point: new Int32Array(rowCount),
    seed: new Int32Array(rowCount),
    period: new Int32Array(rowCount),
    year: new Float64Array(rowCount),
    metric: new Array<string>(rowCount),
    value: new Float64Array(rowCount),
  };
  let r = 0;
  for (const { run, metrics } of parts) {
    const n = metrics.value.length;
    table.arm.fill(run.arm, r, r + n);
    table.point.fill(run.point, r, r + n);
    table.seed.fill(run.seed, r, r + n);
    table.period.set(metrics.period, r);
    table.year.set(metrics.year, r);
    table.value.set(metrics.value, r);
    for (let i = 0; i < n; i++) table.metric[r + i] = metrics.metricNames[metrics.metric[i]];
    r += n;
  }
  return table;
}

/** Read every run file of a complete study, in run order. */
export function readRunsTable(outDir: string, record: StudyRecord): RunsTable {
  return tableOf(readRunParts(outDir, record));
}

/**
 * Per-seed differences arm - baseline (common random numbers: the same seed in every arm): each
 * row of another arm minus the baseline row of the same point, seed, period and metric; rows whose
 * metric the baseline run lacks are dropped. Rows stay in run order.
 */
export function differenceTable(runs: RunsTable, baselineArm: number): RunsTable {
  // rows of one run are contiguous: index the baseline runs by (point, seed), then each run's
  // values densely by period and metric
  const metricIndex = new Map<string, number>();
  const metricOf = new Int32Array(runs.rowCount);
  let periods = 0;
  for (let r = 0; r < runs.rowCount; r++) {
    let m = metricIndex.get(runs.metric[r]);
    if (m === undefined) metricIndex.set(runs.metric[r], (m = metricIndex.size));
    metricOf[r] = m;
    if (runs.period[r] + 1 > periods) periods = runs.period[r] + 1;
  }
  const width = metricIndex.size;
  const baseline = new Map<string, { value: Float64Array; present: Uint8Array }>();
  let current: { value: Float64Array; present: Uint8Array } | undefined;
  for (let r = 0; r < runs.rowCount; r++) {
    if (runs.arm[r] !== baselineArm) continue;
    if (r === 0 || runs.arm[r - 1] !== baselineArm || runs.point[r - 1] !== runs.point[r] || runs.seed[r - 1] !== runs.seed[r]) {
      const key = `${runs.point[r]}:${runs.seed[r]}`;
      current = baseline.get(key);
      if (!current) baseline.set(key, (current = { value: new Float64Array(periods * width), present: new Uint8Array(periods * width) }));
    }
    const cell = runs.period[r] * width + metricOf[r];
    current!.value[cell] = runs.value[r];
    current!.present[cell] = 1;
  }
  const keep: number[] = [];
  const difference: number[] = [];
  let base: { value: Float64Array; present: Uint8Array } | undefined;
  for (let r = 0; r < runs.rowCount; r++) {
    if (runs.arm[r] === baselineArm) continue;
    if (r === 0 || runs.arm[r - 1] !== runs.arm[r] || runs.point[r - 1] !== runs.point[r] || runs.seed[r - 1] !== runs.seed[r])
      base = baseline.get(`${runs.point[r]}:${runs.seed[r]}`);
    const cell = runs.period[r] * width + metricOf[r];
    if (!base || base.present[cell] === 0) continue;
    keep.push(r);
    difference.push(runs.value[r] - base.value[cell]);
  }
  return {
    rowCount: keep.length,
    arm: Int32Array.from(keep, (r) => runs.arm[r]),
    point: Int32Array.from(keep, (r) => runs.point[r]),
    seed: Int32Array.from(keep, (r) => runs.seed[r]),
    period: Int32Array.from(keep, (r) => runs.period[r]),
    year: Float64Array.from(keep, (r) => runs.year[r]),
    metric: keep.map((r) => runs.metric[r]),
    value: Float64Array.from(difference),
  };
}

/** Statistics over seeds, one row per arm, point, period and metric, in order of first appearance in the runs. */
export interface StatTable {
  rowCount: number;
  arm: Int32Array;
  point: Int32Array;
  period: Int32Array;
  year: Float64Array;
  metric: string[];
  n: Int32Array;
  mean: Float64Array;
  median: Float64Array;
  q05: Float64Array;
  q95: Float64Array;
  se: Float64Array;
}

const STATISTICS = {
  n: "d => op.valid(d.value)",
  mean: "d => op.mean(d.value)",
  median: "d => op.median(d.value)",
  q05: "d => op.quantile(d.value, 0.05)",
  q95: "d => op.quantile(d.value, 0.95)",
  sd: "d => op.stdev(d.value)",
};

function toFloat(values: ArrayLike<unknown>): Float64Array {
  return Float64Array.from({ length: values.length }, (_, i) => {
    const v = values[i];
    return typeof v === "number" ? v : Number.NaN;
  });
}

// Group a table with columns arm, point, period, year, metric, value (rows in run order) by
// arm, point, period, year, metric and roll the values up into the statistics.
function rollupStatistics(table: aq.ColumnTable): StatTable {
  const stats = table
    .groupby("arm", "point", "period", "year", "metric")
    .rollup(STATISTICS)
    .derive({ se: "d => d.n > 1 ? d.sd / op.sqrt(d.n) : NaN" });
  const rowCount = stats.numRows();
  return {
    rowCount,
    arm: Int32Array.from(stats.array("arm") as ArrayLike<number>),
    point: Int32Array.from(stats.array("point") as ArrayLike<number>),
    period: Int32Array.from(stats.array("period") as ArrayLike<number>),
    year: toFloat(stats.array("year")),
    metric: Array.from(stats.array("metric") as ArrayLike<string>),
    n: Int32Array.from(stats.array("n") as ArrayLike<number>),
    mean: toFloat(stats.array("mean")),
    median: toFloat(stats.array("median")),
    q05: toFloat(stats.array("q05")),
    q95: toFloat(stats.array("q95")),
    se: toFloat(stats.array("se")),
  };
}

function arqueroRuns(runs: RunsTable): aq.ColumnTable {
  return aq.table({
    arm: runs.arm,
    point: runs.point,
    seed: runs.seed,
    period: runs.period,
    year: runs.year,
    metric: runs.metric,
    value: runs.value,
  });
}

/** mean, median, q05, q95, se over seeds of each arm, point, period and metric. */
export function summarize(runs: RunsTable): StatTable {
  return rollupStatistics(arqueroRuns(runs));
}

/** Statistics of the per-seed differences arm - baseline (see differenceTable), for every arm but the baseline. */
export function summarizeDifferences(runs: RunsTable, baselineArm: number): StatTable {
  return summarize(differenceTable(runs, baselineArm));
}

// ---------------------------------------------------------------------------------------------
// Writing

interface ParameterColumn {
  name: string;
  /** the value of each point: numbers when every point's value is a number, else text */
  byPoint: (number | string)[];
  numeric: boolean;
}

function parameterColumns(paths: readonly string[], points: readonly Point[]): ParameterColumn[] {
  return paths.map((path) => {
    const values = points.map((p) => p[path]);
    const numeric = values.every((v) => typeof v === "number");
    return { name: path, numeric, byPoint: values.map((v) => (typeof v === "number" ? v : v === null ? "null" : String(v))) };
  });
}

interface OutputColumn {
  name: string;
  type: ParquetColumn["type"];
  values: ArrayLike<string | number>;
}

function writeTable(outDir: string, base: string, columns: OutputColumn[]): string[] {
  writeCsvFile(join(outDir, `${base}.csv`), columns as CsvColumn[]);
  writeParquetFile(join(outDir, `${base}.parquet`), columns);
  return [`${base}.csv`, `${base}.parquet`];
}

function keyColumns(study: string, armNames: readonly string[], parameters: ParameterColumn[], arm: Int32Array, point: Int32Array): OutputColumn[] {
  const rows = arm.length;
  return [
    { name: "study", type: "STRING", values: new Array<string>(rows).fill(study) },
    { name: "arm", type: "STRING", values: Array.from(arm, (a) => armNames[a]) },
    { name: "point", type: "INT32", values: point },
    ...parameters.map(
      (p): OutputColumn => ({ name: p.name, type: p.numeric ? "DOUBLE" : "STRING", values: Array.from(point, (i) => p.byPoint[i]) as (string | number)[] }),
    ),
  ];
}

function statColumns(study: string, armNames: readonly string[], parameters: ParameterColumn[], stats: StatTable): OutputColumn[] {
  return [
    ...keyColumns(study, armNames, parameters, stats.arm, stats.point),
    { name: "period", type: "INT32", values: stats.period },
    { name: "year", type: "DOUBLE", values: stats.year },
    { name: "metric", type: "STRING", values: stats.metric },
    { name: "n", type: "INT32", values: stats.n },
    { name: "mean", type: "DOUBLE", values: stats.mean },
    { name: "median", type: "DOUBLE", values: stats.median },
    { name: "q05", type: "DOUBLE", values: stats.q05 },
    { name: "q95", type: "DOUBLE", values: stats.q95 },
    { name: "se", type: "DOUBLE", values: stats.se },
  ];
}

/** The output tables of a study, in the order they are written and listed (differences only with a baseline). */
export type OutputTableName = "runs" | "summary" | "differences";

export function outputTableNames(record: Pick<StudyRecord, "baseline" | "armNames">): OutputTableName[] {
  return record.baseline !== null && record.armNames.length > 1 ? ["runs", "summary", "differences"] : ["runs", "summary"];
}

/**
 * Write one output table of a complete study (CSV and Parquet), from its run files or from `runs`
 * already read. Returns the file names written. Each table depends only on the run files, so the
 * tables can be written in any order, or at once on several threads (table-workers.ts).
 */
export function writeOutputTable(outDir: string, record: StudyRecord, table: OutputTableName, runs: RunsTable = readRunsTable(outDir, record)): string[] {
  const study = record.manifest.study.name;
  const parameters = parameterColumns(record.parameterPaths, record.points);
  if (table === "runs")
    return writeTable(outDir, "runs", [
      ...keyColumns(study, record.armNames, parameters, runs.arm, runs.point),
      { name: "seed", type: "INT32", values: runs.seed },
      { name: "period", type: "INT32", values: runs.period },
      { name: "year", type: "DOUBLE", values: runs.year },
      { name: "metric", type: "STRING", values: runs.metric },
      { name: "value", type: "DOUBLE", values: runs.value },
    ]);
  if (table === "summary") return writeTable(outDir, "summary", statColumns(study, record.armNames, parameters, summarize(runs)));
  if (record.baseline === null) throw new RangeError(`${outDir}: study ${study} has no baseline arm, so no differences table`);
  return writeTable(outDir, "differences", statColumns(study, record.armNames, parameters, summarizeDifferences(runs, record.armNames.indexOf(record.baseline))));
}

/** The manifest, written last: its presence means the tables are complete. */
export function writeManifest(outDir: string, record: StudyRecord): string {
  writeJsonAtomic(join(outDir, "manifest.json"), record.manifest);
  return "manifest.json";
}

/** Write every output table of a complete study on this thread, then its manifest. Returns the file names written. */
export function writeStudyOutputs(outDir: string, record: StudyRecord): string[] {
  const runs = readRunsTable(outDir, record);
  const files = outputTableNames(record).flatMap((table) => writeOutputTable(outDir, record, table, runs));
  files.push(writeManifest(outDir, record));
  return files;
}
