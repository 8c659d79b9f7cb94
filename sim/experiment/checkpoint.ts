// A study's checkpoint: `<out>/.runs/` holds `study.json` (the plan: hash, manifest, arms, points,
// seeds) and one file per finished run, `<arm>-<point>-<seedIndex>.json`, each written atomically
// (temporary file, fsync, rename) the moment the run ends. A run is finished exactly when its file
// exists, so a study killed at any instant (SIGINT or SIGKILL) resumes without redoing a finished
// run, and the output tables are always assembled from these files, in run order, whether the
// runs came from one process, a resumed one, or several shards.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic, writeJsonAtomic } from "../io/atomic.js";
import type { RunKey, StudyManifest, StudyPlan } from "./plan.js";
import type { Point } from "./sampling.js";
import type { RunMetrics } from "./worker.js";

export const CHECKPOINT_DIR = ".runs";

/** What .runs/study.json holds: everything needed to assemble the outputs without the scenarios. */
export interface StudyRecord {
  format: 1;
  hash: string;
  manifest: StudyManifest;
  armNames: string[];
  baseline: string | null;
  parameterPaths: string[];
  points: Point[];
  seeds: number[];
  runCount: number;
}

export function checkpointDir(outDir: string): string {
  return join(outDir, CHECKPOINT_DIR);
}

export function runFileName(run: Pick<RunKey, "arm" | "point" | "seedIndex">): string {
  return `${run.arm}-${run.point}-${run.seedIndex}.json`;
}

export function studyRecordOf(plan: StudyPlan): StudyRecord {
  return {
    format: 1,
    hash: plan.hash,
    manifest: plan.manifest,
    armNames: plan.armNames,
    baseline: plan.definition.baseline ?? null,
    parameterPaths: plan.parameterPaths,
    points: plan.points,
    seeds: plan.seeds,
    runCount: plan.runs.length,
  };
}

/** The runs of a study record, in run order (arm, point, seed). */
export function runsOf(record: StudyRecord): RunKey[] {
  const runs: RunKey[] = [];
  for (let arm = 0; arm < record.armNames.length; arm++)
    for (let point = 0; point < record.points.length; point++)
      for (let seedIndex = 0; seedIndex < record.seeds.length; seedIndex++) runs.push({ index: runs.length, arm, point, seedIndex, seed: record.seeds[seedIndex] });
  return runs;
}

export function readStudyRecord(outDir: string): StudyRecord | undefined {
  const path = join(checkpointDir(outDir), "study.json");
  if (!existsSync(path)) return undefined;
  return JSON.parse(readFileSync(path, "utf8")) as StudyRecord;
}

export function writeStudyRecord(outDir: string, record: StudyRecord): void {
  writeJsonAtomic(join(checkpointDir(outDir), "study.json"), record);
}

/** Names of the run files present (finished runs). Temporary files start with a dot and are ignored. */
export function finishedRunFiles(outDir: string): Set<string> {
  const dir = checkpointDir(outDir);
  if (!existsSync(dir)) return new Set();
  return new Set(readdirSync(dir).filter((f) => /^\d+-\d+-\d+\.json$/.test(f)));
}

// JSON has no NaN or infinities: they are stored as the strings "NaN", "Inf", "-Inf".
function encodeNumber(x: number): number | string {
  if (Number.isFinite(x)) return x;
  return Number.isNaN(x) ? "NaN" : x > 0 ? "Inf" : "-Inf";
}

function decodeNumber(x: number | string): number {
  if (typeof x === "number") return x;
  return x === "Inf" ? Number.POSITIVE_INFINITY : x === "-Inf" ? Number.NEGATIVE_INFINITY : Number.NaN;
}

interface RunFile {
  arm: string;
  point: number;
  seedIndex: number;
  seed: number;
  metricNames: string[];
  period: number[];
  year: number[];
  metric: number[];
  value: (number | string)[];
  warnings: string[];
}

export function writeRunFile(outDir: string, armName: string, run: RunKey, metrics: RunMetrics): void {
  const file: RunFile = {
    arm: armName,
    point: run.point,
    seedIndex: run.seedIndex,
    seed: run.seed,
    metricNames: metrics.metricNames,
    period: Array.from(metrics.period),
    year: Array.from(metrics.year),
    metric: Array.from(metrics.metric),
    value: Array.from(metrics.value, encodeNumber),
    warnings: metrics.warnings,
  };
  writeFileAtomic(join(checkpointDir(outDir), runFileName(run)), `${JSON.stringify(file)}\n`);
}

export function readRunFile(outDir: string, run: RunKey): RunMetrics {
  const path = join(checkpointDir(outDir), runFileName(run));
  const file = JSON.parse(readFileSync(path, "utf8")) as RunFile;
  if (file.seed !== run.seed || file.point !== run.point || file.seedIndex !== run.seedIndex)
    throw new Error(`${path}: holds seed ${file.seed} point ${file.point}, expected seed ${run.seed} point ${run.point}`);
  return {
    metricNames: file.metricNames,
    period: Int32Array.from(file.period),
    year: Float64Array.from(file.year),
    metric: Int32Array.from(file.metric),
    value: Float64Array.from(file.value, decodeNumber),
    warnings: file.warnings,
  };
}
