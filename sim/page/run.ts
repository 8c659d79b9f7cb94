// What the page's web worker does for one task: run one scenario with one seed and return its
// metric table. It calls the engine's `simulate` exactly as the CLI does; the page's arm without
// the regime is the scenario with `regime: null`, which is what `simulate` runs as its
// counterfactual. Portable.
import type { MetricRow } from "../output.js";
import type { Scenario } from "../scenario/schema.js";
import { simulate } from "../simulate.js";

export interface RunTask {
  /** identifies the task in the reply */
  id: number;
  scenario: Scenario;
  seed: number;
}

export interface RunReply {
  id: number;
  seed: number;
  metrics?: MetricRow[];
  warnings?: string[];
  /** the engine threw: the message, for the page to show */
  error?: string;
  /** wall time of the run in the worker, ms */
  elapsedMs: number;
}

/** Run one task; `now` is the clock (performance.now in a worker). */
export function runTask(task: RunTask, now: () => number = () => Date.now()): RunReply {
  const started = now();
  try {
    const result = simulate(task.scenario, task.seed, { recordFirms: false });
    return { id: task.id, seed: task.seed, metrics: result.metrics, warnings: result.warnings, elapsedMs: now() - started };
  } catch (error) {
    return { id: task.id, seed: task.seed, error: error instanceof Error ? error.message : String(error), elapsedMs: now() - started };
  }
}
