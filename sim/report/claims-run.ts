// Runs the claims families through the experiment layer (I/O edge): the settings they need
// (claims.ts `designClaims`) become two studies, planned by `planStudy` and run by `runStudy` into
// <out>/.checkpoint/, so a claims run is checkpointed run by run, resumes, shards and merges like
// any study; when every run is there, the runs are read back from the checkpoint and judged
// (claims.ts `judgeClaims`).
//
// The two studies: `claims-defaults` holds every distinct scenario read on all seeds (baseline,
// the arms, and sweep points that resolve to one of them), `claims-sweeps` every other sweep point
// on the first `sweepSeeds` seeds. Settings that resolve to the same scenario (same hash) share
// their runs, so the run count is that of the distinct (scenario, seed) pairs.
import { rmSync } from "node:fs";
import { join } from "node:path";
import { finishedRunFiles, readRunFile, readStudyRecord, runFileName } from "../experiment/checkpoint.js";
import { StudyError } from "../experiment/errors.js";
import { mergeShards } from "../experiment/merge.js";
import { inShard, planStudy, runKeys, type StudyPlan } from "../experiment/plan.js";
import { checkOutDir, runStudy, type Shard } from "../experiment/runner.js";
import type { StudyDefinition } from "../experiment/study.js";
import { loadScenario, scenarioHash } from "../scenario/load.js";
import type { Scenario } from "../scenario/schema.js";
import {
  channelArms,
  channelPlan,
  designClaims,
  fullSetting,
  judgeClaims,
  runSeries,
  settingKey,
  type ClaimsDesign,
  type ChannelPlan,
  type ClaimsSettings,
  type RunSeries,
  type Setting,
} from "./claims.js";
import { type ClaimsRun } from "./claims-results.js";
import { loadClaimStudies } from "./claim-files.js";

/** Folder of the claims checkpoint inside the output directory (one study folder per study). */
export const CLAIMS_CHECKPOINT = ".checkpoint";

/** The planned studies of a claims run and where each setting's runs are. */
export interface ClaimsPlan {
  design: ClaimsDesign;
  plans: StudyPlan[];
  /** settingKey of a full setting -> its study (index in plans) and arm */
  armOf: Map<string, { plan: number; arm: number }>;
  /** distinct runs of the claims run */
  runCount: number;
}

/** A scenario's identity apart from its name and description (which no run reads). */
const contentHash = (scenario: Scenario): string => scenarioHash({ ...scenario, name: "", description: "" });

/** The channel decomposition of every arm the criteria read on a regime, by the arm's settingKey. */
async function channelPlans(studies: ReturnType<typeof loadClaimStudies>): Promise<Map<string, ChannelPlan>> {
  const baseline = contentHash((await loadScenario("baseline")).scenario);
  const plans = new Map<string, ChannelPlan>();
  for (const arm of channelArms(studies)) {
    const { scenario } = await loadScenario(arm.scenario, { overrides: arm.set });
    if (!scenario.regime) continue;
    const withoutRegime = (await loadScenario(arm.scenario, { overrides: { ...arm.set, regime: null } })).scenario;
    const plan = channelPlan(arm, scenario, contentHash(withoutRegime) === baseline);
    if (plan) plans.set(settingKey(arm), plan);
  }
  return plans;
}

/** Load the study files, design the runs, resolve each setting's scenario and plan the studies. */
export async function planClaims(claimsDir: string, settings: ClaimsSettings): Promise<ClaimsPlan> {
  const studies = loadClaimStudies(claimsDir);
  const design = designClaims(studies, settings, await channelPlans(studies));
  // same resolved scenario = same runs: one arm per scenario hash, on the most seeds any setting needs
  const hashOfKey = new Map<string, string>();
  const byHash = new Map<string, { setting: Setting; seedCount: number }>();
  for (const [key, wanted] of design.wanted) {
    const { hash } = await loadScenario(wanted.setting.scenario, { overrides: wanted.setting.set });
    hashOfKey.set(key, hash);
    const entry = byHash.get(hash);
    if (!entry) byHash.set(hash, { setting: wanted.setting, seedCount: wanted.seeds.length });
    else entry.seedCount = Math.max(entry.seedCount, wanted.seeds.length);
  }
  const groups = [
    { name: "claims-defaults", seedCount: design.seeds.length, what: "the claims' arms and baseline", hashes: [] as string[] },
    { name: "claims-sweeps", seedCount: design.sweepSeeds.length, what: "the claims' sweep points", hashes: [] as string[] },
  ];
  for (const [hash, entry] of byHash) (entry.seedCount === design.seeds.length ? groups[0] : groups[1]).hashes.push(hash);

  const plans: StudyPlan[] = [];
  const armOfHash = new Map<string, { plan: number; arm: number }>();
  for (const group of groups.filter((g) => g.hashes.length > 0)) {
    const definition: StudyDefinition = {
      name: group.name,
      type: "compare",
      description: `${group.what} (moat claims)`,
      arms: group.hashes.map((hash, arm) => {
        const { setting } = byHash.get(hash) as { setting: Setting };
        armOfHash.set(hash, { plan: plans.length, arm });
        return { name: `${setting.scenario}.${arm}`, scenario: setting.scenario, scenarioRef: setting.scenario, set: setting.set };
      }),
      set: {},
      vary: { grid: [], ranges: [] },
      sample: { method: "grid" },
      seeds: group.seedCount,
      masterSeed: settings.masterSeed,
      metrics: design.metrics,
    };
    plans.push(await planStudy(definition, "moat claims"));
  }
  const armOf = new Map<string, { plan: number; arm: number }>();
  for (const [key, hash] of hashOfKey) armOf.set(key, armOfHash.get(hash) as { plan: number; arm: number });
  const runCount = plans.reduce((sum, plan) => sum + plan.runCount, 0);
  return { design, plans, armOf, runCount };
}

/** The study folder of one of the claims' studies. */
export function claimsStudyDir(outDir: string, plan: StudyPlan): string {
  return join(outDir, CLAIMS_CHECKPOINT, plan.definition.name);
}

/** Judge the claims from the run files in outDir's checkpoint (every run must be there). */
export function judgeCheckpoint(claims: ClaimsPlan, outDir: string): ClaimsRun {
  const cache = new Map<string, RunSeries>();
  const runOf = (setting: Setting, seed: number): RunSeries => {
    const key = settingKey(fullSetting(claims.design.settings, setting));
    const where = claims.armOf.get(key);
    const plan = where ? claims.plans[where.plan] : undefined;
    const seedIndex = plan ? plan.seeds.indexOf(seed) : -1;
    if (!where || !plan || seedIndex < 0) throw new Error(`internal: no run planned for ${key} seed ${seed}`);
    const cached = cache.get(`${where.plan}/${where.arm}/${seedIndex}`);
    if (cached) return cached;
    const run = runSeries(readRunFile(claimsStudyDir(outDir, plan), { index: -1, arm: where.arm, point: 0, seedIndex, seed }, plan));
    cache.set(`${where.plan}/${where.arm}/${seedIndex}`, run);
    return run;
  };
  return judgeClaims(claims.design, runOf, claims.runCount);
}

export interface RunClaimsOptions {
  claimsDir: string;
  settings: ClaimsSettings;
  /** the report's folder; the checkpoint is in its .checkpoint/ */
  outDir: string;
  /** worker threads */
  workers: number;
  /** continue the claims run already checkpointed in outDir */
  resume?: boolean;
  /** discard the checkpoint in outDir and start over */
  fresh?: boolean;
  shard?: Shard;
  /** abort (Ctrl-C): runs in flight are dropped, finished ones stay checkpointed */
  signal?: AbortSignal;
  progress?: { stream: NodeJS.WriteStream; enabled: boolean };
  /** called as each run finishes */
  onRun?: () => void;
}

export interface RunClaimsResult {
  /** runs of the claims run (or of the shard) */
  total: number;
  /** runs found finished in the checkpoint */
  reused: number;
  ran: number;
  interrupted: boolean;
  /** every run is finished: `run` holds the judged claims */
  complete: boolean;
  run?: ClaimsRun;
  runCount: number;
}

/**
 * Run (or continue, or run a shard of) the claims into outDir's checkpoint; judge them when every
 * run is finished. Every study folder is checked before anything runs.
 */
export async function runClaims(options: RunClaimsOptions): Promise<RunClaimsResult> {
  const claims = await planClaims(options.claimsDir, options.settings);
  for (const plan of claims.plans) checkOutDir(claimsStudyDir(options.outDir, plan), plan, options);
  const result: RunClaimsResult = { total: 0, reused: 0, ran: 0, interrupted: false, complete: true, runCount: claims.runCount };
  for (const [p, plan] of claims.plans.entries()) {
    const study = await runStudy(plan, {
      outDir: claimsStudyDir(options.outDir, plan),
      workers: options.workers,
      resume: options.resume,
      fresh: options.fresh,
      shard: options.shard,
      signal: options.signal,
      progress: options.progress,
      onRun: options.onRun,
      command: "moat claims",
      tables: false,
    });
    result.total += study.total;
    result.reused += study.reused;
    result.ran += study.ran;
    result.complete &&= study.complete;
    if (study.interrupted) {
      // the studies not started yet still count: their runs in this slice, and those already checkpointed
      for (const later of claims.plans.slice(p + 1)) {
        const finished = finishedRunFiles(claimsStudyDir(options.outDir, later));
        for (const run of runKeys(later)) {
          if (!inShard(run, options.shard)) continue;
          result.total++;
          if (finished.has(runFileName(run))) result.reused++;
        }
      }
      return { ...result, interrupted: true, complete: false };
    }
  }
  if (result.complete) result.run = judgeCheckpoint(claims, options.outDir);
  return result;
}

/**
 * Combine the checkpoints of claims shards (each `moat claims --shard k/n --out <dir>` with the
 * same settings) into outDir's checkpoint and judge the claims, exactly as one unsharded run.
 */
export async function mergeClaimsShards(options: { claimsDir: string; settings: ClaimsSettings; shardDirs: readonly string[]; outDir: string }): Promise<ClaimsRun> {
  const claims = await planClaims(options.claimsDir, options.settings);
  const problems: string[] = [];
  for (const plan of claims.plans) {
    for (const dir of options.shardDirs) {
      const studyDir = claimsStudyDir(dir, plan);
      let hash: string | undefined;
      try {
        hash = readStudyRecord(studyDir)?.hash;
      } catch {
        problems.push(`${studyDir}: .runs/study.json is unreadable`);
        continue;
      }
      if (hash === undefined) problems.push(`${dir}: not a claims shard (no ${join(CLAIMS_CHECKPOINT, plan.definition.name, ".runs", "study.json")}; expected the --out of moat claims --shard k/n)`);
      else if (hash !== plan.hash)
        problems.push(`${dir}: a shard of another claims run (study ${plan.definition.name}, hash ${hash.slice(0, 12)}, expected ${plan.hash.slice(0, 12)}): merge with the same --quick, --seeds, --sweep-seeds and --claims as the shards were run with`);
    }
  }
  if (problems.length > 0) throw new StudyError(problems);
  for (const plan of claims.plans)
    mergeShards(
      options.shardDirs.map((dir) => claimsStudyDir(dir, plan)),
      claimsStudyDir(options.outDir, plan),
      { tables: false },
    );
  return judgeCheckpoint(claims, options.outDir);
}

/** Remove the claims checkpoint once the report is written. */
export function removeClaimsCheckpoint(outDir: string): void {
  rmSync(join(outDir, CLAIMS_CHECKPOINT), { recursive: true, force: true });
}
