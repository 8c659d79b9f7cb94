// A small pool of engine workers with a cache of finished runs. A run is identified by the
// scenario's canonical JSON and the seed (runKey), so moving a slider back, or changing only the regime
// (the arm without it is unchanged), reuses runs instead of recomputing them. A new request
// supersedes the previous one: its queued runs are dropped (runs already in a worker finish and
// are cached). Each run is one message to a worker, dispatched in request order, and every
// finished run is reported at once (Progress.runs), so the page can draw the seeds in so far.
import type { MetricRow } from "../../../output.js";
import type { RunReply, RunTask } from "../../../page/run.js";
import { canonicalJson } from "../../../scenario/resolve.js";
import type { Scenario } from "../../../scenario/schema.js";

export interface RunRequest {
  scenario: Scenario;
  seed: number;
}

export interface Progress {
  done: number;
  total: number;
  /** runs taken from the cache */
  cached: number;
  /** the runs in so far, in request order (undefined: not yet) */
  runs: readonly (MetricRow[] | undefined)[];
}

interface Job {
  key: string;
  task: RunTask;
}

/** Finished runs kept (one run is ~2,000 metric rows). */
const CACHE_RUNS = 240;

/**
 * A run's identity: the seed and the scenario's canonical JSON without its name and description,
 * which label the run but do not enter the model (so the arm without the regime keeps its key
 * when only the regime's settings move and the what-if scenario is renamed).
 */
export function runKey(scenario: Scenario, seed: number): string {
  return `${seed}|${canonicalJson({ ...scenario, name: "", description: "" })}`;
}

export class Superseded extends Error {
  constructor() {
    super("superseded by a newer request");
    this.name = "Superseded";
  }
}

export interface RunPool {
  /** Metric tables for the requests, in request order; rejects with Superseded when a newer call comes. */
  run(requests: readonly RunRequest[], onProgress?: (progress: Progress) => void): Promise<MetricRow[][]>;
  size: number;
}

export function createRunPool(workerUrl: string, size: number): RunPool {
  const workers = Array.from({ length: size }, () => new Worker(workerUrl, { type: "module" }));
  const idle = [...workers];
  const cache = new Map<string, MetricRow[]>();
  let queue: Job[] = [];
  let nextId = 1;
  const waiting = new Map<number, Job>();
  let current: { finish: (key: string, rows: MetricRow[]) => void; fail: (error: Error) => void } | undefined;

  const remember = (key: string, rows: MetricRow[]) => {
    cache.delete(key);
    cache.set(key, rows);
    while (cache.size > CACHE_RUNS) cache.delete(cache.keys().next().value as string);
  };

  const pump = () => {
    while (idle.length > 0 && queue.length > 0) {
      const job = queue.shift() as Job;
      const cached = cache.get(job.key);
      if (cached) {
        current?.finish(job.key, cached);
        continue;
      }
      const worker = idle.pop() as Worker;
      waiting.set(job.task.id, job);
      worker.postMessage(job.task);
    }
  };

  for (const worker of workers) {
    worker.onmessage = (event: MessageEvent<RunReply>) => {
      const reply = event.data;
      const job = waiting.get(reply.id);
      waiting.delete(reply.id);
      idle.push(worker);
      if (job && reply.metrics) {
        remember(job.key, reply.metrics);
        current?.finish(job.key, reply.metrics);
      } else if (job) current?.fail(new Error(`the engine failed for seed ${reply.seed}: ${reply.error ?? "unknown error"}`));
      pump();
    };
    worker.onerror = (event) => {
      event.preventDefault();
      current?.fail(new Error(`the engine worker stopped: ${event.message}`));
    };
  }

  return {
    size,
    run(requests, onProgress) {
      current?.fail(new Superseded());
      return new Promise<MetricRow[][]>((resolve, reject) => {
        const keys = requests.map((r) => runKey(r.scenario, r.seed));
        const results = new Map<string, MetricRow[]>();
        const needed = new Set(keys);
        let cachedCount = 0;
        for (const key of needed) {
          const rows = cache.get(key);
          if (rows) {
            results.set(key, rows);
            cachedCount += 1;
          }
        }
        const total = needed.size;
        const report = () => onProgress?.({ done: results.size, total, cached: cachedCount, runs: keys.map((key) => results.get(key)) });
        const settleIfDone = () => {
          if (results.size < total) return false;
          current = undefined;
          resolve(keys.map((key) => results.get(key) as MetricRow[]));
          return true;
        };
        current = {
          finish: (key, rows) => {
            if (!needed.has(key) || results.has(key)) return;
            results.set(key, rows);
            report();
            settleIfDone();
          },
          fail: (error) => {
            current = undefined;
            queue = [];
            reject(error);
          },
        };
        report();
        if (settleIfDone()) return;
        // Runs already in a worker for this request are not queued again.
        const inFlight = new Set([...waiting.values()].map((job) => job.key));
        queue = [];
        requests.forEach((request, i) => {
          const key = keys[i];
          if (results.has(key) || inFlight.has(key) || queue.some((job) => job.key === key)) return;
          queue.push({ key, task: { id: nextId++, scenario: request.scenario, seed: request.seed } });
        });
        pump();
      });
    },
  };
}
