// `moat merge`: combines the checkpoints of the shards of one study (each made with --shard k/n,
// on any machines) into one study directory, and writes the tables exactly as a one-machine run
// of the study would: the run files are the same bytes whoever produced them, and the tables
// are assembled from them in run order.
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { writeFileAtomic } from "../io/atomic.js";
import { lockFolder } from "../io/lock.js";
import { checkpointDir, readStudyRecord, runFileName, runsOf, verifyRunFiles, writeStudyRecord, type StudyRecord } from "./checkpoint.js";
import { StudyError } from "./errors.js";
import { writeStudyOutputs } from "./tables.js";

export interface MergeResult {
  outDir: string;
  runs: number;
  files: string[];
}

/** Check the shards before anything is written; returns their common study record and, by folder, its run files that check out. */
export function checkShards(shardDirs: readonly string[], outDir: string): { record: StudyRecord; present: Map<string, Set<string>> } {
  const problems: string[] = [];
  if (shardDirs.length === 0) problems.push("moat merge: expected at least one shard directory");
  const records: { dir: string; record: StudyRecord }[] = [];
  for (const dir of shardDirs) {
    let record: StudyRecord | undefined;
    try {
      record = readStudyRecord(dir);
    } catch (error) {
      problems.push(error instanceof StudyError ? error.problems[0] : `${dir}: .runs/study.json is unreadable`);
      continue;
    }
    if (!record) problems.push(`${dir}: not a study directory (no .runs/study.json; expected the --out of a moat run/compare/sweep/study with --shard)`);
    else records.push({ dir, record });
  }
  if (problems.length > 0) throw new StudyError(problems);
  const first = records[0];
  for (const { dir, record } of records.slice(1))
    if (record.hash !== first.record.hash)
      problems.push(`${dir}: belongs to another study (${record.manifest.study.name}, hash ${record.hash.slice(0, 12)}) than ${first.dir} (${first.record.manifest.study.name}, hash ${first.record.hash.slice(0, 12)})`);
  let target: StudyRecord | undefined;
  try {
    target = readStudyRecord(outDir);
  } catch (error) {
    problems.push(error instanceof StudyError ? error.problems[0] : `${outDir}: .runs/study.json is unreadable`);
  }
  if (target && target.hash !== first.record.hash)
    problems.push(`${outDir}: already holds a different study (${target.manifest.study.name}, hash ${target.hash.slice(0, 12)}): choose another --out`);
  if (problems.length > 0) throw new StudyError(problems);

  // every run file counts only when it checks out for this study (length, SHA-256, study, arm)
  const present: Set<string>[] = [];
  for (const dir of [...records.map((r) => r.dir), ...(target ? [outDir] : [])]) {
    const verified = verifyRunFiles(dir, first.record);
    problems.push(...verified.problems);
    present.push(verified.finished);
  }
  if (problems.length > 0) throw new StudyError(problems.slice(0, 20).concat(problems.length > 20 ? [`... and ${problems.length - 20} more`] : []));
  const missing = runsOf(first.record).filter((run) => !present.some((files) => files.has(runFileName(run))));
  if (missing.length > 0) {
    const examples = missing.slice(0, 5).map((run) => `run ${run.index} (arm ${first.record.armNames[run.arm]}, point ${run.point}, seed ${run.seed})`);
    throw new StudyError([
      `moat merge: ${missing.length} of ${first.record.runCount} runs of study ${first.record.manifest.study.name} are in none of the shards, e.g. ${examples.join(", ")}; with --shard k/n, run i belongs to shard (i mod n) + 1: finish those shards (rerun them with --resume) and merge again`,
    ]);
  }
  return { record: first.record, present: new Map([...records.map((r) => r.dir), ...(target ? [outDir] : [])].map((dir, i) => [dir, present[i]])) };
}

/** Copy the shards' run files into outDir's checkpoint and write the tables (unless `tables: false`). */
export function mergeShards(shardDirs: readonly string[], outDir: string, options: { tables?: boolean } = {}): MergeResult {
  const lock = lockFolder(outDir, `moat merge ${shardDirs.join(" ")} --out ${outDir}`);
  try {
    return mergeShardsLocked(shardDirs, outDir, options);
  } finally {
    lock.release();
  }
}

function mergeShardsLocked(shardDirs: readonly string[], outDir: string, options: { tables?: boolean }): MergeResult {
  const { record, present } = checkShards(shardDirs, outDir);
  writeStudyRecord(outDir, record);
  const target = resolve(outDir);
  const already = present.get(outDir) ?? new Set<string>();
  for (const run of runsOf(record)) {
    const name = runFileName(run);
    if (already.has(name)) continue;
    const source = shardDirs.find((dir) => resolve(dir) !== target && present.get(dir)?.has(name) === true);
    if (source === undefined) continue;
    writeFileAtomic(join(checkpointDir(outDir), name), readFileSync(join(checkpointDir(source), name)), { verify: true });
  }
  const files = options.tables === false ? [] : writeStudyOutputs(outDir, record);
  return { outDir, runs: record.runCount, files };
}
