// `moat run [scenario]`: one run of a scenario (default licensing-era) and its no-regime
// counterfactual, written as tidy CSV with a manifest and a chart, and summarised on the
// terminal; or, with --replicates N, a study of N seeds derived from one master seed.
import { join, relative } from "node:path";
import type { Command } from "commander";
import { writeJsonAtomic } from "../io/atomic.js";
import { replaceFolder } from "../io/folder.js";
import { writeCsvFile } from "../io/csv.js";
import { moatVersion, nodeVersion } from "../experiment/environment.js";
import { normalizeStudy, scenarioLabel } from "../experiment/study.js";
import { hhiBand2023 } from "../metrics.js";
import type { FirmRow, MetricRow } from "../output.js";
import { loadScenario } from "../scenario/load.js";
import { simulate } from "../simulate.js";
import { UsageError, addStudyOptions, collectList, collectSet, executeStudy, parseSeed, wholeNumber, type CliContext, type StudyOptions } from "./common.js";
import { HEADLINE_METRICS, TOTAL_METRICS, formatReadable, formatTable, metricLabel, periodLabel } from "./terminal.js";

export const DEFAULT_SCENARIO = "licensing-era";

// every FirmRow field, in this order (the Record makes the compiler insist on all of them)
const FIRM_COLUMN_ORDER: Record<keyof FirmRow, true> = {
  period: true, year: true, firm: true, name: true, kind: true, jurisdiction: true, status: true,
  cashUsdM: true, revenueUsdM: true, profitUsdM: true, operatingProfitUsdM: true, investmentUsdM: true, complianceUsdM: true, fundingUsdM: true,
  usageShare: true, revenueShare: true, bestCapability: true, modelsOnSale: true, licence: true,
};
const FIRM_COLUMNS = Object.keys(FIRM_COLUMN_ORDER) as (keyof FirmRow)[];

function metricColumns(rows: readonly MetricRow[]) {
  return [
    { name: "period", values: rows.map((r) => r.period) },
    { name: "year", values: rows.map((r) => r.year) },
    { name: "metric", values: rows.map((r) => r.metric) },
    { name: "value", values: rows.map((r) => r.value) },
  ];
}

function firmColumns(rows: readonly FirmRow[]) {
  return FIRM_COLUMNS.map((name) => ({ name, values: rows.map((r) => r[name]) }));
}

/** The default run chart of `moat chart` (sim/cli/chart.ts), loaded when present; never fails the run. */
async function writeChart(runDir: string, stderr: NodeJS.WriteStream): Promise<string[]> {
  const candidates = ["./chart.js"];
  for (const specifier of candidates) {
    let module: { writeDefaultRunChart?: (dir: string) => Promise<string[]> };
    try {
      module = (await import(specifier)) as typeof module;
    } catch {
      continue;
    }
    if (typeof module.writeDefaultRunChart !== "function") continue;
    try {
      return await module.writeDefaultRunChart(runDir);
    } catch (error) {
      stderr.write(`warning: chart not written: ${(error as Error).message.split("\n")[0]}\n`);
      return [];
    }
  }
  return [];
}

function valuesOf(rows: readonly MetricRow[], metric: string): MetricRow[] {
  return rows.filter((r) => r.metric === metric).sort((a, b) => a.period - b.period);
}

/** First and last period of the headline metrics, next to the no-regime counterfactual. */
export function singleRunSummary(
  rows: readonly MetricRow[],
  counterfactual: readonly MetricRow[] | undefined,
  calendar: { startYear: number; periodsPerYear: number },
): string {
  const periods = rows.map((r) => r.period);
  if (periods.length === 0) return "no metrics\n";
  const first = Math.min(...periods);
  const last = Math.max(...periods);
  const label = (p: number) => periodLabel(p, calendar.startYear, calendar.periodsPerYear);
  const table: string[][] = [["", label(first), label(last), ...(counterfactual ? [`${label(last)} no regime`] : [])]];
  const at = (list: readonly MetricRow[], metric: string, period: number) => list.find((r) => r.metric === metric && r.period === period)?.value;
  for (const metric of HEADLINE_METRICS) {
    const start = at(rows, metric, first);
    const end = at(rows, metric, last);
    if (start === undefined && end === undefined) continue;
    const noRegime = counterfactual ? at(counterfactual, metric, last) : undefined;
    const cell = (x: number | undefined) => (x === undefined ? "n/a" : formatReadable(x));
    table.push([metricLabel(metric), cell(start), cell(end), ...(counterfactual ? [cell(noRegime)] : [])]);
    if (metric === "hhi_usage") {
      const band = (x: number | undefined) => (x === undefined || Number.isNaN(x) ? "n/a" : hhiBand2023(x));
      table.push(["  band (2023 Merger Guidelines)", band(start), band(end), ...(counterfactual ? [band(noRegime)] : [])]);
    }
  }
  for (const metric of TOTAL_METRICS) {
    const own = valuesOf(rows, metric);
    if (own.length === 0) continue;
    const total = (list: MetricRow[]) => list.reduce((s, r) => s + r.value, 0);
    table.push([`${metricLabel(metric)} (total)`, "", formatReadable(total(own)), ...(counterfactual ? [formatReadable(total(valuesOf(counterfactual, metric)))] : [])]);
  }
  return formatTable(table);
}

interface RunOptions extends StudyOptions {
  replicates?: number;
  study?: boolean;
}

async function runOnce(ref: string, options: RunOptions, context: CliContext): Promise<number> {
  const loaded = await loadScenario(ref, { overrides: options.set });
  const { scenario } = loaded;
  const seed = options.seed ?? scenario.seed;
  const result = simulate(scenario, seed, { counterfactual: true, recordFirms: true });
  const runDir = join(options.out ?? "out", scenario.name, String(seed));
  // the whole set is written into a staging folder beside runDir, then put in its place: a killed
  // run leaves the previous set or the new one, never a mix (nor a file of an earlier run)
  const files = await replaceFolder(runDir, async (stagingDir) => {
    const written = ["metrics.csv"];
    writeCsvFile(join(stagingDir, "metrics.csv"), metricColumns(result.metrics));
    if (result.counterfactualMetrics) {
      writeCsvFile(join(stagingDir, "counterfactual_metrics.csv"), metricColumns(result.counterfactualMetrics));
      written.push("counterfactual_metrics.csv");
    }
    writeCsvFile(join(stagingDir, "firms.csv"), firmColumns(result.firms));
    written.push("firms.csv");
    const incumbents = result.incumbentProfits ?? [];
    if (scenario.regime && incumbents.length > 0) {
      // the capture test (claim H2): each incumbent's cash flow (profitUsdM = operating profit - investment),
      // operating profit and investment over the run, with and without the regime, same seed
      writeCsvFile(join(stagingDir, "incumbents.csv"), [
        { name: "firm", values: incumbents.map((i) => i.firm) },
        { name: "kind", values: incumbents.map((i) => i.kind) },
        { name: "profitUsdM", values: incumbents.map((i) => i.profitUsdM) },
        { name: "profitNoRegimeUsdM", values: incumbents.map((i) => i.profitNoRegimeUsdM) },
        { name: "gainUsdM", values: incumbents.map((i) => i.profitUsdM - i.profitNoRegimeUsdM) },
        { name: "operatingProfitUsdM", values: incumbents.map((i) => i.operatingProfitUsdM) },
        { name: "operatingProfitNoRegimeUsdM", values: incumbents.map((i) => i.operatingProfitNoRegimeUsdM) },
        { name: "operatingGainUsdM", values: incumbents.map((i) => i.operatingProfitUsdM - i.operatingProfitNoRegimeUsdM) },
        { name: "investmentUsdM", values: incumbents.map((i) => i.investmentUsdM) },
        { name: "investmentNoRegimeUsdM", values: incumbents.map((i) => i.investmentNoRegimeUsdM) },
      ]);
      written.push("incumbents.csv");
    }
    writeJsonAtomic(join(stagingDir, "manifest.json"), {
      scenario: scenario.name,
      scenarioFile: loaded.file,
      scenarioHash: loaded.hash,
      seed,
      moatVersion: moatVersion(),
      nodeVersion: nodeVersion(),
      startYear: scenario.startYear,
      periodsPerYear: scenario.periodsPerYear,
      regimeStartPeriod: scenario.regime ? scenario.regime.startPeriod : null,
      ...(options.set && Object.keys(options.set).length > 0 ? { overrides: options.set } : {}),
      warnings: result.warnings,
    });
    written.push("manifest.json");
    written.push(...(await writeChart(stagingDir, context.stderr)).map((f) => relative(stagingDir, f)));
    return written;
  });
  const incumbents = result.incumbentProfits ?? [];

  const regime = scenario.regime ? `regime ${scenario.regime.name} from ${periodLabel(scenario.regime.startPeriod, scenario.startYear, scenario.periodsPerYear)}` : "no regime";
  context.stdout.write(`${scenario.name}, seed ${seed}: ${scenario.periods} periods, ${regime}\n`);
  context.stdout.write(singleRunSummary(result.metrics, scenario.regime ? result.counterfactualMetrics : undefined, scenario));
  if (scenario.regime && incumbents.length > 0) {
    const gainers = incumbents.filter((i) => i.operatingProfitUsdM > i.operatingProfitNoRegimeUsdM).length;
    const total = (pick: (i: (typeof incumbents)[number]) => number) => formatReadable(incumbents.reduce((sum, i) => sum + pick(i), 0));
    context.stdout.write(
      `Incumbents' operating profit over the run: ${total((i) => i.operatingProfitUsdM)} USD M with the regime, ${total((i) => i.operatingProfitNoRegimeUsdM)} without; ${gainers} of ${incumbents.length} gain; investment ${total((i) => i.investmentUsdM)} USD M with, ${total((i) => i.investmentNoRegimeUsdM)} without (incumbents.csv)\n`,
    );
  }
  for (const warning of result.warnings.slice(0, 5)) context.stderr.write(`warning: ${warning}\n`);
  context.stdout.write(`wrote ${runDir}/: ${files.join(", ")}\n`);
  return 0;
}

export function registerRunCommand(program: Command, context: CliContext, setExitCode: (code: number) => void): void {
  const command = program
    .command("run")
    .summary("run one scenario (or replicates of it) and write tidy output")
    .description(
      `Run a scenario once and write out/<scenario>/<seed>/: metrics.csv and counterfactual_metrics.csv
(period,year,metric,value; the counterfactual is the same seed without the regime), firms.csv,
incumbents.csv (each incumbent's operating profit, investment and cash flow with and without the
regime, same seed),
manifest.json and a chart, then print the headline metrics. With --replicates N, run N seeds
derived from the master seed as a study in out/<scenario>-replicates/ (see docs/EXPERIMENTS.md).`,
    )
    .argument("[scenario]", "scenario name in scenarios/ or path to a .yaml file", DEFAULT_SCENARIO)
    .option("--replicates <n>", "run N seeds derived from --seed, as a study with summary statistics", wholeNumber("--replicates", 1))
    .addHelpText(
      "after",
      `
Examples:
  moat run                                   # licensing-era, its default seed, into out/licensing-era/<seed>/
  moat run baseline --seed 7 --out results   # results/baseline/7/
  moat run licensing-era --set periods=20    # override a field for this run
  moat run licensing-era --replicates 100 --seed 1 --workers 2
                                             # out/licensing-era-replicates/: runs, summary (mean, median, q05, q95, se)`,
    )
    .action(async (scenario: string, options: RunOptions) => {
      if (options.replicates === undefined) {
        const studyOnly = (["resume", "fresh", "shard", "workers", "metrics", "name"] as const).filter((k) => options[k] !== undefined);
        if (studyOnly.length > 0)
          throw new UsageError([`moat run: --${studyOnly[0]} applies to studies: add --replicates N (or use moat study / compare / sweep)`]);
        setExitCode(await runOnce(scenario, options, context));
        return;
      }
      const definition = normalizeStudy(
        { type: "run", scenario, seeds: options.replicates, masterSeed: options.seed, set: options.set, metrics: options.metrics, name: options.name },
        "moat run",
        `${scenarioLabel(scenario)}-replicates`,
      );
      setExitCode(await executeStudy(definition, "moat run", options, context));
    });
  addStudyOptions(command, {
    seed: false,
    set: false,
    outHelp: "output root: one run goes to <dir>/<scenario>/<seed>/ (default out); with --replicates, the study directory (default out/<scenario>-replicates)",
  });
  command
    .option("--seed <n>", "run seed (with --replicates: the master seed) (default: the scenario's seed)", parseSeed)
    .option("--set <path=value>", "override a scenario field (repeatable), e.g. --set periods=20", collectSet)
    .option("--metrics <ids>", "with --replicates: keep only these metrics (comma-separated)", collectList)
    .option("--name <name>", "with --replicates: study name (default <scenario>-replicates)");
}
