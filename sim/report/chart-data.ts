// Reads a moat output directory into the tables the chart builders take (Node-only: files).
// Two layouts: a study directory (manifest.json with `study`, summary.csv, differences.csv) from
// `moat run --replicates`, `moat compare` and `moat sweep`; and a single-run directory
// (metrics.csv, counterfactual_metrics.csv, manifest.json) from `moat run` with one seed.

import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { ChartInputError } from "./charts/index.js";
import { parseCsv } from "../csv.js";
import { NO_REGIME_ARM, type StatRow, type StudyTables } from "../statistics.js";

/** The arm name a single run's no-regime counterfactual is given. */
export const COUNTERFACTUAL_ARM = NO_REGIME_ARM;


function readCsv(path: string, required: string[]): { header: string[]; rows: string[][] } {
  const { header, rows } = parseCsv(readFileSync(path, "utf8"));
  if (!header) throw new ChartInputError(`${path}: empty file, expected a header with ${required.join(",")}`);
  const missing = required.filter((column) => !header.includes(column));
  if (missing.length > 0)
    throw new ChartInputError(`${path}: missing column(s) ${missing.join(", ")}; found ${header.join(",")}`);
  return { header, rows };
}

function readJson(path: string): Record<string, unknown> {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
  } catch (error) {
    throw new ChartInputError(`${path}: not valid JSON (${(error as Error).message})`);
  }
}

function toNumber(text: string | undefined): number {
  if (text === undefined || text === "") return Number.NaN;
  return Number(text);
}

const STAT_COLUMNS = ["study", "arm", "point", "period", "year", "metric", "n", "mean", "median", "q05", "q95", "se"];

/** summary.csv / differences.csv rows; the varied parameters are the columns between `point` and `period`. */
export function readStatTable(path: string): { rows: StatRow[]; parameters: string[] } {
  const { header, rows } = readCsv(path, STAT_COLUMNS);
  const at = (name: string): number => header.indexOf(name);
  const parameters = header.slice(at("point") + 1, at("period"));
  const parameterIndex = parameters.map((p) => header.indexOf(p));
  const [arm, point, period, year, metric, n, mean, median, q05, q95, se] = [
    "arm", "point", "period", "year", "metric", "n", "mean", "median", "q05", "q95", "se",
  ].map(at);
  return {
    parameters,
    rows: rows.map((fields) => {
      const params: Record<string, number> = {};
      parameters.forEach((p, k) => (params[p] = toNumber(fields[parameterIndex[k]])));
      return {
        arm: fields[arm],
        point: toNumber(fields[point]),
        params,
        period: toNumber(fields[period]),
        year: toNumber(fields[year]),
        metric: fields[metric],
        n: toNumber(fields[n]),
        mean: toNumber(fields[mean]),
        median: toNumber(fields[median]),
        q05: toNumber(fields[q05]),
        q95: toNumber(fields[q95]),
        se: toNumber(fields[se]),
      };
    }),
  };
}

// One seed's metrics.csv (period,year,metric,value) as summary rows with n = 1 (all statistics the value).
function readRunMetrics(path: string, arm: string): StatRow[] {
  const { header, rows } = readCsv(path, ["period", "year", "metric", "value"]);
  const [period, year, metric, value] = ["period", "year", "metric", "value"].map((c) => header.indexOf(c));
  return rows.map((fields) => {
    const v = toNumber(fields[value]);
    return {
      arm,
      point: 0,
      params: {},
      period: toNumber(fields[period]),
      year: toNumber(fields[year]),
      metric: fields[metric],
      n: 1,
      mean: v,
      median: v,
      q05: v,
      q95: v,
      se: 0,
    };
  });
}

function numberField(manifest: Record<string, unknown>, key: string, path: string, fallback?: number): number {
  const value = manifest[key];
  if (typeof value === "number") return value;
  if (fallback !== undefined) return fallback;
  throw new ChartInputError(`${path}: field "${key}" missing or not a number`);
}

function readStudy(dir: string, manifestPath: string, manifest: Record<string, unknown>): StudyTables {
  const study = manifest.study as Record<string, unknown>;
  const summaryPath = join(dir, "summary.csv");
  if (!existsSync(summaryPath)) throw new ChartInputError(`${dir}: study directory without summary.csv`);
  const summary = readStatTable(summaryPath);
  const differencesPath = join(dir, "differences.csv");
  const differences = existsSync(differencesPath) ? readStatTable(differencesPath).rows : [];
  const arms = Array.isArray(study.arms)
    ? (study.arms as { name: string; scenario: string }[]).map((arm) => ({ name: String(arm.name), scenario: String(arm.scenario) }))
    : [...new Set(summary.rows.map((row) => row.arm))].map((name) => ({ name, scenario: name }));
  const type = study.type === "compare" || study.type === "sweep" ? study.type : "run";
  const regimeStart = manifest.regimeStartPeriod;
  return {
    name: String(study.name ?? dir),
    type,
    arms,
    baseline: typeof study.baseline === "string" ? study.baseline : undefined,
    parameters: Array.isArray(study.parameters) ? (study.parameters as unknown[]).map(String) : summary.parameters,
    seedCount: Array.isArray(manifest.seeds) ? manifest.seeds.length : summary.rows.reduce((most, row) => Math.max(most, row.n || 0), 1),
    seeds: Array.isArray(manifest.seeds) ? (manifest.seeds as unknown[]).map(Number) : undefined,
    moatVersion: String(manifest.moatVersion ?? "unknown"),
    startYear: numberField(manifest, "startYear", manifestPath),
    periodsPerYear: numberField(manifest, "periodsPerYear", manifestPath),
    regimeStartPeriod: typeof regimeStart === "number" ? regimeStart : null,
    summary: summary.rows,
    differences,
  };
}

// A single run against its no-regime counterfactual: two arms, differences of one seed (no band).
function readSingleRun(dir: string, manifestPath: string, manifest: Record<string, unknown>): StudyTables {
  const scenario = String(manifest.scenario ?? "run");
  const summary = readRunMetrics(join(dir, "metrics.csv"), scenario);
  const counterfactualPath = join(dir, "counterfactual_metrics.csv");
  const hasCounterfactual = existsSync(counterfactualPath);
  const counterfactual = hasCounterfactual ? readRunMetrics(counterfactualPath, COUNTERFACTUAL_ARM) : [];
  const baseByKey = new Map(counterfactual.map((row) => [`${row.metric}#${row.period}`, row]));
  const differences: StatRow[] = [];
  for (const row of summary) {
    const base = baseByKey.get(`${row.metric}#${row.period}`);
    if (!base) continue;
    const d = row.mean - base.mean;
    differences.push({ ...row, mean: d, median: d, q05: d, q95: d });
  }
  const regimeStart = manifest.regimeStartPeriod;
  return {
    name: scenario,
    type: "single",
    arms: hasCounterfactual
      ? [{ name: scenario, scenario }, { name: COUNTERFACTUAL_ARM, scenario }]
      : [{ name: scenario, scenario }],
    baseline: hasCounterfactual ? COUNTERFACTUAL_ARM : undefined,
    parameters: [],
    seedCount: 1,
    seeds: typeof manifest.seed === "number" ? [manifest.seed] : undefined,
    moatVersion: String(manifest.moatVersion ?? "unknown"),
    startYear: numberField(manifest, "startYear", manifestPath),
    periodsPerYear: numberField(manifest, "periodsPerYear", manifestPath),
    regimeStartPeriod: typeof regimeStart === "number" ? regimeStart : null,
    summary: [...summary, ...counterfactual],
    differences,
  };
}

/** Read a study or single-run output directory. Throws ChartInputError naming the path when it is neither. */
export function readChartTables(dir: string): StudyTables {
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new ChartInputError(`${dir}: no such directory (expected a moat study or run output directory)`);
  const manifestPath = join(dir, "manifest.json");
  const manifest = existsSync(manifestPath) ? readJson(manifestPath) : undefined;
  if (manifest && typeof manifest.study === "object" && manifest.study !== null) return readStudy(dir, manifestPath, manifest);
  if (manifest && existsSync(join(dir, "metrics.csv"))) return readSingleRun(dir, manifestPath, manifest);
  throw new ChartInputError(
    `${dir}: not a moat output directory; expected manifest.json with summary.csv (a study from run --replicates, compare or sweep) or manifest.json with metrics.csv (a single run)`,
  );
}
