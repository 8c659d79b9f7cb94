// The engine against a reference commit, side by side in one process: `npm run bench` builds the
// reference once (git archive of the commit into out/bench-reference/, compiled with this
// repository's own TypeScript and node_modules) and times both engines alternately on the same
// scenario and seeds, so that the machine's load falls on both alike. Speed is compared per
// firm-period (a firm in the market for one period), since a changed model may carry more or fewer
// firms. Without the git history (a shallow clone or a release tarball) it says so and skips.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

/** the commit issue 13 measures engine speed against */
export const REFERENCE_COMMIT = "7b18e4c";

type Simulate = (scenario: unknown, seed: number, options: { recordFirms: boolean }) => { firms?: unknown[] };
interface Engine {
  simulate: Simulate;
  scenario: unknown;
}

export interface EngineTiming {
  /** median wall milliseconds per run */
  msPerRun: number;
  /** median CPU milliseconds per run */
  cpuMsPerRun: number;
  firmPeriodsPerRun: number;
  /** firm-periods per CPU second */
  firmPeriodsPerSecond: number;
}

export interface ReferenceComparison {
  commit: string;
  scenario: string;
  seedsPerRound: number;
  rounds: number;
  reference: EngineTiming;
  current: EngineTiming;
  /** firm-periods per CPU second, current / reference */
  ratio: number;
  /** the same on wall time */
  wallRatio: number;
}

/** Build (or keep) the reference engine in `dir`; null with the reason when it cannot be built. */
export function buildReference(repoRoot: string, dir: string, commit = REFERENCE_COMMIT): { distDir: string } | { skipped: string } {
  const distDir = join(dir, "dist");
  const stamp = join(dir, ".moat-reference-commit");
  const full = spawnSync("git", ["rev-parse", "--verify", "--quiet", `${commit}^{commit}`], { cwd: repoRoot, encoding: "utf8" });
  if (full.status !== 0) return { skipped: `commit ${commit} is not in this repository's git history (a shallow clone or no .git); the reference ratio is skipped` };
  const sha = full.stdout.trim();
  if (existsSync(stamp) && readFileSync(stamp, "utf8").trim() === sha && existsSync(join(distDir, "sim", "simulate.js"))) return { distDir };
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const archive = execFileSync("git", ["archive", "--format=tar", sha], { cwd: repoRoot, maxBuffer: 1 << 30 });
  execFileSync("tar", ["-x", "-C", dir], { input: archive });
  symlinkSync(resolve(repoRoot, "node_modules"), join(dir, "node_modules"), "dir");
  const tsc = spawnSync(process.execPath, [resolve(repoRoot, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.build.json"], { cwd: dir, encoding: "utf8" });
  if (tsc.status !== 0) return { skipped: `the reference ${commit} did not compile: ${(tsc.stdout + tsc.stderr).split("\n")[0]}` };
  writeFileSync(stamp, `${sha}\n`);
  return { distDir };
}

async function loadEngine(distDir: string, scenarioName: string): Promise<Engine> {
  const { simulate } = (await import(pathToFileURL(join(distDir, "sim", "simulate.js")).href)) as { simulate: Simulate };
  const { loadScenario } = (await import(pathToFileURL(join(distDir, "sim", "scenario", "load.js")).href)) as { loadScenario: (ref: string) => Promise<{ scenario: unknown }> };
  return { simulate, scenario: (await loadScenario(scenarioName)).scenario };
}

/**
 * Time both engines on seeds 1..seedsPerRound, alternately for `rounds` rounds after one untimed
 * round each; the median round of each, in wall time and in CPU time (user + system of this
 * process: on a loaded machine the wall time also counts the time spent waiting for a core, so the
 * ratio is taken on CPU time).
 */
export async function compareWithReference(referenceDistDir: string, currentDistDir: string, scenarioName: string, seedsPerRound = 5, rounds = 9): Promise<ReferenceComparison> {
  const engines = [await loadEngine(referenceDistDir, scenarioName), await loadEngine(currentDistDir, scenarioName)];
  // firm-periods: one firm row per firm in the market per period (the same seeds, untimed, also the warm-up)
  const firmPeriods = engines.map((e) => {
    let rows = 0;
    for (let seed = 1; seed <= seedsPerRound; seed++) rows += e.simulate(e.scenario, seed, { recordFirms: true }).firms?.length ?? 0;
    for (let seed = 1; seed <= seedsPerRound; seed++) e.simulate(e.scenario, seed, { recordFirms: false });
    return rows / seedsPerRound;
  });
  const wall: number[][] = [[], []];
  const cpu: number[][] = [[], []];
  for (let round = 0; round < rounds; round++)
    engines.forEach((e, i) => {
      const cpuStart = process.cpuUsage();
      const start = performance.now();
      for (let seed = 1; seed <= seedsPerRound; seed++) e.simulate(e.scenario, seed, { recordFirms: false });
      wall[i].push((performance.now() - start) / seedsPerRound);
      const used = process.cpuUsage(cpuStart);
      cpu[i].push((used.user + used.system) / 1000 / seedsPerRound);
    });
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const [reference, current] = [0, 1].map((i) => {
    const cpuMsPerRun = median(cpu[i]);
    return { msPerRun: median(wall[i]), cpuMsPerRun, firmPeriodsPerRun: firmPeriods[i], firmPeriodsPerSecond: firmPeriods[i] / (cpuMsPerRun / 1000) };
  });
  return {
    commit: REFERENCE_COMMIT,
    scenario: scenarioName,
    seedsPerRound,
    rounds,
    reference,
    current,
    ratio: current.firmPeriodsPerSecond / reference.firmPeriodsPerSecond,
    wallRatio: current.firmPeriodsPerRun / current.msPerRun / (reference.firmPeriodsPerRun / reference.msPerRun),
  };
}
