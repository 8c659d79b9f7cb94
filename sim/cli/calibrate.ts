// `moat calibrate`: the target moments of the calibration from Epoch AI's data (printed), and with
// --report the history scenario over many seeds set against them: a table (report.md,
// moments.csv), each seed's moments (runs.csv) and one chart per moment, in out/calibration/.
// The seeds and the validated scenario come from the experiment planner (planStudy), as for
// `moat run --replicates`.
import { join, relative } from "node:path";
import { InvalidArgumentError, type Command } from "commander";
import { comparisonMarkdown, compareMoments, compareTrends, formatMomentValue } from "../calibration/compare.js";
import { momentChart } from "../calibration/chart.js";
import { abcMarkdown, formatParameter } from "../calibration/fit.js";
import { calibratedParameters, calibratedScenarioYaml, defaultsAgainstPosterior, defaultsMarkdown } from "../calibration/calibrated-scenario.js";
import { fitMoments, fitStudyDir, mergeFitShards, planFit, readFitMoments, removeFitCheckpoint, runFitRuns } from "../calibration/fit-run.js";
import { EPOCH_YEARS, defaultEpochFile, readEpochModels } from "../calibration/data.js";
import { releaseOf } from "../calibration/epoch.js";
import { EPOCH_CREDIT, MOMENTS, targetMoments, trainingComputeTrend, trainingCostTrend, type ModelRelease, type MomentRow } from "../calibration/moments.js";
import { bandCoverage, predictiveMarkdown } from "../calibration/predictive.js";
import { releasesByKind, releasesByKindMarkdown } from "../calibration/by-kind.js";
import { fullYearsOf, simulateReleases } from "../calibration/simulated.js";
import { observeStart, startCheck, startCheckMarkdown } from "../calibration/start-check.js";
import { loadScenario } from "../scenario/load.js";
import { moatRoot, moatVersion } from "../experiment/environment.js";
import { planStudy } from "../experiment/plan.js";
import { defaultWorkers } from "../experiment/pool.js";
import type { Shard } from "../experiment/runner.js";
import { loadStudyFile, normalizeStudy } from "../experiment/study.js";
import { writeFileAtomic } from "../io/atomic.js";
import { writeCsvFile } from "../io/csv.js";
import { CHART_SIZES, type ChartSize } from "../report/charts/index.js";
import { writeChartFiles } from "../report/render.js";
import { UsageError, checkCheckpointOptions, interruptOnCtrlC, interruptedMessage, collectList, parseSeed, parseShard, parseWorkers, shellQuote, wholeNumber, type CliContext } from "./common.js";
import { formatTable } from "./terminal.js";

export interface CalibrateOptions {
  report?: boolean;
  fit?: string;
  accept: number;
  scenario: string;
  seeds?: number;
  draws?: number;
  fitYears?: { first: number; last: number };
  seed?: number;
  out: string;
  data?: string;
  size: string;
  startScenario: string;
  workers?: number;
  resume?: boolean;
  fresh?: boolean;
  shard?: Shard;
  merge?: string[];
  keepCheckpoint?: boolean;
  quiet?: boolean;
}

/** The history scenario at the shipped fit's estimates (the calibrated.yaml of `moat calibrate --fit`). */
const CALIBRATED_HISTORY = join(moatRoot(), "scenarios", "calibration", "history-calibrated.yaml");

type FitContext = Pick<CliContext, "stdout" | "stderr" | "argv">;

function dataTable(rows: readonly MomentRow[], years: readonly number[]): string {
  const table: string[][] = [["moment", ...years.map(String)]];
  for (const { id, label } of MOMENTS) table.push([label, ...years.map((y) => formatMomentValue(rows.find((r) => r.moment === id && r.year === y)?.value ?? null))]);
  return formatTable(table);
}

function parseShare(text: string): number {
  const value = Number(text);
  if (!(value > 0 && value <= 1)) throw new InvalidArgumentError(`expected a share above 0 and at most 1, got ${JSON.stringify(text)}`);
  return value;
}

function parseYearSpan(text: string): { first: number; last: number } {
  const match = /^(\d{4})(?:-(\d{4}))?$/.exec(text.trim());
  if (!match) throw new InvalidArgumentError(`expected a year or a span of years such as 2020-2022, got ${JSON.stringify(text)}`);
  const first = Number(match[1]);
  const last = Number(match[2] ?? match[1]);
  if (last < first) throw new InvalidArgumentError(`expected the first year before the last, got ${JSON.stringify(text)}`);
  return { first, last };
}

/** `--fit`: every draw of the study on every seed (on the worker pool, checkpointed), then rejection ABC against the observed moments. */
async function fitCommand(studyFile: string, options: CalibrateOptions, records: readonly ModelRelease[], context: FitContext): Promise<number> {
  const out = context.stdout;
  checkCheckpointOptions("moat calibrate", options);
  const written = loadStudyFile(studyFile);
  const definition = {
    ...written,
    seeds: options.seeds ?? written.seeds,
    sample: options.draws !== undefined && written.sample.method === "lhs" ? { method: "lhs" as const, points: options.draws } : written.sample,
  };
  const fit = await planFit(definition, studyFile, options.fitYears);
  // loaded before any run, so that a mistake in it stops the fit at once
  const defaultScenario = (await loadScenario(options.startScenario)).scenario;
  const { plan } = fit;
  const started = performance.now();
  let runsLine: string;
  if (options.merge) {
    mergeFitShards(fit, options.merge, options.out);
    runsLine = `merged ${options.merge.length} shard${options.merge.length === 1 ? "" : "s"}`;
  } else {
    const { controller, onInterrupt } = interruptOnCtrlC(context);
    const result = await runFitRuns(fit, options.out, {
      workers: options.workers ?? defaultWorkers(),
      resume: options.resume,
      fresh: options.fresh,
      shard: options.shard,
      signal: controller.signal,
      onInterrupt,
      command: ["moat", ...context.argv].map(shellQuote).join(" "),
      progress: { stream: context.stderr, enabled: context.stderr.isTTY === true && !options.quiet },
    });
    const finished = result.reused + result.ran;
    const where = fitStudyDir(options.out, fit);
    if (result.interrupted) {
      context.stderr.write(interruptedMessage(finished, result.total, where, context.argv));
      return 130;
    }
    if (!result.complete) {
      out.write(
        `shard ${options.shard?.index}/${options.shard?.count} of fit ${plan.definition.name}: ${finished} of ${result.total} runs finished (${result.ran} now, ${result.reused} reused) in ${where}\n` +
          "when every shard is done: moat calibrate --fit <the same study and options> --merge <shard folders, comma-separated> --out <dir>\n",
      );
      return 0;
    }
    runsLine = `${result.ran} done now, ${result.reused} reused from the checkpoint, ${options.workers ?? defaultWorkers()} worker${(options.workers ?? defaultWorkers()) === 1 ? "" : "s"}`;
  }
  const seconds = (performance.now() - started) / 1000;
  const { result, predictive } = fitMoments(fit, readFitMoments(fit, options.out), records, options.accept);

  const defaults = defaultsAgainstPosterior(result.posterior, defaultScenario);
  const fitPath = join(options.out, "fit.md");
  writeFileAtomic(
    fitPath,
    abcMarkdown(
      result,
      { study: plan.definition.name, scenario: fit.scenario.name, seeds: plan.seeds.length, masterSeed: plan.manifest.masterSeed, fitYears: fit.fitYears },
      `${predictiveMarkdown(predictive, { accepted: result.accepted, seeds: plan.seeds.length })}\n${defaultsMarkdown(defaults, defaultScenario.name)}`,
    ),
  );
  const drawsPath = join(options.out, "draws.csv");
  writeCsvFile(drawsPath, [
    { name: "point", values: result.draws.map((d) => d.point) },
    ...fit.priors.map((p) => ({ name: p.path, values: result.draws.map((d) => d.params[p.path]) })),
    { name: "distance", values: result.draws.map((d) => d.distance) },
    { name: "accepted", values: result.draws.map((d) => d.accepted) },
  ]);
  const predictivePath = join(options.out, "predictive.csv");
  writeCsvFile(predictivePath, [
    { name: "moment", values: predictive.map((r) => r.moment) },
    { name: "year", values: predictive.map((r) => r.year) },
    { name: "sample", values: predictive.map((r) => r.sample) },
    { name: "data", values: predictive.map((r) => r.data) },
    { name: "predictive_mean", values: predictive.map((r) => r.mean) },
    { name: "predictive_q05", values: predictive.map((r) => r.q05) },
    { name: "predictive_q95", values: predictive.map((r) => r.q95) },
    { name: "error", values: predictive.map((r) => r.errorAbs) },
    { name: "relative_error", values: predictive.map((r) => r.errorRel) },
    { name: "in_band", values: predictive.map((r) => r.inBand) },
    { name: "runs", values: predictive.map((r) => r.runs) },
    { name: "data_source", values: predictive.map(() => EPOCH_CREDIT) },
  ]);
  const posteriorPath = join(options.out, "posterior.csv");
  writeCsvFile(posteriorPath, [
    { name: "parameter", values: result.posterior.map((p) => p.path) },
    { name: "prior_min", values: result.posterior.map((p) => p.priorMin) },
    { name: "prior_max", values: result.posterior.map((p) => p.priorMax) },
    { name: "posterior_mean", values: result.posterior.map((p) => p.mean) },
    { name: "posterior_q05", values: result.posterior.map((p) => p.q05) },
    { name: "posterior_q95", values: result.posterior.map((p) => p.q95) },
    { name: "best_draw", values: result.posterior.map((p) => result.best.params[p.path]) },
    { name: "estimate", values: calibratedParameters(result.posterior).map((p) => p.estimate) },
    { name: "interval_share_of_prior", values: result.posterior.map((p) => p.intervalShareOfPrior) },
    { name: "identified", values: result.posterior.map((p) => p.identified) },
  ]);
  // the command that reproduces the fit: what changes its result, not where it is written or on how many workers
  const command = [
    "moat calibrate --fit",
    studyFile,
    ...(options.draws !== undefined ? ["--draws", String(options.draws)] : []),
    ...(options.seeds !== undefined ? ["--seeds", String(options.seeds)] : []),
    ...(options.accept !== 0.05 ? ["--accept", String(options.accept)] : []),
    ...(options.fitYears !== undefined ? ["--fit-years", `${options.fitYears.first}-${options.fitYears.last}`] : []),
  ].join(" ");
  const calibratedPath = join(options.out, "calibrated.yaml");
  writeFileAtomic(
    calibratedPath,
    calibratedScenarioYaml(result, { extends: definition.arms[0].scenario, name: `${fit.scenario.name}-calibrated`, command, fitYears: fit.fitYears, seeds: plan.seeds.length }),
  );
  if (!options.keepCheckpoint) removeFitCheckpoint(options.out);
  const table: string[][] = [["parameter", "prior", "posterior mean", "5%", "95%", "best draw", "identified"]];
  for (const p of result.posterior)
    table.push([
      p.path,
      `${formatParameter(p.priorMin)}-${formatParameter(p.priorMax)}`,
      formatParameter(p.mean),
      formatParameter(p.q05),
      formatParameter(p.q95),
      formatParameter(result.best.params[p.path]),
      `${p.identified ? "yes" : "no"} (${(100 * p.intervalShareOfPrior).toFixed(0)}%)`,
    ]);
  out.write(`\nFit (${plan.definition.name}): ${plan.runCount} runs (${plan.points.length} draws x ${plan.seeds.length} seeds; ${runsLine}) in ${seconds.toFixed(1)} s; ${result.accepted} draws accepted\n`);
  out.write(formatTable(table));
  for (const sample of ["fit", "holdout"] as const) {
    const rows = predictive.filter((r) => r.sample === sample);
    if (rows.length === 0) continue;
    const { inBand, compared } = bandCoverage(rows);
    const span = `${rows[0].year}-${rows[rows.length - 1].year}`;
    out.write(`${sample === "fit" ? "in sample" : "out of sample"} (${span}): the data in the posterior-predictive 5-95% band for ${inBand} of ${compared} moment-years\n`);
  }
  out.write(`wrote ${fitPath}, ${drawsPath}, ${predictivePath}, ${posteriorPath}, ${calibratedPath}\n`);
  return 0;
}

export function registerCalibrateCommand(
  program: Command,
  context: Pick<CliContext, "stdout" | "stderr"> & Partial<Pick<CliContext, "argv">> = { stdout: process.stdout, stderr: process.stderr },
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
model's mean and 5-95% band per moment and year; report.md adds whether it is within tolerance),
<out>/runs.csv (each seed's moments), <out>/by-kind.csv (the last year's releases of at least
1e24 FLOP by the releasing firm's kind, with their open-weight and outside-home shares; also in
report.md), one chart per moment in <out>/charts/, and the start check:
the history's last quarter against the first quarters of --start-scenario (frontier providers,
open-weight share, enterprise adoption, the compliance market) beside the data and the debate's
figures, in report.md and <out>/start.csv. The history is by default the calibrated one
(scenarios/calibration/history-calibrated.yaml). With --fit <study.yaml>, fit the study's ranges (the priors) by
rejection ABC: every Latin-hypercube draw on the same seeds, the closest --accept share of the draws
is the posterior sample; writes <out>/fit.md, <out>/draws.csv, <out>/predictive.csv (every moment
against the posterior predictive), <out>/posterior.csv and <out>/calibrated.yaml (the scenario at
the posterior means). With --fit-years, the fit sees those years only and the other
years are predicted out of sample. The fit's runs go through the study runner on --workers worker
threads, each checkpointed in <out>/.checkpoint/ as it ends: an interrupted fit continues with
--resume, --shard k/n runs a slice (on any machine) and --merge combines the slices; the fit is the
same bytes whatever the number of workers or shards. docs/CALIBRATION.md explains the moments,
the rules and the method.`,
    )
    .option("--report", "run the scenario and write the data-against-model report")
    .option("--fit <study.yaml>", "fit by rejection ABC: the study file's ranges are the priors (type sweep, sample lhs)")
    .option("--accept <share>", "share of the draws closest to the data kept as the posterior sample", parseShare, 0.05)
    .option("--scenario <name|file>", "scenario to compare with the data (default: the calibrated history)", CALIBRATED_HISTORY)
    .option("--start-scenario <name|file>", "the default scenario: the report checks its start against the history's end, the fit its defaults against the posterior", "licensing-era")
    .option("--seeds <n>", "seeds per run of the report (default 20) or per draw of the fit (default: the study file's)", wholeNumber("--seeds", 1, 100_000))
    .option("--draws <n>", "draws of the fit (default: the study file's sample points)", wholeNumber("--draws", 1, 1_000_000))
    .option("--fit-years <years>", "fit on these years' moments only (e.g. 2020-2022) and predict the others out of sample (default: every year)", parseYearSpan)
    .option("--seed <n>", "master seed the run seeds derive from (default: the scenario's seed)", parseSeed)
    .option("--out <dir>", "output directory of the report", join("out", "calibration"))
    .option("--data <file>", "Epoch AI models file (default: data/epoch-models-2018-2024.csv)")
    .option("--size <size>", "chart size: social, print or slide", "social")
    .option("--workers <n>", `worker threads of the fit (default: all cores, ${defaultWorkers()} here)`, parseWorkers)
    .option("--resume", "continue the fit checkpointed in --out; finished runs are kept")
    .option("--fresh", "discard the fit checkpointed in --out and start over")
    .option("--shard <k/n>", "run only slice k of n of the fit's runs (run i is in slice (i mod n) + 1); combine with --merge", parseShard)
    .option("--merge <dirs>", "combine the --out folders of finished fit shards (comma-separated; same study and options) and fit", collectList)
    .option("--keep-checkpoint", "keep the fit's run checkpoint after writing the fit")
    .option("--quiet", "no progress line")
    .addHelpText(
      "after",
      `
Examples:
  moat calibrate                                  # the observed moments, 2018-2024
  moat calibrate --report --seeds 20 --out out/calibration
  moat calibrate --report --scenario history --seeds 40 --seed 7 --size print
  moat calibrate --fit scenarios/calibration/history-abc.yaml --draws 20 --seeds 2 --accept 0.1   # a quick look
  moat calibrate --fit scenarios/calibration/history-abc.yaml --draws 20 --seeds 2 --fit-years 2020-2022   # fit 2020-2022, predict 2023-2024
  moat calibrate --fit scenarios/calibration/history-abc.yaml --draws 8 --seeds 2 --workers 2 --shard 1/2 --out shards/1
  moat calibrate --fit scenarios/calibration/history-abc.yaml --draws 8 --seeds 2 --workers 2 --shard 2/2 --out shards/2
  moat calibrate --fit scenarios/calibration/history-abc.yaml --draws 8 --seeds 2 --merge shards/1,shards/2 --out out/calibration
  moat calibrate --fit scenarios/calibration/history-abc.yaml --resume    # after Ctrl-C or a crash: finished runs are kept
  moat calibrate --fit scenarios/calibration/history-abc.yaml --accept 0.02   # the file's 1000 draws x 10 seeds, the closest 20`,
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
      if (options.fit !== undefined) {
        const code = await fitCommand(options.fit, options, records, { ...context, argv: context.argv ?? ["calibrate"] });
        if (code !== 0 || !options.report) {
          setExitCode(code);
          return;
        }
      }
      if (!options.report) {
        setExitCode(0);
        return;
      }

      const definition = normalizeStudy(
        { type: "run", scenario: options.scenario, seeds: options.seeds ?? 20, ...(options.seed !== undefined ? { masterSeed: options.seed } : {}) },
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
      const releaseLogs = plan.seeds.map((seed) => simulateReleases(scenario, seed).releases);
      const runs = releaseLogs.map((releases) => targetMoments(releases, fullYearsOf(scenario)));
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
      // who releases the large models of the last year: the model's side of the open-weight and outside-US moments
      const byKindYear = years[years.length - 1];
      const byKind = releasesByKind(releaseLogs, Object.keys(scenario.kinds), byKindYear, 1e24);
      const byKindCsv = join(options.out, "by-kind.csv");
      writeCsvFile(byKindCsv, [
        { name: "year", values: byKind.map(() => byKindYear) },
        { name: "min_training_flop", values: byKind.map(() => 1e24) },
        { name: "kind", values: byKind.map((r) => r.kind) },
        { name: "releases_per_run_mean", values: byKind.map((r) => r.perRun.mean) },
        { name: "releases_per_run_q05", values: byKind.map((r) => r.perRun.q05) },
        { name: "releases_per_run_q95", values: byKind.map((r) => r.perRun.q95) },
        { name: "share_of_releases", values: byKind.map((r) => r.shareOfReleases) },
        { name: "open_share", values: byKind.map((r) => r.openShare) },
        { name: "outside_home_share", values: byKind.map((r) => r.outsideHomeShare) },
      ]);
      written.push(byKindCsv);
      // the start check: the history's last quarter against the default scenario's first quarters, on the same seeds
      const defaultScenario = (await loadScenario(options.startScenario)).scenario;
      const historyEnd = plan.seeds.map((seed) => observeStart(scenario, seed, [scenario.periods - 1]).get(scenario.periods - 1)!);
      const twoYears = 2 * defaultScenario.periodsPerYear - 1;
      if (defaultScenario.periods <= twoYears)
        throw new UsageError([`moat calibrate: --start-scenario ${options.startScenario}: runs ${defaultScenario.periods} periods; expected at least two years (${twoYears + 1} periods)`]);
      const defaultRuns = plan.seeds.map((seed) => observeStart(defaultScenario, seed, [0, twoYears]));
      const start = startCheck(observedInYears, historyEnd, defaultRuns.map((r) => r.get(0)!), defaultRuns.map((r) => r.get(twoYears)!));
      const quarter = (s: { startYear: number; periodsPerYear: number }, period: number) => `${Math.floor(s.startYear + period / s.periodsPerYear)} Q${(period % s.periodsPerYear) + 1}`;
      const startContext = {
        history: scenario.name,
        historyEnd: quarter(scenario, scenario.periods - 1),
        defaultScenario: defaultScenario.name,
        defaultStart: quarter(defaultScenario, 0),
        defaultTwoYears: quarter(defaultScenario, 2 * defaultScenario.periodsPerYear - 1),
        seeds: plan.seeds.length,
      };
      const startCsv = join(options.out, "start.csv");
      writeCsvFile(startCsv, [
        { name: "quantity", values: start.map((r) => r.quantity.id) },
        { name: "unit", values: start.map((r) => r.quantity.unit) },
        { name: "data_moment", values: start.map((r) => r.quantity.data?.moment ?? null) },
        { name: "data_year", values: start.map((r) => r.data?.year ?? null) },
        { name: "data", values: start.map((r) => r.data?.value ?? null) },
        { name: "debate", values: start.map((r) => r.quantity.debate ?? null) },
        ...(["historyEnd", "defaultStart", "defaultTwoYears"] as const).flatMap((key) => {
          const prefix = key === "historyEnd" ? `${scenario.name} ${startContext.historyEnd}` : `${defaultScenario.name} ${key === "defaultStart" ? startContext.defaultStart : startContext.defaultTwoYears}`;
          const name = prefix.toLowerCase().replace(/[^a-z0-9]+/g, "_");
          return [
            { name: `${name}_mean`, values: start.map((r) => r[key].mean) },
            { name: `${name}_q05`, values: start.map((r) => r[key].q05) },
            { name: `${name}_q95`, values: start.map((r) => r[key].q95) },
          ];
        }),
        { name: "default_follows", values: start.map((r) => r.quantity.followed) },
        { name: "data_source", values: start.map(() => EPOCH_CREDIT) },
      ]);
      written.push(startCsv);
      const reportPath = join(options.out, "report.md");
      writeFileAtomic(
        reportPath,
        comparisonMarkdown(
          comparison,
          trends,
          { scenario: scenario.name, seeds: plan.seeds.length, masterSeed: plan.manifest.masterSeed, moatVersion: version },
          `${releasesByKindMarkdown(byKind, { scenario: scenario.name, seeds: plan.seeds.length, year: byKindYear, minFlop: 1e24 })}\n${startCheckMarkdown(start, startContext)}`,
        ),
      );
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
