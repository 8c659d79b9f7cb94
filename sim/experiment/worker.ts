// The worker-thread side of the pool (loaded by piscina from dist/): one task = one simulation
// run of a scenario and seed, returned as compact metric columns (a calibration run: its target
// moments in the same columns, see moment-task.ts). The simulation itself is the portable engine;
// this file only adapts it to a worker.
import { threadId } from "node:worker_threads";
import { simulate } from "../simulate.js";
import { threadCpuMs } from "./environment.js";
import type { Scenario } from "../scenario/schema.js";
import { metricSelected } from "./metric-filter.js";
import { runMoments } from "./moment-task.js";

/** What a run returns: the scenario's metrics (every study), or the calibration's target moments (`moat calibrate --fit`). */
export type RunOutput = "metrics" | "moments";

export interface RunTask {
  scenario: Scenario;
  seed: number;
  /** keep only these metrics (see metricSelected) */
  metrics?: string[];
  /** default "metrics" */
  output?: RunOutput;
}

/** One run's metrics in long form, as columns: row r is (period[r], year[r], metricNames[metric[r]], value[r]). */
export interface RunMetrics {
  metricNames: string[];
  period: Int32Array;
  year: Float64Array;
  metric: Int32Array;
  value: Float64Array;
  warnings: string[];
}

export interface RunTaskResult extends RunMetrics {
  /** peak resident memory of the worker's process so far, bytes (shared by all threads) */
  maxRssBytes: number;
  /** V8 heap used by this worker thread after the run, bytes */
  heapUsedBytes: number;
  /** the worker thread, and the CPU time it has used so far (ms; undefined where the system does not say, e.g. off Linux): the bench's utilisation of each worker */
  threadId: number;
  threadCpuMs?: number;
}

// Test hook: a delay per run, so a test can interrupt a study part-way. Never set in normal use.
const testDelayMs = Number(process.env.MOAT_TEST_RUN_DELAY_MS ?? 0);

export function runMetrics(task: RunTask): RunMetrics {
  const result = simulate(task.scenario, task.seed, { recordFirms: false });
  const names: string[] = [];
  const indexOf = new Map<string, number>();
  const kept = result.metrics.filter((row) => metricSelected(row.metric, task.metrics));
  const period = new Int32Array(kept.length);
  const year = new Float64Array(kept.length);
  const metric = new Int32Array(kept.length);
  const value = new Float64Array(kept.length);
  kept.forEach((row, r) => {
    let id = indexOf.get(row.metric);
    if (id === undefined) {
      id = names.length;
      names.push(row.metric);
      indexOf.set(row.metric, id);
    }
    period[r] = row.period;
    year[r] = row.year;
    metric[r] = id;
    value[r] = row.value;
  });
  return { metricNames: names, period, year, metric, value, warnings: result.warnings };
}

export default function runTask(task: RunTask): RunTaskResult {
  if (testDelayMs > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, testDelayMs);
  const metrics = task.output === "moments" ? runMoments(task.scenario, task.seed) : runMetrics(task);
  return { ...metrics, maxRssBytes: process.resourceUsage().maxRSS * 1024, heapUsedBytes: process.memoryUsage().heapUsed, threadId, threadCpuMs: threadCpuMs() };
}
