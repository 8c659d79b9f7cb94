// `moat calibrate`: the target moments of the calibration from Epoch AI's data (printed), and with
// --report the history scenario over many seeds set against them: a table (report.md,
// moments.csv), each seed's moments (runs.csv) and one chart per moment, in out/calibration/.
// The seeds and the validated scenario come from the experiment planner (planStudy), as for
// `moat run --replicates`.
import { join, relative } from "node:path";
import type { Command } from "commander";
import { comparisonMarkdown, compareMoments, compareTrends, formatMomentValue } from "../calibration/compare.js";
import { momentChart } from "../calibration/chart.js";
import { EPOCH_YEARS, defaultEpochFile, readEpochModels } from "../calibration/data.js";
import { releaseOf } from "../calibration/epoch.js";
import { EPOCH_CREDIT, MOMENTS, targetMoments, trainingComputeTrend, trainingCostTrend, type MomentRow } from "../calibration/moments.js";
import { fullYearsOf, simulatedMoments } from "../calibration/simulated.js";
import { moatVersion } from "../experiment/environment.js";
import { planStudy } from "../experiment/plan.js";
import { normalizeStudy } from "../experiment/study.js";
import { writeFileAtomic } from "../io/atomic.js";
import { writeCsvFile } from "../io/csv.js";
import { CHART_SIZES, type ChartSize } from "../report/charts.js";
import { writeChartFiles } from "../report/render.js";
import { UsageError, parseSeed, wholeNumber, type CliContext } from "./common.js";
import { formatTable } from "./terminal.js";

export interface CalibrateOptions {
  report?: boolean;
  scenario: string;
  seeds: number;
  seed?: number;
  out: string;
  data?: string;
  size: string;
}

function dataTable(rows: readonly MomentRow[], years: readonly number[]): string {
  const table: string[][] = [["moment", ...years.map(String)]];
  for (const { id, label } of MOMENTS) table.push([label, ...years.map((y) => formatMomentValue(rows.find((r) => r.moment === id && r.year === y)?.value ?? null))]);
  return formatTable(table);
}

export function registerCalibrateCommand(
  program: Command,
  context: Pick<CliContext, "stdout" | "stderr"> = { stdout: process.stdout, stderr: process.stderr },
  setExitCode: (code: number) => void = () => undefined,
): void {
  program
    .command("calibrate")
    .summary("the market's observed moments (Epoch AI data) and, with --report, the history scenario against them")
    .description(
      `Compute the calibration's target moments from Epoch AI's data on AI models (data/, CC BY 4.0)
for 2018-2024 and print them with the growth of the largest run and of the largest training cost.
With --report, also run the history scenario over --seeds seeds, compute the same moments from the
models each run releases, and write <out>/report.md and <out>/moments.csv (data against the
model's mean and 5-95% band per moment and year), <out>/runs.csv (each seed's moments) and one
chart per moment in <out>/charts/. docs/CALIBRATION.md explains the moments and the rules.`,
    )
    .option("--report", "run the scenario and write the data-against-model report")
    .option("--scenario <name|file>", "scenario to compare with the data", "history")
    .option("--seeds <n>", "seeds for the report", wholeNumber("--seeds", 1, 100_000), 20)
    .option("--seed <n>", "master seed the run seeds derive from (default: the scenario's seed)", parseSeed)
    .option("--out <dir>", "output directory of the report", join("out", "calibration"))
    .option("--data <file>", "Epoch AI models file (default: data/epoch-models-2018-2024.csv)")
    .option("--size <size>", "chart size: social, print or slide", "social")
    .addHelpText(
      "after",
      `
Examples:
  moat calibrate                                  # the observed moments, 2018-2024
  moat calibrate --report --seeds 20 --out out/calibration
  moat calibrate --report --scenario history --seeds 40 --seed 7 --size print`,
    )
    .action(async (options: CalibrateOptions) => {
      if (!(options.size in CHART_SIZES)) throw new UsageError([`moat calibrate: --size: expected social, print or slide, got ${JSON.stringify(options.size)}`]);
      const dataFile = options.data ?? defaultEpochFile();
      const observed = readEpochModels(dataFile);
      const records = observed.map(releaseOf);
      const dataMoments = targetMoments(records, EPOCH_YEARS);
      const compute = trainingComputeTrend(dataMoments);
      const cost = trainingCostTrend(dataMoments);
      const out = context.stdout;
      out.write(`Observed moments, ${relative(process.cwd(), dataFile) || dataFile}: ${observed.length} models`);
      out.write(
        ` (${observed.filter((r) => r.organizations.length === 0).length} with no organization, ${observed.filter((r) => r.countries.length === 0).length} with no country, ` +
          `${observed.filter((r) => r.accessibility === null).length} with no accessibility, ${observed.filter((r) => r.trainingCost2023Usd !== null).length} with a cost estimate)\n\n`,
      );
      out.write(dataTable(dataMoments, EPOCH_YEARS));
      out.write(`\nlargest training run: x${compute.growthPerYear.toFixed(2)} per year (log-linear fit, ${compute.fitYears[0]}-${compute.fitYears[compute.fitYears.length - 1]})\n`);
      out.write(
        cost.fitYears.length > 1
          ? `largest training cost: x${cost.growthPerYear.toFixed(2)} per year (log-linear fit over the years with >= 5 cost estimates: ${cost.fitYears.join(", ")})\n`
          : "largest training cost: no trend (fewer than two years with >= 5 cost estimates)\n",
      );
      out.write(`${EPOCH_CREDIT}\n`);
      if (!options.report) {
        setExitCode(0);
        return;
      }

      const definition = normalizeStudy(
        { type: "run", scenario: options.scenario, seeds: options.seeds, ...(options.seed !== undefined ? { masterSeed: options.seed } : {}) },
        "moat calibrate",
        "calibration",
      );
      const plan = await planStudy(definition, "moat calibrate");
      const scenario = plan.scenarios[0][0];
      if (scenario.regime !== null)
        throw new UsageError([`moat calibrate: --scenario ${options.scenario}: expected a scenario with no regime (the data describe a market before licensing), got regime ${scenario.regime.name}`]);
      const years = fullYearsOf(scenario).filter((y) => EPOCH_YEARS.includes(y));
      if (years.length === 0)
        throw new UsageError([`moat calibrate: --scenario ${options.scenario}: covers no full year of the data (${EPOCH_YEARS[0]}-${EPOCH_YEARS[EPOCH_YEARS.length - 1]}); expected startYear and periods within them`]);
      const started = performance.now();
      const runs = plan.seeds.map((seed) => simulatedMoments(scenario, seed));
      const runSeconds = (performance.now() - started) / 1000;
      const observedInYears = targetMoments(records, years);
      const comparison = compareMoments(observedInYears, runs, years);
      const trends = compareTrends(observedInYears, runs);
      const version = moatVersion();

      const written: string[] = [];
      const momentsCsv = join(options.out, "moments.csv");
      writeCsvFile(momentsCsv, [
        { name: "moment", values: comparison.map((r) => r.moment) },
        { name: "year", values: comparison.map((r) => r.year) },
        { name: "data", values: comparison.map((r) => r.data) },
        { name: "data_models", values: comparison.map((r) => r.dataBasis) },
        { name: "model_mean", values: comparison.map((r) => r.mean) },
        { name: "model_q05", values: comparison.map((r) => r.q05) },
        { name: "model_q95", values: comparison.map((r) => r.q95) },
        { name: "model_seeds", values: comparison.map((r) => r.seeds) },
        { name: "data_source", values: comparison.map(() => EPOCH_CREDIT) },
      ]);
      written.push(momentsCsv);
      const runRows = runs.flatMap((rows, i) => rows.map((r) => ({ seed: plan.seeds[i], ...r })));
      const runsCsv = join(options.out, "runs.csv");
      writeCsvFile(runsCsv, [
        { name: "seed", values: runRows.map((r) => r.seed) },
        { name: "moment", values: runRows.map((r) => r.moment) },
        { name: "year", values: runRows.map((r) => r.year) },
        { name: "value", values: runRows.map((r) => r.value) },
        { name: "models", values: runRows.map((r) => r.basis) },
      ]);
      written.push(runsCsv);
      const reportPath = join(options.out, "report.md");
      writeFileAtomic(reportPath, comparisonMarkdown(comparison, trends, { scenario: scenario.name, seeds: plan.seeds.length, masterSeed: plan.manifest.masterSeed, moatVersion: version }));
      written.push(reportPath);
      const size = options.size as ChartSize;
      for (const { id } of MOMENTS) {
        const chart = momentChart(comparison, id, { scenario: scenario.name, seeds: plan.seeds.length, moatVersion: version, size });
        written.push(...(await writeChartFiles(join(options.out, "charts"), chart, ["svg", "png"], size)));
      }
      out.write(`\n${scenario.name}: ${plan.seeds.length} runs in ${runSeconds.toFixed(1)} s (${((1000 * runSeconds) / plan.seeds.length).toFixed(0)} ms per run); wrote ${written.filter((f) => !f.includes(`${join("charts", "")}`)).join(", ")} and ${MOMENTS.length} charts in ${join(options.out, "charts")}\n`);
      setExitCode(0);
    });
}
