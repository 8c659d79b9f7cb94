// Runs a planned study into its output directory: locks it (one moat per folder), checks it (a different study there
// is an error; the same one continues only with --resume), records the plan, runs what is not yet
// finished on the worker pool (checkpointing each run as it ends), and when every run of the
// study is there writes the tables on the same threads (table-workers.ts). A shard runs only its
// slice and leaves the tables to `moat merge`.
import { existsSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { StudyError } from "./errors.js";
import { isTemporaryName } from "../io/atomic.js";
import { lockFolder } from "../io/lock.js";
import {
  checkpointDir,
  finishedRunFiles,
  readStudyRecord,
  runFileName,
  runFileStudyHash,
  studyRecordOf,
  verifyRunFiles,
  writeRunFileAsync,
  writeStudyRecord,
} from "./checkpoint.js";
import { inShard, runAt, type RunKey, type StudyPlan } from "./plan.js";
import { runTasks, workerPool, type WorkerPool } from "./pool.js";
import { createProgress } from "./progress.js";
import { writeStudyOutputsOnWorkers } from "./table-workers.js";
import type { RunOutput, RunTaskResult } from "./worker.js";

export interface Shard {
  /** 1-based */
  index: number;
  count: number;
}

export interface RunStudyOptions {
  outDir: string;
  workers: number;
  /** continue the study already in outDir */
  resume?: boolean;
  /** discard whatever study is in outDir and start over */
  fresh?: boolean;
  shard?: Shard;
  /** abort (Ctrl-C): runs in flight are dropped, finished ones stay checkpointed */
  signal?: AbortSignal;
  /** called on SIGINT or SIGTERM while runs are going (the caller aborts `signal`); unset: signals are left alone */
  onInterrupt?: () => void;
  progress?: { stream: NodeJS.WriteStream; enabled: boolean };
  /** the command line, recorded in the folder's lock (default: the study's type and name) */
  command?: string;
  /** each run's result as it arrives (the bench reads the workers' memory from it) */
  onRun?: (result: RunTaskResult) => void;
  /** false: keep only the checkpoint, write no tables (the claims report reads the run files) */
  tables?: boolean;
  /** what each run returns (default "metrics"; "moments": the calibration's target moments, with `tables: false`) */
  output?: RunOutput;
}

export interface RunStudyResult {
  outDir: string;
  /** runs of the study (or of the shard) */
  total: number;
  /** runs found finished in the checkpoint and not redone */
  reused: number;
  /** runs done by this call */
  ran: number;
  interrupted: boolean;
  /** every run of the whole study is finished (and the tables are written, unless `tables: false`) */
  complete: boolean;
  files: string[];
  /** distinct warnings the runs of this call reported */
  warnings: string[];
  /** CPU ms of each task that wrote tables (where the system says; the bench reads it) */
  tableCpuMs?: (number | undefined)[];
}

export const OUTPUT_FILES = [
  "manifest.json",
  "runs.csv",
  "runs.parquet",
  "summary.csv",
  "summary.parquet",
  "differences.csv",
  "differences.parquet",
] as const;

/** Remove a study's checkpoint and tables (nothing else in the directory). */
export function removeStudy(outDir: string): void {
  rmSync(checkpointDir(outDir), { recursive: true, force: true });
  for (const file of OUTPUT_FILES) rmSync(join(outDir, file), { force: true });
}

/**
 * What the output directory holds, checked before anything is written: throws StudyError when it
 * holds another study, or this one without --resume / --fresh.
 */
export function checkOutDir(outDir: string, plan: StudyPlan, options: Pick<RunStudyOptions, "resume" | "fresh">): "new" | "resume" | "fresh" {
  if (options.fresh) return "fresh";
  const existing = readStudyRecord(outDir); // throws, naming the file, when it is damaged
  const finished = finishedRunFiles(outDir);
  if (!existing) {
    if (finished.size === 0) return "new";
    // run files without their study record: they count only for the study named in their headers
    const foreign = [...finished].map((name) => runFileStudyHash(join(checkpointDir(outDir), name))).filter((hash) => hash !== plan.hash);
    if (foreign.length > 0) {
      const hash = foreign.find((h) => h !== undefined);
      throw new StudyError([
        `${outDir}: .runs/ holds ${foreign.length} run files of another study${hash ? ` (hash ${hash.slice(0, 12)})` : ""} and no study.json: use another --out, or --fresh to discard them`,
      ]);
    }
    if (!options.resume)
      throw new StudyError([`${outDir}: .runs/ holds ${finished.size} run files of this study but no study.json: add --resume to continue it, or --fresh to start over`]);
    return "resume";
  }
  if (existing.hash !== plan.hash) {
    throw new StudyError([
      `${outDir}: holds a different study (${existing.manifest.study.name}, hash ${existing.hash.slice(0, 12)}, ${finished.size} of ${existing.runCount} runs finished) than this one (hash ${plan.hash.slice(0, 12)}): use another --out, or --fresh to discard it`,
    ]);
  }
  if (!options.resume) {
    throw new StudyError([
      `${outDir}: already holds this study (${finished.size} of ${existing.runCount} runs finished): add --resume to continue it, or --fresh to start over`,
    ]);
  }
  return "resume";
}

export async function runStudy(plan: StudyPlan, options: RunStudyOptions): Promise<RunStudyResult> {
  // one writer per folder: a second moat on it is refused (a killed one's lock is taken over)
  const lock = lockFolder(options.outDir, options.command ?? `moat ${plan.definition.type} ${plan.definition.name}`);
  // the same threads do the runs, then the tables (started on first use)
  const pool = workerPool(Math.max(1, options.workers));
  try {
    return await runStudyLocked(plan, options, pool);
  } finally {
    try {
      await pool.destroy();
    } finally {
      lock.release();
    }
  }
}

async function runStudyLocked(plan: StudyPlan, options: RunStudyOptions, pool: WorkerPool): Promise<RunStudyResult> {
  const { outDir } = options;
  const state = checkOutDir(outDir, plan, options);
  if (state === "fresh") removeStudy(outDir);
  // on resume the recorded plan (same hash) is kept as written, so the tables match an uninterrupted run
  const record = (state === "resume" ? readStudyRecord(outDir) : undefined) ?? studyRecordOf(plan);
  removeStaleTemporaryFiles(outDir);
  // a finished run counts only when its file checks out (length, SHA-256, study, arm)
  const verified = verifyRunFiles(outDir, record);
  if (verified.problems.length > 0) throw new StudyError(verified.problems.slice(0, 20).concat(verified.problems.length > 20 ? [`... and ${verified.problems.length - 20} more`] : []));
  if (!existsSync(join(checkpointDir(outDir), "study.json"))) writeStudyRecord(outDir, record);

  const finished = verified.finished;
  // runs are made on demand in run order: nothing here grows with the number of runs but the set of finished ones
  const total = shardRunCount(plan.runCount, options.shard);
  let reused = 0;
  for (const name of finished) if (inShard(runAt(plan, runIndexOfFileName(plan, name)), options.shard)) reused++;
  function* todo(): Generator<RunKey> {
    for (let index = 0; index < plan.runCount; index++) {
      const run = runAt(plan, index);
      if (inShard(run, options.shard) && !finished.has(runFileName(run))) yield run;
    }
  }

  const progress = createProgress({
    label: plan.definition.name + (options.shard ? ` (shard ${options.shard.index}/${options.shard.count})` : ""),
    total,
    reused,
    stream: options.progress?.stream ?? process.stderr,
    enabled: options.progress?.enabled ?? false,
  });
  let ran = 0;
  const warnings = new Set<string>();
  let aborted = false;
  // Ctrl-C (SIGINT) and SIGTERM stop the study only while runs are going: the event loop is free
  // then (runs are on worker threads), so the signal is acted on at once; outside this phase the
  // default handling ends the process, which leaves no half-written file either.
  const stopOnSignal = () => options.onInterrupt?.();
  if (options.onInterrupt) {
    process.on("SIGINT", stopOnSignal);
    process.on("SIGTERM", stopOnSignal);
  }
  try {
    const outcome = await runTasks(todo(), {
      pool,
      workers: options.workers,
      signal: options.signal,
      toTask: (run) => ({ scenario: plan.scenarios[run.arm][run.point], seed: run.seed, metrics: plan.definition.metrics, ...(options.output ? { output: options.output } : {}) }),
      // the checkpoint is flushed off the main thread, which meanwhile hands the next runs to the workers
      onResult: async (_, result, run) => {
        await writeRunFileAsync(outDir, record, run, result);
        ran++;
        for (const w of result.warnings) warnings.add(w);
        options.onRun?.(result);
        progress.update(reused + ran);
      },
    });
    aborted = outcome.aborted;
  } finally {
    if (options.onInterrupt) {
      process.off("SIGINT", stopOnSignal);
      process.off("SIGTERM", stopOnSignal);
    }
    progress.finish();
  }

  const result: RunStudyResult = { outDir, total, reused, ran, interrupted: aborted, complete: false, files: [], warnings: [...warnings] };
  if (aborted) return result;
  if (finishedRunFiles(outDir).size === plan.runCount) {
    if (options.tables !== false) {
      const tables = await writeStudyOutputsOnWorkers(outDir, record, pool);
      result.files = tables.files;
      result.tableCpuMs = tables.tableCpuMs;
    }
    result.complete = true;
  }
  return result;
}

/** Runs of a study that fall to a shard (run i to shard (i mod n) + 1). */
export function shardRunCount(runCount: number, shard: Shard | undefined): number {
  if (!shard) return runCount;
  return Math.floor(runCount / shard.count) + (shard.index - 1 < runCount % shard.count ? 1 : 0);
}

/** The run number a run file name stands for (`<arm>-<point>-<seedIndex>.json`). */
function runIndexOfFileName(plan: Pick<StudyPlan, "points" | "seeds">, name: string): number {
  const [arm, point, seedIndex] = name.slice(0, -".json".length).split("-").map(Number);
  return (arm * plan.points.length + point) * plan.seeds.length + seedIndex;
}

/** Temporary files a killed process left behind (never a finished run: those are renamed into place). */
export function removeStaleTemporaryFiles(outDir: string): void {
  for (const dir of [outDir, checkpointDir(outDir)]) {
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir)) if (isTemporaryName(name)) rmSync(join(dir, name), { force: true });
  }
}

/** True when `dir` holds a study checkpoint. */
export function isStudyDir(dir: string): boolean {
  return existsSync(join(checkpointDir(dir), "study.json"));
}

/** Bytes of a file, or undefined when absent. */
export function readBytes(path: string): Buffer | undefined {
  return existsSync(path) ? readFileSync(path) : undefined;
}
