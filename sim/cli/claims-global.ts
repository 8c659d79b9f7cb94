// `moat claims --global`: the claims over the plausible parameter space (sim/report/claims-global.ts),
// run through the study runner (checkpointed, resumable, shardable), written beside the claims
// report as <out>/global.md, global.html and global.csv.
import { join } from "node:path";
import { defaultWorkers } from "../experiment/pool.js";
import type { Shard } from "../experiment/runner.js";
import { GLOBAL_FACTORS } from "../experiment/uncertainty.js";
import { CLAIMS_CHECKPOINT } from "../report/claims-run.js";
import type { GlobalRun, GlobalSettings } from "../report/claims-global.js";
import { globalStudyDir, mergeGlobalShards, removeGlobalCheckpoint, runGlobal } from "../report/claims-global-run.js";
import { writeGlobalReport } from "../report/claims-global-report.js";
import { isPowerOfTwo, nearestPowerOfTwo } from "../experiment/sobol-sequence.js";
import { UsageError, checkCheckpointOptions, interruptOnCtrlC, interruptedMessage, type CliContext } from "./common.js";

export const GLOBAL_EXAMPLES = `  moat claims --global                 # 32 factors, N = 32: 1,088 points x 5 arms, 1 seed (docs/SENSITIVITY.md)
  moat claims --global --quick --out out/claims-quick   # 12 quarters, N = 4: 136 points
  for k in 1 2; do moat claims --global --quick --shard $k/2 --out global-shards/$k; done   # each shard anywhere, then merge
  moat claims --global --quick --merge global-shards/1,global-shards/2 --out out/claims-quick`;

export interface GlobalCliOptions {
  out: string;
  quick?: boolean;
  workers?: number;
  claims: string;
  quiet?: boolean;
  resume?: boolean;
  fresh?: boolean;
  shard?: Shard;
  merge?: string[];
  keepCheckpoint?: boolean;
  points?: number;
  globalSeeds?: number;
  seeds?: number;
  sweepSeeds?: number;
}

/** The settings of a global study from the flags: N = 32, 1 seed, the scenarios' own length; --quick: N = 4, 12 quarters. */
export function globalSettings(options: Pick<GlobalCliOptions, "quick" | "points" | "globalSeeds">): GlobalSettings {
  const baseCount = options.points ?? (options.quick ? 4 : 32);
  if (!isPowerOfTwo(baseCount)) throw new UsageError([`moat claims --global: --points must be a power of two (Sobol' points are balanced in blocks of 2^k), got ${baseCount}; try ${nearestPowerOfTwo(baseCount)}`]);
  return { baseCount, seeds: options.globalSeeds ?? 1, masterSeed: 1, ...(options.quick ? { periods: 12 } : {}), factors: GLOBAL_FACTORS, resamples: 1000 };
}

export async function runGlobalCommand(options: GlobalCliOptions, context: Pick<CliContext, "stdout" | "stderr"> & Partial<Pick<CliContext, "argv">>, setExitCode: (code: number) => void): Promise<void> {
  const started = Date.now();
  if (options.seeds !== undefined || options.sweepSeeds !== undefined) throw new UsageError(["moat claims --global: --seeds and --sweep-seeds set the one-point claims; the global study takes --global-seeds"]);
  checkCheckpointOptions("moat claims", options);
  const settings = globalSettings(options);
  let run: GlobalRun;
  let summary: string;
  if (options.merge) {
    run = await mergeGlobalShards({ claimsDir: options.claims, settings, shardDirs: options.merge, outDir: options.out });
    summary = `merged ${options.merge.length} shard${options.merge.length === 1 ? "" : "s"}: ${run.runCount} runs`;
  } else {
    const { controller, onInterrupt } = interruptOnCtrlC(context);
    process.on("SIGINT", onInterrupt);
    process.on("SIGTERM", onInterrupt);
    let result;
    try {
      result = await runGlobal({
        claimsDir: options.claims,
        settings,
        outDir: options.out,
        workers: options.workers ?? defaultWorkers(),
        resume: options.resume,
        fresh: options.fresh,
        shard: options.shard,
        signal: controller.signal,
        progress: { stream: context.stderr as NodeJS.WriteStream, enabled: (context.stderr as NodeJS.WriteStream).isTTY === true && !options.quiet },
      });
    } finally {
      process.off("SIGINT", onInterrupt);
      process.off("SIGTERM", onInterrupt);
    }
    const finished = result.reused + result.ran;
    if (result.interrupted) {
      context.stderr.write(interruptedMessage(finished, result.total, globalStudyDir(options.out), context.argv ?? ["claims", "--global"]));
      setExitCode(130);
      return;
    }
    if (!result.complete || !result.run) {
      context.stdout.write(
        `shard ${options.shard?.index}/${options.shard?.count} of the global study: ${finished} of ${result.total} runs finished (${result.ran} now, ${result.reused} reused) in ${join(options.out, CLAIMS_CHECKPOINT)}\n` +
          `when every shard is done: moat claims --global --merge <shard folders, comma-separated> --out <dir>, with the same settings\n`,
      );
      setExitCode(0);
      return;
    }
    run = result.run;
    summary = `${run.runCount} runs at ${run.pointCount} points${result.reused > 0 ? ` (${result.reused} reused from the checkpoint)` : ""}`;
  }
  const elapsed = (Date.now() - started) / 1000;
  const written = await writeGlobalReport(run, options.out, elapsed);
  if (!options.keepCheckpoint) removeGlobalCheckpoint(options.out);
  for (const claim of run.claims)
    context.stdout.write(`${claim.study.id} ${claim.study.title}: holds in ${(claim.share.estimate * 100).toFixed(0)}% of the space (${(claim.share.low * 100).toFixed(0)}-${(claim.share.high * 100).toFixed(0)}%); ${claim.words}\n`);
  context.stdout.write(`${summary} in ${elapsed.toFixed(1)} s; wrote ${written.files.filter((f) => !f.endsWith(".svg")).join(", ")}\n`);
  setExitCode(0);
}
