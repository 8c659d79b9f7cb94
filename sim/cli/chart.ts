// `moat chart`: one command from a run or study output directory to a publication-ready chart
// (<name>.vl.json, <name>.svg, <name>.png). Also the picture `moat run` draws after a single run.

import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import { parseCsv } from "../csv.js";
import { readChartTables } from "../report/chart-data.js";
import {
  availableMetrics,
  buildChart,
  CHART_KINDS,
  CHART_SIZES,
  ChartInputError,
  defaultChartKind,
  type ChartKind,
  type ChartSize,
} from "../report/charts/index.js";
import { CHART_FORMATS, measureChartText, writeChartFiles, type ChartFormat } from "../report/render.js";

export interface ChartCommandOptions {
  metric?: string;
  kind?: string;
  vs?: string;
  arm?: string;
  format?: string;
  size?: string;
  out?: string;
  title?: string;
}

const DEFAULT_METRIC = "hhi_usage";
const DEFAULT_SHARES_METRIC = "usage_share";

function parseKind(kind: string | undefined): ChartKind | undefined {
  if (kind === undefined) return undefined;
  if (!(CHART_KINDS as readonly string[]).includes(kind))
    throw new ChartInputError(`--kind: unknown chart kind "${kind}"; expected one of ${CHART_KINDS.join(", ")}`);
  return kind as ChartKind;
}

function parseSize(size: string | undefined): ChartSize {
  if (size === undefined) return "social";
  if (!(size in CHART_SIZES))
    throw new ChartInputError(`--size: unknown size "${size}"; expected one of ${Object.keys(CHART_SIZES).join(", ")}`);
  return size as ChartSize;
}

function parseFormats(format: string | undefined): ChartFormat[] {
  if (format === undefined) return [...CHART_FORMATS];
  const formats = format.split(",").map((f) => f.trim().toLowerCase()).filter((f) => f.length > 0);
  const unknown = formats.filter((f) => !(CHART_FORMATS as readonly string[]).includes(f));
  if (formats.length === 0 || unknown.length > 0)
    throw new ChartInputError(`--format: unknown format "${unknown.join(",") || format}"; expected a comma list of ${CHART_FORMATS.join(", ")}`);
  return [...new Set(formats)] as ChartFormat[];
}

// ---------------------------------------------------------------------------------------------
// Input checks: a chart is drawn only from tables that are whole

const NUMBER_TEXT = /^-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
const STAT_NUMBERS = ["point", "period", "year", "n", "mean", "median", "q05", "q95", "se"];
const RUN_NUMBERS = ["period", "year", "value"];

/** True for a number as moat's CSV writer spells it (NaN, Inf, -Inf included) or an empty field (NA). */
function isNumberText(text: string): boolean {
  return text === "" || text === "NaN" || text === "Inf" || text === "-Inf" || NUMBER_TEXT.test(text);
}

/**
 * Problems with one table a chart is drawn from: cut short, rows with the wrong number of fields,
 * values that are not numbers, and holes in arms x points x periods for any metric (each arm that
 * reports a metric must report it in every period; every expected arm must be there).
 */
export function tableProblems(path: string, options: { numeric: readonly string[]; arms: readonly string[]; points: number; wayOut: string }): string[] {
  const text = readFileSync(path, "utf8");
  if (text.length > 0 && !text.endsWith("\n")) return [`${path}: cut short (the last line has no line end): ${options.wayOut}`];
  const { header, rows } = parseCsv(text);
  if (!header || header.length === 0) return [`${path}: empty: ${options.wayOut}`];
  const problems: string[] = [];
  const at = (name: string) => header.indexOf(name);
  const numeric = [...options.numeric, ...(at("point") >= 0 ? header.slice(at("point") + 1, at("period")) : [])].filter((c) => at(c) >= 0);
  const armColumn = at("arm");
  const pointColumn = at("point");
  const periodColumn = at("period");
  const metricColumn = at("metric");
  const cells = new Map<string, Map<string, Set<number>>>(); // metric -> arm#point -> periods
  let lastPeriod = -1;
  const seenArms = new Set<string>();
  rows.forEach((fields, r) => {
    const line = r + 2;
    if (problems.length >= 5) return;
    if (fields.length !== header.length) {
      problems.push(`${path}: line ${line}: expected ${header.length} fields (${header.join(",")}), got ${fields.length}: ${options.wayOut}`);
      return;
    }
    for (const column of numeric) {
      const value = fields[at(column)];
      if (!isNumberText(value)) problems.push(`${path}: line ${line}: ${column}: expected a number (or NaN, Inf, -Inf), got ${JSON.stringify(value)}`);
    }
    const arm = armColumn >= 0 ? fields[armColumn] : (options.arms[0] ?? "");
    const point = pointColumn >= 0 ? fields[pointColumn] : "0";
    const period = Number(fields[periodColumn]);
    seenArms.add(arm);
    lastPeriod = Math.max(lastPeriod, period);
    const metric = fields[metricColumn];
    let byArm = cells.get(metric);
    if (!byArm) cells.set(metric, (byArm = new Map()));
    const key = `${arm}#${point}`;
    let periods = byArm.get(key);
    if (!periods) byArm.set(key, (periods = new Set()));
    periods.add(period);
  });
  if (problems.length > 0) return problems;
  const missingArms = options.arms.filter((arm) => !seenArms.has(arm));
  if (missingArms.length > 0) return [`${path}: incomplete: no row for arm ${missingArms.join(", ")}: ${options.wayOut}`];
  const holes: string[] = [];
  for (const [metric, byArm] of cells) {
    for (const arm of seenArms)
      for (let point = 0; point < options.points; point++) {
        const periods = byArm.get(`${arm}#${point}`);
        if (!periods) {
          // a metric an arm does not report at all (e.g. a regime metric in the baseline) is not a hole,
          // unless the arm reports it at another point
          if ([...byArm.keys()].some((k) => k.startsWith(`${arm}#`))) holes.push(`metric ${metric} has no row for arm ${arm}, point ${point}`);
          continue;
        }
        for (let period = 0; period <= lastPeriod; period++) if (!periods.has(period)) holes.push(`metric ${metric} has no row for arm ${arm}, point ${point}, period ${period}`);
      }
  }
  if (holes.length > 0)
    return [`${path}: incomplete: ${holes[0]}${holes.length > 1 ? ` (and ${holes.length - 1} more missing cells)` : ""}: ${options.wayOut}`];
  return [];
}

/** Check the tables of an output folder that charts are drawn from; throws ChartInputError listing what is wrong. */
export function checkChartInput(dir: string): void {
  const manifestPath = join(dir, "manifest.json");
  if (!existsSync(manifestPath)) return; // readChartTables says what the folder lacks
  let manifest: { study?: { arms?: { name: string }[]; points?: unknown[]; baseline?: string }; scenario?: string };
  try {
    manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as typeof manifest;
  } catch {
    return; // readChartTables names the file
  }
  const problems: string[] = [];
  if (manifest.study) {
    const wayOut = "rerun the study with --resume to rewrite its tables";
    const arms = (manifest.study.arms ?? []).map((arm) => String(arm.name));
    const points = Array.isArray(manifest.study.points) ? manifest.study.points.length : 1;
    const summary = join(dir, "summary.csv");
    if (existsSync(summary)) problems.push(...tableProblems(summary, { numeric: STAT_NUMBERS, arms, points, wayOut }));
    const differences = join(dir, "differences.csv");
    const baseline = manifest.study.baseline;
    if (existsSync(differences))
      problems.push(...tableProblems(differences, { numeric: STAT_NUMBERS, arms: arms.filter((arm) => arm !== baseline), points, wayOut }));
  } else {
    const wayOut = "rerun moat run to write the run again";
    const metrics = join(dir, "metrics.csv");
    if (existsSync(metrics)) problems.push(...tableProblems(metrics, { numeric: RUN_NUMBERS, arms: [], points: 1, wayOut }));
    const counterfactual = join(dir, "counterfactual_metrics.csv");
    if (existsSync(counterfactual)) problems.push(...tableProblems(counterfactual, { numeric: RUN_NUMBERS, arms: [], points: 1, wayOut }));
  }
  if (problems.length > 0) throw new ChartInputError(problems.slice(0, 5).join("; "));
}

/** Draw one chart of `dir` and return the paths written. Throws ChartInputError for a user mistake. */
export async function runChart(dir: string, options: ChartCommandOptions): Promise<string[]> {
  const size = parseSize(options.size);
  const formats = parseFormats(options.format);
  const requestedKind = parseKind(options.kind);
  checkChartInput(dir);
  const tables = readChartTables(dir);
  const kind = requestedKind ?? defaultChartKind(tables);
  const metric = options.metric ?? (kind === "shares" ? DEFAULT_SHARES_METRIC : DEFAULT_METRIC);
  const chart = buildChart(tables, {
    kind,
    metric,
    vs: options.vs,
    arm: options.arm,
    size,
    title: options.title,
    measureText: measureChartText,
  });
  return writeChartFiles(options.out ?? join(dir, "charts"), chart, formats, size);
}

/**
 * The picture a newcomer sees after `moat run`: HHI and the gray-market share of the run against
 * its no-regime counterfactual, regime start marked, as SVG and PNG in `<runDir>/charts/`.
 * Returns the paths written (none when the run reports neither metric).
 */
export async function writeDefaultRunChart(runDir: string): Promise<string[]> {
  const tables = readChartTables(runDir);
  const present = new Set(availableMetrics(tables));
  const written: string[] = [];
  for (const metric of ["hhi_usage", "gray_share"]) {
    if (!present.has(metric)) continue;
    const chart = buildChart(tables, { kind: "timeseries", metric, size: "social", measureText: measureChartText });
    written.push(...(await writeChartFiles(join(runDir, "charts"), chart, ["svg", "png"], "social")));
  }
  return written;
}

const EXAMPLES = `
Examples:
  # HHI of a comparison, regimes against the baseline with 5-95% bands (1200x675 PNG + SVG + spec)
  $ moat compare baseline licensing-era --seeds 20
  $ moat chart out/compare-baseline-vs-licensing-era --metric hhi_usage

  # the per-seed difference from the baseline, for a journal column (1050x788 px, 300 dpi)
  $ moat chart out/compare-baseline-vs-licensing-era --metric gray_share --kind difference --size print

  # heat map of a two-parameter sweep, SVG only, into a chosen folder
  $ moat sweep licensing-era --vary regime.thresholdFlop=1e25,1e26 --vary regime.complianceCosts.scale=0.5,2 --seeds 4
  $ moat chart out/sweep-licensing-era --metric hhi_usage --format svg --out figures

Kinds: timeseries (default for runs and comparisons), difference, endstate (default for a
one-parameter sweep), shares (stacked usage shares by provider kind, gray market on top),
heatmap (default for a two-parameter sweep).
Sizes: social 1200x675, print 1050x788 (3.5 in at 300 dpi), slide 1920x1080.
Writes <metric>-<kind>[-<size>].vl.json/.svg/.png in --out (default <dir>/charts).
The .vl.json is the vega-lite spec with its data inlined: restyle it and render it anywhere.`;

/** Add `moat chart` to the CLI. User mistakes exit with status 2 via command.error (message on stderr). */
export function registerChartCommand(program: Command): Command {
  return program
    .command("chart")
    .description("draw a publication-ready chart (SVG, PNG and vega-lite spec) from a run or study output directory")
    .argument("<dir>", "output directory of moat run, compare or sweep")
    .option("-m, --metric <id>", `metric id from the catalog (default ${DEFAULT_METRIC}; ${DEFAULT_SHARES_METRIC} for shares)`)
    .option("-k, --kind <kind>", `chart kind: ${CHART_KINDS.join(", ")} (default from the directory)`)
    .option("--vs <arm>", "baseline arm to compare against (default: the study's baseline)")
    .option("--arm <arm>", "arm drawn by shares and heatmap (default: the first regime arm)")
    .option("-f, --format <list>", "comma list of svg, png (the .vl.json spec is always written)", "svg,png")
    .option("-s, --size <size>", "social (1200x675), print (1050x788 at 300 dpi) or slide (1920x1080)", "social")
    .option("-o, --out <dir>", "folder to write into (default: <dir>/charts)")
    .option("-t, --title <text>", "replace the computed title")
    .addHelpText("after", EXAMPLES)
    .action(async (dir: string, options: ChartCommandOptions, command: Command) => {
      try {
        const written = await runChart(dir, options);
        for (const path of written) process.stdout.write(`${path}\n`);
      } catch (error) {
        if (error instanceof ChartInputError) command.error(`moat chart: ${error.message}`, { exitCode: 2, code: "moat.chart.input" });
        throw error;
      }
    });
}
