// Runs simulation tasks on worker threads through piscina, and other tasks (a study's tables) on
// the same threads. Results come back in whatever order the workers finish; the caller stores each
// one under its run number, so the assembled tables do not depend on the number of workers.
// Workers load the compiled engine from dist/.
import { availableParallelism } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Piscina } from "piscina";
import { moatRoot } from "./environment.js";
import type { RunTask, RunTaskResult } from "./worker.js";

/** A compiled module of this folder (default: the run worker): beside this file when running from dist/, else dist/ in the repository. */
export function workerFile(module = "worker"): string {
  const here = fileURLToPath(import.meta.url);
  return here.endsWith(".ts") ? join(moatRoot(), "dist", "sim", "experiment", `${module}.js`) : join(dirname(here), `${module}.js`);
}

export function defaultWorkers(): number {
  return Math.max(1, availableParallelism());
}

/**
 * Worker threads shared by the steps of a study (its runs, then its tables), started on first use,
 * so the second step finds the threads up and the engine's modules loaded. One task at a time per
 * thread: an aborted study then loses at most `workers` runs in flight.
 */
export interface WorkerPool {
  workers: number;
  /** run a task: the default export of the compiled module `module` of this folder (default: the run worker, worker.ts) */
  run<T, R>(task: T, options?: { module?: string; signal?: AbortSignal }): Promise<R>;
  /** stop the threads (when started) */
  destroy(): Promise<void>;
}

export function workerPool(workers: number): WorkerPool {
  let piscina: Piscina | undefined;
  return {
    workers,
    run<T, R>(task: T, options: { module?: string; signal?: AbortSignal } = {}): Promise<R> {
      piscina ??= new Piscina({ filename: workerFile(), minThreads: workers, maxThreads: workers, idleTimeout: 1000, concurrentTasksPerWorker: 1 });
      return piscina.run(task, { ...(options.module ? { filename: workerFile(options.module) } : {}), ...(options.signal ? { signal: options.signal } : {}) }) as Promise<R>;
    },
    async destroy() {
      await piscina?.destroy();
    },
  };
}

export interface PoolOptions<K> {
  workers: number;
  /** run on these threads (left running for the caller's next step); default: a pool of `workers` threads of its own, stopped at the end */
  pool?: WorkerPool;
  /** aborting stops the runs not yet finished (their results are dropped) and takes no new one */
  signal?: AbortSignal;
  /** the task of an item (default: the item is the task) */
  toTask?: (item: K) => RunTask;
  /**
   * called on the main thread as each run finishes, with the item's position in `items` and the
   * item; when it returns a promise (a checkpoint being written), the pool goes on handing out runs
   * meanwhile and waits for it before it resolves (a rejection stops the pool like a failed run)
   */
  onResult: (itemIndex: number, result: RunTaskResult, item: K) => void | Promise<void>;
}

/**
 * Run a task for every item; resolves when all have finished or the signal aborted (then `aborted`
 * is true). Items are taken from `items` lazily, at most two per worker in flight, so memory and
 * the time to the first run do not grow with the number of items, and an abort has at most that
 * many runs to drop.
 */
export async function runTasks<K = RunTask>(items: Iterable<K>, options: PoolOptions<K>): Promise<{ aborted: boolean }> {
  const iterator = items[Symbol.iterator]();
  let next: IteratorResult<K> = iterator.next();
  if (next.done) return { aborted: false };
  const toTask = options.toTask ?? ((item: K) => item as unknown as RunTask);
  const pool = options.pool ?? workerPool(Math.max(1, Math.min(options.workers, Array.isArray(items) ? items.length : options.workers)));
  const maxInFlight = pool.workers * 2;
  const controller = new AbortController();
  const onAbort = () => controller.abort();
  options.signal?.addEventListener("abort", onAbort, { once: true });
  if (options.signal?.aborted) controller.abort();
  let failure: unknown;
  const fail = (error: unknown) => {
    failure ??= error;
    controller.abort();
  };
  const inFlight = new Set<Promise<void>>();
  // results being handled (checkpoints being flushed): not runs, so they do not hold back the next run
  const handling = new Set<Promise<void>>();
  const handle = (position: number, result: RunTaskResult, item: K) => {
    const done = options.onResult(position, result, item);
    if (!done) return;
    const pending: Promise<void> = done.catch(fail).finally(() => handling.delete(pending));
    handling.add(pending);
  };
  try {
    let index = 0;
    for (; !next.done && !controller.signal.aborted; next = iterator.next()) {
      const item: K = next.value;
      const position = index++;
      const run: Promise<void> = pool
        .run<RunTask, RunTaskResult>(toTask(item), { signal: controller.signal })
        .then(
          (result) => {
            if (!controller.signal.aborted) handle(position, result, item);
          },
          (error: unknown) => {
            if (!controller.signal.aborted) fail(error);
          },
        )
        .catch(fail) // onResult threw (e.g. the disk is full): stop
        .finally(() => inFlight.delete(run));
      inFlight.add(run);
      if (inFlight.size >= maxInFlight) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
  } finally {
    options.signal?.removeEventListener("abort", onAbort);
    // a result received is handled to the end (its checkpoint is complete or absent), even on abort
    while (handling.size > 0) await Promise.all(handling);
    if (!options.pool) await pool.destroy();
  }
  if (failure !== undefined) throw failure;
  return { aborted: options.signal?.aborted === true };
}


/**
 * Run the default export of the compiled module `module` (see workerFile) once for every task on
 * the pool's threads, tasks handed out in order; resolves to the results in task order once all
 * have ended, or rejects with the first failure in task order (after all have ended, so no thread
 * is still writing when the caller goes on).
 */
export async function runEach<T, R>(pool: WorkerPool, module: string, tasks: readonly T[]): Promise<R[]> {
  const settled = await Promise.allSettled(tasks.map((task) => pool.run<T, R>(task, { module })));
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === "rejected");
  if (failed) throw failed.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<R>).value);
}
