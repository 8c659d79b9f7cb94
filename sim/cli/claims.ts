// `moat claims`: run the study family of every hypothesis in scenarios/claims/ (H1-H10 of
// docs/CLAIMS.md) through the experiment runner (checkpointed, resumable, shardable) and write
// out/claims/report.md, report.html and results.csv.
import { join } from "node:path";
import type { Command } from "commander";
import { moatRoot } from "../experiment/environment.js";
import { defaultWorkers } from "../experiment/pool.js";
import type { Shard } from "../experiment/runner.js";
import { defaultSettings, quickSettings } from "../report/claims.js";
import { type ClaimsRun } from "../report/claims-results.js";
import { CLAIMS_CHECKPOINT, mergeClaimsShards, removeClaimsCheckpoint, runClaims } from "../report/claims-run.js";
import { writeClaimsReport } from "../report/claims-report.js";
import { UsageError, checkCheckpointOptions, interruptOnCtrlC, interruptedMessage, collectList, parseShard, parseWorkers, wholeNumber, type CliContext } from "./common.js";
import { GLOBAL_EXAMPLES, runGlobalCommand } from "./claims-global.js";

export interface ClaimsOptions {
  seeds?: number;
  sweepSeeds?: number;
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
  global?: boolean;
  points?: number;
  globalSeeds?: number;
}

export function registerClaimsCommand(
  program: Command,
  context: Pick<CliContext, "stdout" | "stderr"> & Partial<Pick<CliContext, "argv">> = { stdout: process.stdout, stderr: process.stderr },
  setExitCode: (code: number) => void = () => undefined,
): void {
  program
    .command("claims")
    .summary("test the licensing debate's claims H1-H10 and write the claims report")
    .description(
      `Run every hypothesis study in scenarios/claims/ (arms against baseline on the same seeds, plus
one-parameter-at-a-time sweeps over the FLOP threshold, compliance-cost scale, enforcement, audit
delay and algorithmic-efficiency growth), split each effect read on a regime into the regime's
instruments on the same seeds (alone and last, as moat decompose), judge each claim by the stated
rule, name the channel behind it, and write
<out>/report.md, <out>/report.html (self-contained) and <out>/results.csv (every number printed).
The runs go through the study runner: each is checkpointed in <out>/${CLAIMS_CHECKPOINT}/ as it ends, so
an interrupted run continues with --resume; --shard k/n runs a slice (on any machine) and
--merge combines the slices into the report an unsharded run writes, byte for byte. The
checkpoint is removed once the report is written (--keep-checkpoint keeps it).
docs/CLAIMS-METHOD.md says how to add a hypothesis.`,
    )
    .option("--seeds <n>", "seeds per arm at the scenarios' parameters (default 60; --quick: 3)", wholeNumber("--seeds", 1, 100_000))
    .option("--sweep-seeds <n>", "seeds per sweep point (default: half of --seeds, at least 3)", wholeNumber("--sweep-seeds", 1, 100_000))
    .option("--out <dir>", "output directory", join("out", "claims"))
    .option("--quick", "a small version: 12 quarters, the ends of each sweep, 2 seeds per sweep point")
    .option("--workers <n>", "worker threads (default: all cores)", parseWorkers)
    .option("--claims <dir>", "directory of study files", join(moatRoot(), "scenarios", "claims"))
    .option("--resume", "continue the claims run checkpointed in --out; finished runs are kept")
    .option("--fresh", "discard the checkpoint in --out and start over")
    .option("--shard <k/n>", "run only slice k of n of the runs (run i is in slice (i mod n) + 1); combine with --merge", parseShard)
    .option("--merge <dirs>", "combine the --out folders of finished shards (comma-separated; same settings as the shards) and write the report", collectList)
    .option("--keep-checkpoint", "keep the run checkpoint after writing the report")
    .option("--quiet", "no progress line")
    .option("--global", "the claims over the plausible parameter space instead: Sobol' indices, the share of the space where each claim holds and the PRIM box (writes <out>/global.md, global.html, global.csv)")
    .option("--points <N>", "--global: Saltelli's base sample size N, a power of two (N (d + 2) points; default 32, --quick: 4)", wholeNumber("--points", 1, 1 << 20))
    .option("--global-seeds <n>", "--global: seeds per point (default 1)", wholeNumber("--global-seeds", 1, 1000))
    .addHelpText(
      "after",
      `
Examples:
  moat claims                          # 60 seeds (30 per sweep point): 4,770 runs with the decompositions
  moat claims --quick --out out/claims-quick
  moat claims --seeds 100 --sweep-seeds 20 --workers 8
  moat claims --resume                 # after Ctrl-C or a crash: finished runs are not redone
  for k in 1 2; do moat claims --quick --shard $k/2 --out shards/$k; done   # each shard anywhere, then merge
  moat claims --quick --merge shards/1,shards/2 --out out/claims-quick
${GLOBAL_EXAMPLES}`,
    )
    .action(async (options: ClaimsOptions) => {
      if (options.global) return runGlobalCommand(options, context, setExitCode);
      if (options.points !== undefined || options.globalSeeds !== undefined) throw new UsageError(["moat claims: --points and --global-seeds set the global study: add --global"]);
      const started = Date.now();
      const settings = options.quick ? quickSettings(options.seeds ?? 3) : defaultSettings(options.seeds ?? 60);
      if (options.sweepSeeds !== undefined) settings.sweepSeeds = options.sweepSeeds;
      checkCheckpointOptions("moat claims", options);

      let run: ClaimsRun;
      let summary: string;
      if (options.merge) {
        run = await mergeClaimsShards({ claimsDir: options.claims, settings, shardDirs: options.merge, outDir: options.out });
        summary = `merged ${options.merge.length} shard${options.merge.length === 1 ? "" : "s"}: ${run.runCount} runs`;
      } else {
        const { controller, onInterrupt } = interruptOnCtrlC(context);
        process.on("SIGINT", onInterrupt);
        process.on("SIGTERM", onInterrupt);
        let result;
        try {
          result = await runClaims({
            claimsDir: options.claims,
            settings,
            outDir: options.out,
            workers: options.workers ?? defaultWorkers(),
            resume: options.resume,
            fresh: options.fresh,
            shard: options.shard,
            signal: controller.signal,
            progress: { stream: context.stderr, enabled: context.stderr.isTTY === true && !options.quiet },
          });
        } finally {
          process.off("SIGINT", onInterrupt);
          process.off("SIGTERM", onInterrupt);
        }
        const finished = result.reused + result.ran;
        if (result.interrupted) {
          context.stderr.write(interruptedMessage(finished, result.total, join(options.out, CLAIMS_CHECKPOINT), context.argv ?? ["claims"]));
          setExitCode(130);
          return;
        }
        if (!result.complete || !result.run) {
          context.stdout.write(
            `shard ${options.shard?.index}/${options.shard?.count} of the claims: ${finished} of ${result.total} runs finished (${result.ran} now, ${result.reused} reused) in ${join(options.out, CLAIMS_CHECKPOINT)}\n` +
              `when every shard is done: moat claims --merge <shard folders, comma-separated> --out <dir>, with the same settings\n`,
          );
          setExitCode(0);
          return;
        }
        run = result.run;
        summary = result.reused > 0 ? `${run.runCount} runs (${result.reused} reused from the checkpoint)` : `${run.runCount} runs`;
      }
      const elapsed = (Date.now() - started) / 1000;
      const written = await writeClaimsReport(run, options.out, elapsed);
      if (!options.keepCheckpoint) removeClaimsCheckpoint(options.out);
      for (const claim of run.claims) context.stdout.write(`${claim.study.id} ${claim.study.title}: ${claim.verdict}\n`);
      context.stdout.write(`${summary} in ${elapsed.toFixed(1)} s; wrote ${written.files.filter((f) => !f.endsWith(".svg")).join(", ")}\n`);
      setExitCode(0);
    });
}
