// The output tables of a study written on worker threads (runs, summary, differences: see
// tables.ts), so that on n workers the tables take about the time of the largest one (runs) rather
// than of all of them: the runs table is one task, the others share the remaining workers. Each
// task reads the run files once and writes its tables' CSV and Parquet atomically; the manifest is
// written last, on the calling thread, once every table is there. On one worker everything is
// written on the calling thread (no thread to start, the run files read once). The bytes are those
// of writeStudyOutputs (the same functions on the same run files), whatever the number of workers.
import { OutputError } from "../io/atomic.js";
import type { StudyRecord } from "./checkpoint.js";
import { StudyError, hasProblems } from "./errors.js";
import { runEach, type WorkerPool } from "./pool.js";
import { outputTableNames, readRunsTable, writeManifest, writeOutputTable, writeStudyOutputs, type OutputTableName } from "./tables.js";
import { threadCpuMs } from "./environment.js";

export interface TableTask {
  outDir: string;
  record: StudyRecord;
  tables: OutputTableName[];
}

/** A task's outcome; errors travel as data, since a thread's error reaches the caller without its class. */
export type TableTaskResult =
  | { files: string[]; cpuMs?: number }
  | { outputError: { path: string; message: string; code?: string } }
  | { problems: string[] };

/** The worker side: write some tables of a study, from one reading of its run files. */
export default function writeTableTask(task: TableTask): TableTaskResult {
  const cpuAtStart = threadCpuMs();
  try {
    const runs = readRunsTable(task.outDir, task.record);
    const files = task.tables.flatMap((table) => writeOutputTable(task.outDir, task.record, table, runs));
    const cpuAtEnd = threadCpuMs();
    return { files, ...(cpuAtStart !== undefined && cpuAtEnd !== undefined ? { cpuMs: cpuAtEnd - cpuAtStart } : {}) };
  } catch (error) {
    if (error instanceof OutputError) return { outputError: { path: error.path, message: error.message, ...(error.code ? { code: error.code } : {}) } };
    if (hasProblems(error)) return { problems: error.problems };
    throw error;
  }
}

/**
 * The tables each task writes on `workers` threads: the first (largest) alone, the others dealt
 * out over the remaining threads; all in one task on one thread.
 */
export function tableTasks(tables: readonly OutputTableName[], workers: number): OutputTableName[][] {
  if (workers <= 1 || tables.length <= 1) return [[...tables]];
  const [largest, ...rest] = tables;
  const others = Math.min(workers - 1, rest.length);
  const tasks: OutputTableName[][] = [[largest], ...Array.from({ length: others }, () => [] as OutputTableName[])];
  rest.forEach((table, i) => tasks[1 + (i % others)].push(table));
  return tasks;
}

export interface TablesOnWorkers {
  files: string[];
  /** CPU ms of each task's thread (where the system says), in task order: the bench's figures */
  tableCpuMs: (number | undefined)[];
}

/**
 * Write every output table of a complete study on the pool's threads (on this thread when it has
 * one), then its manifest; throws the first table's error.
 */
export async function writeStudyOutputsOnWorkers(outDir: string, record: StudyRecord, pool: WorkerPool): Promise<TablesOnWorkers> {
  const tables = outputTableNames(record);
  if (pool.workers <= 1) {
    const cpuAtStart = threadCpuMs();
    const files = writeStudyOutputs(outDir, record);
    const cpuAtEnd = threadCpuMs();
    return { files, tableCpuMs: [cpuAtStart !== undefined && cpuAtEnd !== undefined ? cpuAtEnd - cpuAtStart : undefined] };
  }
  const tasks: TableTask[] = tableTasks(tables, pool.workers).map((group) => ({ outDir, record, tables: group }));
  const results = await runEach<TableTask, TableTaskResult>(pool, "table-workers", tasks);
  const files: string[] = [];
  const tableCpuMs: (number | undefined)[] = [];
  for (const result of results) {
    if ("outputError" in result) throw new OutputError(result.outputError.path, result.outputError.message, result.outputError.code);
    if ("problems" in result) throw new StudyError(result.problems);
    files.push(...result.files);
    tableCpuMs.push(result.cpuMs);
  }
  files.push(writeManifest(outDir, record));
  return { files, tableCpuMs };
}
