// Runs simulation tasks on worker threads through piscina. Results come back in whatever order
// the workers finish; the caller stores each one under its run number, so the assembled tables do
// not depend on the number of workers. Workers load the compiled engine from dist/.
import { setMaxListeners } from "node:events";
import { availableParallelism } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Piscina } from "piscina";
import { moatRoot } from "./environment.js";
import type { RunTask, RunTaskResult } from "./worker.js";

/** The compiled worker module: beside this file when running from dist/, else dist/ in the repository. */
export function workerFile(): string {
  const here = fileURLToPath(import.meta.url);
  return here.endsWith(".ts") ? join(moatRoot(), "dist", "sim", "experiment", "worker.js") : join(dirname(here), "worker.js");
}

export function defaultWorkers(): number {
  return Math.max(1, availableParallelism());
}

export interface PoolOptions {
  workers: number;
  /** aborting stops the runs not yet finished (their results are dropped) */
  signal?: AbortSignal;
  /** called on the main thread as each run finishes, with the task's position in `tasks` */
  onResult: (taskIndex: number, result: RunTaskResult) => void;
}

/** Run every task; resolves when all have finished or the signal aborted (then `aborted` is true). */
export async function runTasks(tasks: readonly RunTask[], options: PoolOptions): Promise<{ aborted: boolean }> {
  if (tasks.length === 0) return { aborted: false };
  const workers = Math.max(1, Math.min(options.workers, tasks.length));
  const pool = new Piscina<RunTask, RunTaskResult>({
    filename: workerFile(),
    minThreads: workers,
    maxThreads: workers,
    idleTimeout: 1000,
    // one task at a time per thread: an aborted study then loses at most `workers` runs in flight
    concurrentTasksPerWorker: 1,
  });
  const controller = new AbortController();
  setMaxListeners(0, controller.signal); // one listener per queued task
  const onAbort = () => controller.abort();
  options.signal?.addEventListener("abort", onAbort, { once: true });
  if (options.signal?.aborted) controller.abort();
  let failure: unknown;
  try {
    await Promise.all(
      tasks.map((task, i) =>
        pool.run(task, { signal: controller.signal }).then(
          (result) => {
            if (!controller.signal.aborted) options.onResult(i, result);
          },
          (error: unknown) => {
            if (controller.signal.aborted) return;
            failure ??= error;
            controller.abort();
          },
        ),
      ),
    );
  } finally {
    options.signal?.removeEventListener("abort", onAbort);
    await pool.destroy();
  }
  if (failure !== undefined) throw failure;
  return { aborted: options.signal?.aborted === true };
}
