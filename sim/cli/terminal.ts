// What the commands print on the terminal: numbers rounded for reading, period labels, and the
// short summaries after a run or a study (the files hold the full precision).
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseCsv, parseNumber } from "../io/csv.js";
import { HEADLINE_METRICS, metricLabel } from "../metric-catalog.js";
import type { StudyPlan } from "../experiment/plan.js";

/** The metrics the summaries show, in this order: the registry's headline metrics (sim/metric-catalog.ts). */
export { HEADLINE_METRICS, metricLabel };
/** Per-period counts summed over the run. */
export const TOTAL_METRICS = ["entries", "exits"] as const;

/** A number for reading: thousands grouped, about three significant digits for small values. */
export function formatReadable(x: number): string {
  if (Number.isNaN(x)) return "n/a";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  const a = Math.abs(x);
  if (a === 0) return "0";
  if (a >= 1000 || Number.isInteger(x)) return Math.round(x).toLocaleString("en-US");
  if (a >= 100) return x.toFixed(0);
  if (a >= 10) return x.toFixed(1);
  if (a >= 1) return x.toFixed(2);
  if (a >= 0.001) return x.toFixed(3);
  return x.toExponential(1);
}

/** `2026 Q1` for quarters, `2026-03` for months, `2026` for years, else `2026 p3`. */
export function periodLabel(period: number, startYear: number, periodsPerYear: number): string {
  const year = startYear + Math.floor(period / periodsPerYear);
  const within = period % periodsPerYear;
  if (periodsPerYear === 1) return String(year);
  if (periodsPerYear === 4) return `${year} Q${within + 1}`;
  if (periodsPerYear === 12) return `${year}-${String(within + 1).padStart(2, "0")}`;
  return `${year} p${within + 1}`;
}

/** Left column padded, the others right-aligned. */
export function formatTable(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => (r[c] ?? "").length)));
  return rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join("   ").trimEnd()).join("\n") + "\n";
}

interface StatCell {
  mean: number;
  q05: number;
  q95: number;
  n: number;
}

function readStats(path: string): Map<string, StatCell> {
  const cells = new Map<string, StatCell>();
  if (!existsSync(path)) return cells;
  const { header, rows } = parseCsv(readFileSync(path, "utf8"));
  const at = (name: string) => header.indexOf(name);
  const [arm, point, period, metric, n, mean, q05, q95] = ["arm", "point", "period", "metric", "n", "mean", "q05", "q95"].map(at);
  for (const r of rows)
    cells.set(`${r[arm]}|${r[point]}|${r[period]}|${r[metric]}`, { n: parseNumber(r[n]), mean: parseNumber(r[mean]), q05: parseNumber(r[q05]), q95: parseNumber(r[q95]) });
  return cells;
}

const interval = (c: StatCell) => (c.n > 1 ? `[${formatReadable(c.q05)}, ${formatReadable(c.q95)}]` : "");

/**
 * The headline metrics in the last period of a replicated run (mean and 5-95% range over seeds) or
 * of a comparison (each arm, and the mean per-seed difference from the baseline with its range).
 * Sweeps print nothing here: their tables are for charts and R/pandas.
 */
export function studyReport(outDir: string, plan: StudyPlan): string | undefined {
  if (plan.definition.type === "sweep") return undefined;
  const summary = readStats(join(outDir, "summary.csv"));
  const differences = readStats(join(outDir, "differences.csv"));
  const lastPeriod = Math.max(...plan.scenarios.map((row) => row[0].periods)) - 1;
  const { startYear, periodsPerYear } = plan.manifest;
  const when = periodLabel(lastPeriod, startYear, periodsPerYear);
  const arms = plan.armNames;
  const baseline = plan.definition.baseline;
  const header = ["", ...arms.map((a) => `${a} (mean [5%, 95%])`), ...arms.filter((a) => a !== baseline && baseline !== undefined).map((a) => `${a} - ${baseline}`)];
  const rows: string[][] = [header];
  for (const metric of HEADLINE_METRICS) {
    const cells = arms.map((a) => summary.get(`${a}|0|${lastPeriod}|${metric}`));
    if (cells.every((c) => c === undefined)) continue;
    const diffs = arms.filter((a) => a !== baseline && baseline !== undefined).map((a) => differences.get(`${a}|0|${lastPeriod}|${metric}`));
    rows.push([
      metricLabel(metric),
      ...cells.map((c) => (c ? `${formatReadable(c.mean)} ${interval(c)}`.trim() : "n/a")),
      ...diffs.map((c) => (c ? `${c.mean >= 0 ? "+" : ""}${formatReadable(c.mean)} ${interval(c)}`.trim() : "n/a")),
    ]);
  }
  if (rows.length === 1) return undefined;
  return `${when}, over ${plan.seeds.length} seed${plan.seeds.length === 1 ? "" : "s"}${baseline !== undefined ? " (same seeds in every arm)" : ""}:\n${formatTable(rows)}`;
}
