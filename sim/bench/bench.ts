// `npm run bench`: how fast moat is on this machine, printed as a table and written to
// out/bench/bench.json. Measures:
//   - Bertrand-Nash pricing solves per second for 10, 100 and 1,000 models in 4 segments;
//   - the default run (licensing-era, one seed), alone and as `moat run` does it (with the
//     no-regime counterfactual);
//   - the cost of one run as the periods grow (10, 20, 40, 80) and as the firms grow (100, 300
//     and 1,000, the most a scenario may start with; by replicating the scenario's roster through an override; 8 periods), each firm case
//     in a fresh process so that its peak memory (max RSS) is its own;
//   - runs per second of the default scenario through the worker pool on 1 worker and on all cores
//     (including checkpoints and tables), with the peak heap of a worker;
//   - the 200-run comparison: 100 seeds x (baseline, licensing-era), 10 simulated years, on 1 worker
//     and on all cores, and the speed-up, with the CPU time of each thread (runs, tables, main);
//   - the engine against the reference commit 7b18e4c (issue 13), side by side in this process:
//     firm-periods per second, current / reference (reference.ts builds out/bench-reference/);
//   - the global-sensitivity estimators (Sobol' points, Sobol' indices, Morris, PRIM) on test
//     functions at the sizes of a global analysis (sensitivity.ts).
// No assertions: the figures are for reading (tests never time anything).
import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { availableParallelism, cpus, loadavg } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { getHeapStatistics } from "node:v8";
import seedrandom from "seedrandom";
import { writeJsonAtomic } from "../io/atomic.js";
import { readStudyRecord } from "../experiment/checkpoint.js";
import { moatVersion, threadCpuMs } from "../experiment/environment.js";
import { planStudy } from "../experiment/plan.js";
import { runStudy } from "../experiment/runner.js";
import { normalizeStudy } from "../experiment/study.js";
import { writeStudyOutputs } from "../experiment/tables.js";
import { solveBertrandNash, type PricingProblem } from "../pricing.js";
import { loadScenario } from "../scenario/load.js";
import { MAX_FIRMS } from "../scenario/resolve.js";
import type { Scenario } from "../scenario/schema.js";
import { simulate } from "../simulate.js";
import { buildReference, compareWithReference, REFERENCE_COMMIT } from "./reference.js";
import { benchSensitivity } from "./sensitivity.js";

const DEFAULT_SCENARIO = "licensing-era";
const BASELINE_SCENARIO = "baseline";
const OUT = join("out", "bench");

// A logit market of `models` products in 4 segments, 3 products per firm, drawn from a fixed seed.
export function pricingProblem(models: number, seed = 1): PricingProblem {
  const draw = seedrandom(`bench-pricing:${seed}`);
  const segments = 4;
  const meanUtility = new Float64Array(segments * models);
  for (let i = 0; i < meanUtility.length; i++) meanUtility[i] = 2 * draw() - 1;
  const owner = new Int32Array(models);
  for (let j = 0; j < models; j++) owner[j] = Math.floor(j / 3);
  return {
    productCount: models,
    segmentCount: segments,
    meanUtility,
    available: new Uint8Array(segments * models).fill(1),
    priceSensitivity: Float64Array.from([0.25, 0.35, 0.8, 0.5]),
    marketSize: Float64Array.from([4e8, 2e9, 1.6e9, 2e9]),
    marginalCost: Float64Array.from({ length: models }, () => 0.5 + draw()),
    owner,
  };
}

/** Repeat `fn` for at least `minMs` (and 3 times); mean milliseconds per call. */
function timeIt(fn: () => void, minMs = 500, minCalls = 3): { msPerCall: number; calls: number } {
  fn(); // warm up
  let calls = 0;
  const start = performance.now();
  while (calls < minCalls || performance.now() - start < minMs) {
    fn();
    calls++;
  }
  return { msPerCall: (performance.now() - start) / calls, calls };
}

function replicatedRoster(scenario: Scenario, count: number): Scenario["firms"] {
  return Array.from({ length: count }, (_, i) => {
    const firm = scenario.firms[i % scenario.firms.length];
    return { ...firm, name: `${firm.name} #${i + 1}`, models: firm.models.map((m) => ({ ...m, name: `${m.name} #${i + 1}` })) };
  });
}

// Child mode: one run with `firms` firms and `periods` periods; prints its time and peak memory as JSON.
async function childRun(firms: number, periods: number): Promise<void> {
  const base = (await loadScenario(DEFAULT_SCENARIO)).scenario;
  const { scenario } = await loadScenario(DEFAULT_SCENARIO, { overrides: { firms: replicatedRoster(base, firms), periods } });
  const rssBefore = process.resourceUsage().maxRSS * 1024;
  const start = performance.now();
  const result = simulate(scenario, 1, { recordFirms: false });
  const ms = performance.now() - start;
  process.stdout.write(
    `${JSON.stringify({ firms, periods, ms, maxRssBytes: process.resourceUsage().maxRSS * 1024, rssBeforeRunBytes: rssBefore, heapTotalBytes: getHeapStatistics().total_heap_size, warnings: result.warnings.length })}\n`,
  );
}

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
const fixed = (x: number, digits = 1) => x.toFixed(digits);

async function studyThroughput(name: string, definitionInput: Parameters<typeof normalizeStudy>[0], workers: number) {
  const definition = normalizeStudy({ ...definitionInput, name }, "bench", name);
  const outDir = join(OUT, "work", name);
  rmSync(outDir, { recursive: true, force: true });
  const planStart = performance.now();
  const plan = await planStudy(definition, "bench");
  const planMs = performance.now() - planStart;
  let peakHeap = 0;
  let peakRss = 0;
  // CPU time of each worker thread (its last report) and of the main thread: on a shared machine the
  // wall-time speed-up cannot show when the cores are busy with other work, their utilisation can
  const workerCpuMs = new Map<number, number>();
  const mainCpuAtStart = threadCpuMs();
  const start = performance.now();
  const result = await runStudy(plan, {
    outDir,
    workers,
    onRun: (run) => {
      peakHeap = Math.max(peakHeap, run.heapUsedBytes);
      peakRss = Math.max(peakRss, run.maxRssBytes);
      if (run.threadCpuMs !== undefined) workerCpuMs.set(run.threadId, Math.max(workerCpuMs.get(run.threadId) ?? 0, run.threadCpuMs));
    },
  });
  const wallMs = performance.now() - start;
  const mainCpuAtEnd = threadCpuMs();
  const mainThreadCpuMs = mainCpuAtStart !== undefined && mainCpuAtEnd !== undefined ? mainCpuAtEnd - mainCpuAtStart : undefined;
  // on 1 worker the tables are written on the main thread (their CPU is in mainThreadCpuMs too), on more by the workers
  const tableCpuMs = result.tableCpuMs ?? [];
  const record = readStudyRecord(outDir);
  const tablesStart = performance.now();
  if (record) writeStudyOutputs(outDir, record);
  const tablesMs = performance.now() - tablesStart;
  return {
    runs: result.ran,
    workers,
    planMs,
    wallMs,
    tablesMs,
    runsPerSecond: result.ran / (wallMs / 1000),
    peakWorkerHeapBytes: peakHeap,
    peakProcessRssBytes: peakRss,
    /** CPU ms of each worker thread, and its share of the study's wall time */
    workerCpuMs: [...workerCpuMs.values()],
    workerUtilisation: [...workerCpuMs.values()].map((ms) => ms / wallMs),
    mainThreadCpuMs,
    /** CPU ms of each task that wrote the tables (one on 1 worker, on the main thread; the runs table and the others on more) */
    tableCpuMs,
  };
}

async function bench(): Promise<void> {
  const cores = availableParallelism();
  const machine = { cpu: cpus()[0]?.model ?? "unknown", cores, node: process.version, moat: moatVersion(), date: new Date().toISOString().slice(0, 10) };
  const say = (line: string) => process.stdout.write(`${line}\n`);
  say(`moat ${machine.moat} bench: ${machine.cpu}, ${cores} cores, Node ${machine.node}, ${machine.date}`);
  const load = () => loadavg().map((x) => x.toFixed(2)).join(", ");
  const loadAtStart = loadavg();
  say(`machine load (1, 5, 15 min averages) at start: ${load()}`);

  // 0. the engine against the reference commit, side by side
  const distDir = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
  const repoRoot = resolve(distDir, "..");
  const built = buildReference(repoRoot, join(repoRoot, "out", "bench-reference"));
  let reference = null;
  if ("skipped" in built) say(`reference ${REFERENCE_COMMIT}: ${built.skipped}`);
  else {
    const loadBefore = load();
    reference = await compareWithReference(built.distDir, distDir, DEFAULT_SCENARIO);
    const r = reference;
    say(
      `engine vs ${REFERENCE_COMMIT} (${DEFAULT_SCENARIO}, seeds 1-${r.seedsPerRound}, median of ${r.rounds} alternating rounds): reference ${fixed(r.reference.cpuMsPerRun, 1)} CPU ms per run (${fixed(r.reference.msPerRun, 1)} ms wall, ${fixed(r.reference.firmPeriodsPerRun, 0)} firm-periods), ` +
        `current ${fixed(r.current.cpuMsPerRun, 1)} CPU ms per run (${fixed(r.current.msPerRun, 1)} ms wall, ${fixed(r.current.firmPeriodsPerRun, 0)} firm-periods); firm-periods per CPU second ${fixed(r.current.firmPeriodsPerSecond, 0)} vs ${fixed(r.reference.firmPeriodsPerSecond, 0)}: ` +
        `ratio new / reference ${fixed(r.ratio, 2)}x (on wall time ${fixed(r.wallRatio, 2)}x; load ${loadBefore} before, ${load()} after)`,
    );
  }

  // 1. pricing
  const pricing = [10, 100, 1000].map((models) => {
    const problem = pricingProblem(models);
    const probe = solveBertrandNash(problem);
    const { msPerCall, calls } = timeIt(() => solveBertrandNash(problem));
    return { models, segments: 4, solvesPerSecond: 1000 / msPerCall, msPerSolve: msPerCall, iterations: probe.iterations, converged: probe.converged, calls };
  });
  for (const p of pricing) say(`pricing  ${String(p.models).padStart(5)} models x 4 segments: ${fixed(p.solvesPerSecond, 0).padStart(7)} solves/s (${fixed(p.msPerSolve, 3)} ms, ${p.iterations} iterations, converged ${p.converged})`);

  // 2. the default run
  const scenario = (await loadScenario(DEFAULT_SCENARIO)).scenario;
  let seed = 1;
  const run = timeIt(() => simulate(scenario, seed++, { recordFirms: false }), 2000, 5);
  seed = 1;
  const runWithCounterfactual = timeIt(() => simulate(scenario, seed++, { recordFirms: true, counterfactual: true }), 2000, 3);
  say(`default run (${DEFAULT_SCENARIO}, ${scenario.periods} periods): ${fixed(run.msPerCall, 0)} ms; with the no-regime counterfactual and firm rows (moat run): ${fixed(runWithCounterfactual.msPerCall, 0)} ms`);

  // 3. periods
  const periods = [];
  for (const count of [10, 20, 40, 80]) {
    const { scenario: s } = await loadScenario(DEFAULT_SCENARIO, { overrides: { periods: count } });
    let k = 1;
    const t = timeIt(() => simulate(s, k++, { recordFirms: false }), 1000, 3);
    periods.push({ periods: count, msPerRun: t.msPerCall, msPerPeriod: t.msPerCall / count });
    say(`periods ${String(count).padStart(5)}: ${fixed(t.msPerCall, 0).padStart(6)} ms per run, ${fixed(t.msPerCall / count, 2)} ms per period`);
  }

  // 4. firms, each in a fresh process
  const firms = [];
  for (const count of [100, 300, MAX_FIRMS]) {
    const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), "--child", String(count), "8"], { encoding: "utf8", maxBuffer: 1 << 20 });
    if (child.status !== 0) throw new Error(`firm-scaling run with ${count} firms failed: ${child.stderr.split("\n")[0]}`);
    const measured = JSON.parse(child.stdout.trim().split("\n").at(-1) ?? "{}") as { ms: number; maxRssBytes: number; heapTotalBytes: number };
    firms.push({ firms: count, periods: 8, msPerRun: measured.ms, msPerFirmPeriod: measured.ms / count / 8, maxRssBytes: measured.maxRssBytes, heapTotalBytes: measured.heapTotalBytes });
    say(`firms ${String(count).padStart(7)} (8 periods): ${fixed(measured.ms, 0).padStart(6)} ms per run, ${fixed((measured.ms / count / 8) * 1000, 1)} us per firm-period, peak RSS ${mb(measured.maxRssBytes)}`);
  }

  // 5. runs per second through the pool
  const oneWorker = await studyThroughput("runs-1-worker", { type: "run", scenario: DEFAULT_SCENARIO, seeds: 40, masterSeed: 1 }, 1);
  const allCores = await studyThroughput("runs-all-cores", { type: "run", scenario: DEFAULT_SCENARIO, seeds: 40 * cores, masterSeed: 1 }, cores);
  for (const t of [oneWorker, allCores])
    say(`pool ${t.workers} worker${t.workers === 1 ? " " : "s"}: ${fixed(t.runsPerSecond, 1)} runs/s (${t.runs} runs in ${fixed(t.wallMs / 1000, 2)} s incl. checkpoints and tables), peak worker heap ${mb(t.peakWorkerHeapBytes)}, process RSS ${mb(t.peakProcessRssBytes)}`);

  // 6. the 200-run comparison, on 1 worker and on all cores
  const compareDefinition = { type: "compare" as const, arms: [{ scenario: BASELINE_SCENARIO }, { scenario: DEFAULT_SCENARIO }], seeds: 100, masterSeed: 1 };
  const comparisonOneWorker = await studyThroughput("compare-200-1-worker", compareDefinition, 1);
  const comparison = await studyThroughput("compare-200", compareDefinition, cores);
  const compareSpeedup = comparisonOneWorker.wallMs / comparison.wallMs;
  for (const c of [comparisonOneWorker, comparison])
    say(
      `200-run comparison (100 seeds x ${BASELINE_SCENARIO} vs ${DEFAULT_SCENARIO}, ${scenario.periods / scenario.periodsPerYear} years, ${c.workers} worker${c.workers === 1 ? "" : "s"}): ${fixed(c.wallMs / 1000, 2)} s (plan ${fixed(c.planMs / 1000, 2)} s before; tables alone on one thread ${fixed(c.tablesMs / 1000, 2)} s)`,
    );
  say(`200-run comparison speed-up, ${cores} workers over 1: ${fixed(compareSpeedup, 2)}x (load ${load()})`);
  for (const c of [comparisonOneWorker, comparison])
    if (c.workerCpuMs.length > 0)
      say(
        `  ${c.workers} worker${c.workers === 1 ? "" : "s"}: worker CPU ${c.workerCpuMs.map((ms) => `${fixed(ms / 1000, 2)} s`).join(" and ")} over ${fixed(c.wallMs / 1000, 2)} s wall (utilisation ${c.workerUtilisation.map((u) => `${fixed(100 * u, 0)}%`).join(", ")}); main thread CPU ${c.mainThreadCpuMs === undefined ? "not measured" : `${fixed(c.mainThreadCpuMs / 1000, 2)} s`}; ` +
          `tables CPU ${c.tableCpuMs.map((ms) => (ms === undefined ? "not measured" : `${fixed(ms / 1000, 2)} s`)).join(" and ")} ${c.workers === 1 ? "(on the main thread, included in its CPU)" : "(on the workers, after the runs)"}`,
      );

  // 7. the global-sensitivity estimators
  const sensitivity = benchSensitivity(say);

  const loadAtEnd = loadavg();
  say(`machine load (1, 5, 15 min averages) at end: ${load()}`);
  const report = { machine: { ...machine, loadAverageAtStart: loadAtStart, loadAverageAtEnd: loadAtEnd }, referenceEngine: reference ?? { skipped: "skipped" in built ? built.skipped : "" }, pricing, defaultRun: { scenario: DEFAULT_SCENARIO, periods: scenario.periods, msPerRun: run.msPerCall, msPerRunWithCounterfactual: runWithCounterfactual.msPerCall }, periods, firms, pool: [oneWorker, allCores], comparison200: comparison, comparison200OneWorker: comparisonOneWorker, comparison200Speedup: compareSpeedup, sensitivity };
  writeJsonAtomic(join(OUT, "bench.json"), report);
  rmSync(join(OUT, "work"), { recursive: true, force: true });
  say(`wrote ${join(OUT, "bench.json")}`);
}

if (process.argv[2] === "--child") await childRun(Number(process.argv[3]), Number(process.argv[4]));
else await bench();
