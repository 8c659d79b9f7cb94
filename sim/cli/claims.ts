// `moat claims`: run the study family of every hypothesis in scenarios/claims/ (H1-H10 of
// docs/CLAIMS.md) and write out/claims/report.md, report.html and results.csv.
import { join } from "node:path";
import type { Command } from "commander";
import { moatRoot } from "../experiment/environment.js";
import { defaultWorkers } from "../experiment/pool.js";
import { defaultSettings, quickSettings, runClaims } from "../report/claims.js";
import { writeClaimsReport } from "../report/claims-report.js";
import { parseWorkers, wholeNumber, type CliContext } from "./common.js";

export interface ClaimsOptions {
  seeds?: number;
  sweepSeeds?: number;
  out: string;
  quick?: boolean;
  workers?: number;
  claims: string;
  quiet?: boolean;
}

export function registerClaimsCommand(
  program: Command,
  context: Pick<CliContext, "stdout" | "stderr"> = { stdout: process.stdout, stderr: process.stderr },
  setExitCode: (code: number) => void = () => undefined,
): void {
  program
    .command("claims")
    .summary("test the licensing debate's claims H1-H10 and write the claims report")
    .description(
      `Run every hypothesis study in scenarios/claims/ (arms against baseline on the same seeds, plus
one-parameter-at-a-time sweeps over the FLOP threshold, compliance-cost scale, enforcement, audit
delay and algorithmic-efficiency growth), judge each claim by the stated rule, and write
<out>/report.md, <out>/report.html (self-contained) and <out>/results.csv (every number printed).
docs/CLAIMS-METHOD.md says how to add a hypothesis.`,
    )
    .option("--seeds <n>", "seeds per arm at the scenarios' parameters (default 60; --quick: 3)", wholeNumber("--seeds", 1, 100_000))
    .option("--sweep-seeds <n>", "seeds per sweep point (default: half of --seeds, at least 3)", wholeNumber("--sweep-seeds", 1, 100_000))
    .option("--out <dir>", "output directory", join("out", "claims"))
    .option("--quick", "a small version: 12 quarters, the ends of each sweep, 2 seeds per sweep point")
    .option("--workers <n>", "worker threads (default: all cores)", parseWorkers)
    .option("--claims <dir>", "directory of study files", join(moatRoot(), "scenarios", "claims"))
    .option("--quiet", "no progress line")
    .addHelpText(
      "after",
      `
Examples:
  moat claims                          # 60 seeds (30 per sweep point), about half a minute on 2 cores
  moat claims --quick --out out/claims-quick
  moat claims --seeds 100 --sweep-seeds 20 --workers 8`,
    )
    .action(async (options: ClaimsOptions) => {
      const started = Date.now();
      const settings = options.quick ? quickSettings(options.seeds ?? 3) : defaultSettings(options.seeds ?? 60);
      if (options.sweepSeeds !== undefined) settings.sweepSeeds = options.sweepSeeds;
      const progress = !options.quiet && context.stderr.isTTY;
      const run = await runClaims({
        claimsDir: options.claims,
        settings,
        workers: options.workers ?? defaultWorkers(),
        onProgress: progress ? (done, total) => context.stderr.write(`\rmoat claims: ${done}/${total} runs`) : undefined,
      });
      if (progress) context.stderr.write("\n");
      const elapsed = (Date.now() - started) / 1000;
      const written = await writeClaimsReport(run, options.out, elapsed);
      for (const claim of run.claims) context.stdout.write(`${claim.study.id} ${claim.study.title}: ${claim.verdict}\n`);
      context.stdout.write(`${run.runCount} runs in ${elapsed.toFixed(1)} s; wrote ${written.files.filter((f) => !f.endsWith(".svg")).join(", ")}\n`);
      setExitCode(0);
    });
}
