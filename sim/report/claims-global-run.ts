// Runs the global study of the claims through the experiment layer (I/O edge): the design
// (claims-global.ts) becomes one study plan whose arms are the settings the claims read and whose
// points are the Saltelli points, each arm's scenario at each point made from the arm's scenario
// and the point's factor values (uncertainty.ts). `runStudy` runs it into <out>/.checkpoint/claims-global/,
// so it is checkpointed run by run, resumes, shards (--shard k/n, on Slurm or Kubernetes as any
// study: docs/EXPERIMENTS.md) and merges; when every run is there, the claims are judged from the
// checkpoint. The run files are the same bytes whoever made them, so the report is the same for
// any worker count and any sharding.
import { createHash } from "node:crypto";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { readRunFile, readStudyRecord } from "../experiment/checkpoint.js";
import { StudyError } from "../experiment/errors.js";
import { mergeShards } from "../experiment/merge.js";
import type { StudyPlan } from "../experiment/plan.js";
import { checkOutDir, runStudy, type Shard } from "../experiment/runner.js";
import type { StudyDefinition } from "../experiment/study.js";
import { factorOverrides, memberPrior, withOverrides } from "../experiment/uncertainty.js";
import { moatVersion, nodeVersion } from "../experiment/environment.js";
import { loadScenario } from "../scenario/load.js";
import { canonicalJson } from "../scenario/resolve.js";
import type { Scenario } from "../scenario/schema.js";
import { fullSetting, runSeries, type RunSeries } from "./claims.js";
import { loadClaimStudies } from "./claim-files.js";
import { CLAIMS_CHECKPOINT } from "./claims-run.js";
import { GLOBAL_STUDY, designGlobal, judgeGlobal, type GlobalDesign, type GlobalRun, type GlobalSettings } from "./claims-global.js";

export interface GlobalPlan {
  design: GlobalDesign;
  plan: StudyPlan;
}

/** Name of an arm of the global study: its scenario, and its overrides when it has any. */
function armName(index: number, design: GlobalDesign): string {
  const arm = design.arms[index];
  return Object.keys(arm.set).length === 0 ? arm.scenario : `${arm.scenario}.${index}`;
}

/** Load the claims, design the global study and make every arm's scenario at every point. */
export async function planGlobal(claimsDir: string, settings: GlobalSettings): Promise<GlobalPlan> {
  const design = designGlobal(loadClaimStudies(claimsDir), settings);
  const common = settings.periods !== undefined ? { periods: settings.periods } : {};
  const bases: { scenario: Scenario; hash: string }[] = [];
  for (const arm of design.arms) {
    const full = fullSetting({ seeds: 1, sweepSeeds: 1, masterSeed: settings.masterSeed, tinySweeps: false, ...common }, arm);
    const loaded = await loadScenario(full.scenario, { overrides: full.set });
    bases.push({ scenario: loaded.scenario, hash: loaded.hash });
  }
  const scenarios = bases.map(({ scenario }) => design.unitRows.map((row) => withOverrides(scenario, factorOverrides(scenario, settings.factors, row))));
  const armNames = design.arms.map((_, a) => armName(a, design));
  const definition: StudyDefinition = {
    name: GLOBAL_STUDY,
    type: "compare",
    description: "the claims over the plausible parameter space (moat claims --global)",
    arms: design.arms.map((arm, a) => ({ name: armNames[a], scenario: arm.scenario, scenarioRef: arm.scenario, set: arm.set })),
    baseline: armNames[0],
    set: common,
    vary: { grid: [], ranges: [] },
    sample: { method: "saltelli", points: settings.baseCount },
    seeds: settings.seeds,
    masterSeed: settings.masterSeed,
    metrics: design.metrics,
  };
  const factorIds = settings.factors.map((f) => f.id);
  // the factors' members and priors are part of the study: a changed prior is another study
  const factorFacts = settings.factors.map((f) => ({ id: f.id, members: f.members.map((m) => ({ path: m, ...priorFacts(m, f.prior) })) }));
  const hash = createHash("sha256")
    .update(canonicalJson({ format: 1, name: GLOBAL_STUDY, arms: armNames, baseHashes: bases.map((b) => b.hash), factors: factorFacts, baseCount: settings.baseCount, points: design.points, seeds: design.seeds, metrics: design.metrics }), "utf8")
    .digest("hex");
  const first = bases[0].scenario;
  const regimeArm = bases.find((b) => b.scenario.regime !== null);
  const plan: StudyPlan = {
    definition,
    manifest: {
      study: {
        name: GLOBAL_STUDY,
        type: "compare",
        description: definition.description,
        arms: definition.arms.map((arm) => ({ name: arm.name, scenario: arm.scenario, ...(Object.keys(arm.set).length > 0 ? { set: arm.set } : {}) })),
        baseline: armNames[0],
        parameters: factorIds,
        sample: { method: "saltelli", points: settings.baseCount },
        points: design.points,
        ...(Object.keys(common).length > 0 ? { set: common } : {}),
        metrics: design.metrics,
      },
      masterSeed: settings.masterSeed,
      seeds: design.seeds,
      hash,
      moatVersion: moatVersion(),
      nodeVersion: nodeVersion(),
      startYear: first.startYear,
      periodsPerYear: first.periodsPerYear,
      regimeStartPeriod: regimeArm ? (regimeArm.scenario.regime?.startPeriod ?? null) : null,
    },
    hash,
    armNames,
    parameterPaths: factorIds,
    points: design.points,
    seeds: design.seeds,
    scenarios,
    runCount: armNames.length * design.points.length * design.seeds.length,
  };
  return { design, plan };
}

function priorFacts(member: string, override: Parameters<typeof memberPrior>[1]): { how: string; range: readonly number[]; scale: string } {
  const prior = memberPrior(member, override);
  return { how: prior.how, range: prior.range, scale: prior.scale };
}

/** The global study's folder inside the output directory. */
export function globalStudyDir(outDir: string): string {
  return join(outDir, CLAIMS_CHECKPOINT, GLOBAL_STUDY);
}

/** Judge the claims from the run files in outDir's checkpoint (every run must be there). */
export function judgeGlobalCheckpoint(global: GlobalPlan, outDir: string): GlobalRun {
  const dir = globalStudyDir(outDir);
  const { plan, design } = global;
  const cache = new Map<number, RunSeries>();
  const runOf = (arm: number, point: number, seedIndex: number): RunSeries => {
    const index = (arm * design.points.length + point) * design.seeds.length + seedIndex;
    const cached = cache.get(index);
    if (cached) return cached;
    const run = runSeries(readRunFile(dir, { index, arm, point, seedIndex, seed: design.seeds[seedIndex] }, plan));
    cache.set(index, run);
    return run;
  };
  return judgeGlobal(design, runOf, plan.runCount);
}

export interface RunGlobalOptions {
  claimsDir: string;
  settings: GlobalSettings;
  outDir: string;
  workers: number;
  resume?: boolean;
  fresh?: boolean;
  shard?: Shard;
  signal?: AbortSignal;
  progress?: { stream: NodeJS.WriteStream; enabled: boolean };
}

export interface RunGlobalResult {
  total: number;
  reused: number;
  ran: number;
  interrupted: boolean;
  complete: boolean;
  run?: GlobalRun;
  runCount: number;
  pointCount: number;
}

/** Run (or continue, or run a shard of) the global study; judge the claims when every run is finished. */
export async function runGlobal(options: RunGlobalOptions): Promise<RunGlobalResult> {
  const global = await planGlobal(options.claimsDir, options.settings);
  const dir = globalStudyDir(options.outDir);
  checkOutDir(dir, global.plan, options);
  const study = await runStudy(global.plan, {
    outDir: dir,
    workers: options.workers,
    resume: options.resume,
    fresh: options.fresh,
    shard: options.shard,
    signal: options.signal,
    progress: options.progress,
    command: "moat claims --global",
    tables: false,
  });
  const result: RunGlobalResult = {
    total: study.total,
    reused: study.reused,
    ran: study.ran,
    interrupted: study.interrupted,
    complete: study.complete,
    runCount: global.plan.runCount,
    pointCount: global.design.points.length,
  };
  if (study.complete) result.run = judgeGlobalCheckpoint(global, options.outDir);
  return result;
}

/** Combine the checkpoints of global shards (same settings) into outDir's and judge the claims, as one unsharded run. */
export async function mergeGlobalShards(options: { claimsDir: string; settings: GlobalSettings; shardDirs: readonly string[]; outDir: string }): Promise<GlobalRun> {
  const global = await planGlobal(options.claimsDir, options.settings);
  const problems: string[] = [];
  for (const dir of options.shardDirs) {
    let hash: string | undefined;
    try {
      hash = readStudyRecord(globalStudyDir(dir))?.hash;
    } catch {
      problems.push(`${globalStudyDir(dir)}: .runs/study.json is unreadable`);
      continue;
    }
    if (hash === undefined) problems.push(`${dir}: not a shard of moat claims --global (no ${join(CLAIMS_CHECKPOINT, GLOBAL_STUDY, ".runs", "study.json")})`);
    else if (hash !== global.plan.hash)
      problems.push(`${dir}: a shard of another global study (hash ${hash.slice(0, 12)}, expected ${global.plan.hash.slice(0, 12)}): merge with the same --points, --global-seeds, --quick and --claims as the shards were run with`);
  }
  if (problems.length > 0) throw new StudyError(problems);
  mergeShards(
    options.shardDirs.map((dir) => globalStudyDir(dir)),
    globalStudyDir(options.outDir),
    { tables: false },
  );
  return judgeGlobalCheckpoint(global, options.outDir);
}

/** Remove the global study's checkpoint once its report is written. */
export function removeGlobalCheckpoint(outDir: string): void {
  rmSync(globalStudyDir(outDir), { recursive: true, force: true });
}
