// A study's checkpoint: `<out>/.runs/` holds `study.json` (the plan: hash, manifest, arms, points,
// seeds) and one file per finished run, `<arm>-<point>-<seedIndex>.json`, each written atomically
// (temporary file, fsync, rename) the moment the run ends. A run file starts with a header line
// naming its study (hash), arm, point and seed and the length and SHA-256 of the rest; it counts
// as finished only when all of these check out, so a file cut short by a full disk, damaged
// afterwards, or copied in from another study is never taken for a finished run: it is named in
// an error with the way out. A study killed at any instant (SIGINT or SIGKILL) resumes without
// redoing a finished run, and the output tables are always assembled from these files, in run
// order, whether the runs came from one process, a resumed one, or several shards.
import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic, writeFileAtomicAsync, writeJsonAtomic } from "../io/atomic.js";
import { StudyError } from "./errors.js";
import { runKeys, type RunKey, type StudyManifest, type StudyPlan } from "./plan.js";
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
    runCount: plan.runCount,
  };
}

/** The runs of a study record, in run order (arm, point, seed). */
export function runsOf(record: StudyRecord): RunKey[] {
  return [...runKeys(record)];
}

/** .runs/study.json of `outDir`, or undefined when there is none; throws (naming the file) when it is damaged. */
export function readStudyRecord(outDir: string): StudyRecord | undefined {
  const path = join(checkpointDir(outDir), "study.json");
  if (!existsSync(path)) return undefined;
  let record: Partial<StudyRecord>;
  try {
    record = JSON.parse(readFileSync(path, "utf8")) as Partial<StudyRecord>;
  } catch (error) {
    throw new StudyError([`${path}: damaged study record (${(error as Error).message.split("\n")[0]}): start over with --fresh, or use another --out`]);
  }
  if (typeof record.hash !== "string" || !Array.isArray(record.armNames) || !Array.isArray(record.points) || !Array.isArray(record.seeds))
    throw new StudyError([`${path}: damaged study record (hash, armNames, points or seeds missing): start over with --fresh, or use another --out`]);
  return record as StudyRecord;
}

export function writeStudyRecord(outDir: string, record: StudyRecord): void {
  writeJsonAtomic(join(checkpointDir(outDir), "study.json"), record, { verify: true });
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

/** The first line of a run file: what it belongs to and how to check the rest. */
interface RunFileHeader {
  moatRun: 2;
  /** hash of the study the run belongs to (StudyRecord.hash) */
  study: string;
  arm: string;
  point: number;
  seedIndex: number;
  seed: number;
  /** length in bytes and SHA-256 (hex) of everything after the header line */
  bytes: number;
  sha256: string;
}

interface RunFileBody {
  metricNames: string[];
  period: number[];
  year: number[];
  metric: number[];
  value: (number | string)[];
  warnings: string[];
}

/** What a run file is checked against: the study it must belong to. */
export type RunFileStudy = Pick<StudyRecord, "hash" | "armNames">;

const DAMAGED_WAY_OUT = "delete it (the run is redone with --resume) or start over with --fresh";

function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** The bytes of a run file: a header line (study, arm, run, length and SHA-256 of the body), then the body. */
export function runFileBytes(study: RunFileStudy, run: RunKey, metrics: RunMetrics): Buffer {
  const body: RunFileBody = {
    metricNames: metrics.metricNames,
    period: Array.from(metrics.period),
    year: Array.from(metrics.year),
    metric: Array.from(metrics.metric),
    value: Array.from(metrics.value, encodeNumber),
    warnings: metrics.warnings,
  };
  const bodyBytes = Buffer.from(`${JSON.stringify(body)}\n`, "utf8");
  const header: RunFileHeader = {
    moatRun: 2,
    study: study.hash,
    arm: study.armNames[run.arm],
    point: run.point,
    seedIndex: run.seedIndex,
    seed: run.seed,
    bytes: bodyBytes.length,
    sha256: sha256Hex(bodyBytes),
  };
  return Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`, "utf8"), bodyBytes]);
}

/** Checkpoint one finished run; the file counts only once its length and SHA-256 on disk check out. */
export function writeRunFile(outDir: string, study: RunFileStudy, run: RunKey, metrics: RunMetrics): void {
  writeFileAtomic(join(checkpointDir(outDir), runFileName(run)), runFileBytes(study, run, metrics), { verify: true });
}

/** writeRunFile without blocking the event loop (the runner's checkpoint while runs go on). */
export async function writeRunFileAsync(outDir: string, study: RunFileStudy, run: RunKey, metrics: RunMetrics): Promise<void> {
  await writeFileAtomicAsync(join(checkpointDir(outDir), runFileName(run)), runFileBytes(study, run, metrics), { verify: true });
}

/** The header of a run file's bytes, or undefined when it has none (cut before its first line ends, or not a run file). */
function parseHeader(bytes: Buffer): RunFileHeader | undefined {
  const end = bytes.indexOf(0x0a);
  if (end < 0) return undefined;
  try {
    const header = JSON.parse(bytes.subarray(0, end).toString("utf8")) as Partial<RunFileHeader>;
    if (header.moatRun !== 2 || typeof header.study !== "string" || typeof header.bytes !== "number" || typeof header.sha256 !== "string") return undefined;
    return header as RunFileHeader;
  } catch {
    return undefined;
  }
}

/**
 * Check a run file's bytes: its header, its body's length and SHA-256, the study it belongs to and
 * the run it holds. Returns the problem in one line naming the file and the way out, or the body.
 */
export function checkRunFileBytes(path: string, bytes: Buffer, study: RunFileStudy, run: RunKey): { problem: string } | { body: Buffer } {
  const header = parseHeader(bytes);
  if (!header) return { problem: `${path}: damaged run file (no valid header line; cut short, or written by an older moat): ${DAMAGED_WAY_OUT}` };
  if (header.study !== study.hash)
    return { problem: `${path}: belongs to another study (hash ${header.study.slice(0, 12)}), not to this one (hash ${study.hash.slice(0, 12)}): delete it, or start over with --fresh` };
  const arm = study.armNames[run.arm];
  if (header.arm !== arm || header.point !== run.point || header.seedIndex !== run.seedIndex || header.seed !== run.seed)
    return {
      problem: `${path}: holds arm ${header.arm} point ${header.point} seed ${header.seed}, expected arm ${arm} point ${run.point} seed ${run.seed}: ${DAMAGED_WAY_OUT}`,
    };
  const body = bytes.subarray(bytes.indexOf(0x0a) + 1);
  if (body.length !== header.bytes)
    return { problem: `${path}: damaged run file (${body.length} bytes of data, its header says ${header.bytes}): ${DAMAGED_WAY_OUT}` };
  if (sha256Hex(body) !== header.sha256) return { problem: `${path}: damaged run file (its SHA-256 does not match its header): ${DAMAGED_WAY_OUT}` };
  return { body };
}

/** The study hash a run file names in its header (undefined when it has no valid header). */
export function runFileStudyHash(path: string): string | undefined {
  try {
    return parseHeader(readFileSync(path))?.study;
  } catch {
    return undefined;
  }
}

/**
 * The run files in `outDir` that check out for `study` (length, SHA-256, study, arm, run), and one
 * problem line per file that does not (damaged or foreign).
 */
export function verifyRunFiles(outDir: string, study: RunFileStudy & Pick<StudyRecord, "points" | "seeds">): { finished: Set<string>; problems: string[] } {
  const finished = new Set<string>();
  const problems: string[] = [];
  for (const name of finishedRunFiles(outDir)) {
    const [arm, point, seedIndex] = name.slice(0, -".json".length).split("-").map(Number);
    const path = join(checkpointDir(outDir), name);
    if (arm >= study.armNames.length || point >= study.points.length || seedIndex >= study.seeds.length) {
      problems.push(`${path}: names a run this study does not have (arm ${arm}, point ${point}, seed ${seedIndex}): delete it, or start over with --fresh`);
      continue;
    }
    const run: RunKey = { index: -1, arm, point, seedIndex, seed: study.seeds[seedIndex] };
    const checked = checkRunFileBytes(path, readFileSync(path), study, run);
    if ("problem" in checked) problems.push(checked.problem);
    else finished.add(name);
  }
  return { finished, problems };
}

export function readRunFile(outDir: string, run: RunKey, study: RunFileStudy): RunMetrics {
  const path = join(checkpointDir(outDir), runFileName(run));
  const checked = checkRunFileBytes(path, readFileSync(path), study, run);
  if ("problem" in checked) throw new StudyError([checked.problem]);
  const file = JSON.parse(checked.body.toString("utf8")) as RunFileBody;
  return {
    metricNames: file.metricNames,
    period: Int32Array.from(file.period),
    year: Float64Array.from(file.year),
    metric: Int32Array.from(file.metric),
    value: Float64Array.from(file.value, decodeNumber),
    warnings: file.warnings,
  };
}
