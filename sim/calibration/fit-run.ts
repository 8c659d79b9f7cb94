// The runs of a calibration fit through the experiment layer (I/O edge): the study file's
// Latin-hypercube draws are planned by `planStudy` and run by `runStudy` on the worker pool, each
// worker returning its run's target moments (sim/experiment/moment-task.ts), checkpointed run by
// run in <out>/.checkpoint/<study name>/, so a fit resumes, shards and merges like any study. When
// every run is there, the moments are read back in run order (draw by draw, seed by seed) and
// fitted: the same bytes whatever the number of workers or shards.
import { rmSync } from "node:fs";
import { join } from "node:path";
import { readRunFile } from "../experiment/checkpoint.js";
import { StudyError } from "../experiment/errors.js";
import { mergeShards } from "../experiment/merge.js";
import { momentsOfRunMetrics } from "../experiment/moment-task.js";
import { planStudy, runKeys, type StudyPlan } from "../experiment/plan.js";
import { checkOutDir, runStudy, type RunStudyOptions, type RunStudyResult } from "../experiment/runner.js";
import type { StudyDefinition } from "../experiment/study.js";
import type { Scenario } from "../scenario/schema.js";
import { EPOCH_YEARS } from "./data.js";
import { rejectionAbc, type AbcResult } from "./fit.js";
import { targetMoments, type ModelRelease, type MomentRow } from "./moments.js";
import { posteriorPredictive, rowsInYears, type PredictiveRow } from "./predictive.js";
import { fullYearsOf } from "./simulated.js";

/** Folder of the fit's checkpoint inside the output directory. */
export const FIT_CHECKPOINT = ".checkpoint";

export interface Prior {
  path: string;
  min: number;
  max: number;
  scale: "linear" | "log";
}

/** A planned fit: the study, the years compared and those fitted. */
export interface FitPlan {
  where: string;
  plan: StudyPlan;
  scenario: Scenario;
  /** every year both the scenario covers in full and the data hold */
  years: number[];
  /** the years whose moments the fit sees */
  fitYears: number[];
  priors: Prior[];
}

/** Plan the fit of a study definition (type sweep, one scenario, sample lhs: its ranges are the priors). Throws StudyError naming `where`. */
export async function planFit(definition: StudyDefinition, where: string, fitYearSpan?: { first: number; last: number }): Promise<FitPlan> {
  if (definition.type !== "sweep" || definition.sample.method !== "lhs" || definition.arms.length !== 1)
    throw new StudyError([`${where}: expected a study of type sweep over one scenario with sample: { method: lhs } (its ranges are the priors)`]);
  const plan = await planStudy(definition, where);
  const scenarios = plan.scenarios[0];
  if (scenarios.some((s) => s.regime !== null)) throw new StudyError([`${where}: expected a scenario with no regime (the data describe a market before licensing)`]);
  const years = fullYearsOf(scenarios[0]).filter((y) => EPOCH_YEARS.includes(y));
  if (years.length === 0) throw new StudyError([`${where}: the scenario covers no full year of the data (${EPOCH_YEARS[0]}-${EPOCH_YEARS[EPOCH_YEARS.length - 1]})`]);
  let fitYears = years;
  if (fitYearSpan !== undefined) {
    const { first, last } = fitYearSpan;
    if (first < years[0] || last > years[years.length - 1])
      throw new StudyError([
        `moat calibrate: --fit-years ${first}-${last}: expected years within those scenario ${scenarios[0].name} covers in full and the data hold (${years[0]}-${years[years.length - 1]})`,
      ]);
    fitYears = years.filter((y) => y >= first && y <= last);
  }
  const priors = definition.vary.ranges.map((r) => ({ path: r.path, min: r.min, max: r.max, scale: r.scale ?? ("linear" as const) }));
  return { where, plan, scenario: scenarios[0], years, fitYears, priors };
}

/** The study folder of a fit's checkpoint. */
export function fitStudyDir(outDir: string, fit: FitPlan): string {
  return join(outDir, FIT_CHECKPOINT, fit.plan.definition.name);
}

/** Run (or continue, or run a shard of) the fit's runs into outDir's checkpoint. */
export async function runFitRuns(fit: FitPlan, outDir: string, options: Omit<RunStudyOptions, "outDir" | "tables" | "output">): Promise<RunStudyResult> {
  const studyDir = fitStudyDir(outDir, fit);
  checkOutDir(studyDir, fit.plan, options);
  return runStudy(fit.plan, { ...options, outDir: studyDir, tables: false, output: "moments" });
}

/** Combine the checkpoints of fit shards (each `--shard k/n --out <dir>`, same study and options) into outDir's checkpoint. */
export function mergeFitShards(fit: FitPlan, shardDirs: readonly string[], outDir: string): void {
  mergeShards(
    shardDirs.map((dir) => fitStudyDir(dir, fit)),
    fitStudyDir(outDir, fit),
    { tables: false },
  );
}

/** Every run's moments from the checkpoint, `[draw][seed]` in run order (every run must be there). */
export function readFitMoments(fit: FitPlan, outDir: string): MomentRow[][][] {
  const studyDir = fitStudyDir(outDir, fit);
  const simulated = fit.plan.points.map(() => [] as MomentRow[][]);
  for (const run of runKeys(fit.plan)) simulated[run.point].push(momentsOfRunMetrics(readRunFile(studyDir, run, fit.plan)));
  return simulated;
}

/** Remove the fit's checkpoint once its outputs are written. */
export function removeFitCheckpoint(outDir: string): void {
  rmSync(join(outDir, FIT_CHECKPOINT), { recursive: true, force: true });
}

export interface FitOutcome {
  result: AbcResult;
  predictive: PredictiveRow[];
}

/** Rejection ABC on the fit years' moments, and the posterior predictive for every year. */
export function fitMoments(fit: FitPlan, simulated: readonly MomentRow[][][], records: readonly ModelRelease[], acceptShare: number): FitOutcome {
  const params = fit.plan.points.map((point) => Object.fromEntries(fit.priors.map((p) => [p.path, Number(point[p.path])])));
  // the fit sees the fit years' moments only, on both sides; the predictive covers every year
  const dataMoments = targetMoments(records, fit.years);
  const fitted = simulated.map((seeds) => seeds.map((rows) => rowsInYears(rows, fit.fitYears)));
  const result = rejectionAbc(rowsInYears(dataMoments, fit.fitYears), fitted, params, fit.priors, acceptShare);
  const predictive = posteriorPredictive(
    dataMoments,
    result.draws.filter((d) => d.accepted).flatMap((d) => simulated[d.point]),
    fit.years,
    fit.fitYears,
  );
  return { result, predictive };
}
