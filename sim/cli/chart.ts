// `moat chart`: one command from a run or study output directory to a publication-ready chart
// (<name>.vl.json, <name>.svg, <name>.png). Also the picture `moat run` draws after a single run.

import { join } from "node:path";
import type { Command } from "commander";
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

/** Draw one chart of `dir` and return the paths written. Throws ChartInputError for a user mistake. */
export async function runChart(dir: string, options: ChartCommandOptions): Promise<string[]> {
  const size = parseSize(options.size);
  const formats = parseFormats(options.format);
  const requestedKind = parseKind(options.kind);
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
