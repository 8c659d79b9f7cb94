// The moat command line. `main(argv)` returns the exit code (bin/moat.js sets it):
//   0  done
//   1  a runtime failure: a file that could not be written (full disk, read-only folder: one line
//      naming it and the way out), or a bug (one line, the stack only with MOAT_DEBUG=1)
//   2  a user mistake (bad option, unknown scenario, invalid file): one line per problem, nothing written
//   130 interrupted by Ctrl-C (the study is resumable; the message says how)
import { Command, CommanderError } from "commander";
import { hasProblems } from "../experiment/errors.js";
import { OutputError } from "../io/atomic.js";
import { moatVersion } from "../experiment/environment.js";
import { registerCalibrateCommand } from "./calibrate.js";
import { registerClaimsCommand } from "./claims.js";
import { exitQuietlyOnBrokenPipe, type CliContext } from "./common.js";
import { registerCompareCommand } from "./compare.js";
import { registerDecomposeCommand } from "./decompose.js";
import { registerMergeCommand } from "./merge.js";
import { registerMetricsCommand } from "./metrics.js";
import { registerRunCommand } from "./run.js";
import { registerStudyCommand } from "./study.js";
import { registerSweepCommand } from "./sweep.js";

/**
 * Commands whose modules other parts of moat provide (`moat chart`), loaded
 * dynamically so that the CLI still starts while one of them is absent; a module that is there but
 * fails to load is reported in one line.
 */
async function registerOptionalCommands(program: Command, context: CliContext, setExitCode: (code: number) => void): Promise<void> {
  const optional: { specifier: string; register: string }[] = [
    { specifier: "./chart.js", register: "registerChartCommand" },
  ];
  for (const { specifier, register } of optional) {
    let module: Record<string, unknown>;
    try {
      module = (await import(specifier)) as Record<string, unknown>;
    } catch (error) {
      const missing = (error as NodeJS.ErrnoException).code === "ERR_MODULE_NOT_FOUND" && String((error as Error).message).includes(specifier.slice(2));
      if (!missing) context.stderr.write(`moat: warning: ${specifier.slice(2, -3)} command unavailable: ${String((error as Error).message).split("\n")[0]}\n`);
      continue;
    }
    const fn = module[register];
    if (typeof fn === "function") (fn as (p: Command, c: CliContext, s: (code: number) => void) => void)(program, context, setExitCode);
  }
}

export async function main(argv: readonly string[], io: Partial<Pick<CliContext, "stdout" | "stderr">> = {}): Promise<number> {
  const context: CliContext = { argv, stdout: io.stdout ?? process.stdout, stderr: io.stderr ?? process.stderr };
  if (!io.stdout && !io.stderr) exitQuietlyOnBrokenPipe();
  let exitCode = 0;
  const setExitCode = (code: number) => {
    exitCode = code;
  };
  const program = new Command("moat")
    .description("Agent-based simulation of the AI-model market under licensing regimes.")
    .version(moatVersion(), "-V, --version")
    .exitOverride()
    .showSuggestionAfterError(true)
    // help texts are written with their own line breaks (<= 100 columns): do not re-wrap them at 80
    .configureHelp({ helpWidth: 120 })
    .configureOutput({
      writeOut: (text) => context.stdout.write(text),
      writeErr: (text) => context.stderr.write(text),
      // commander's messages may wrap a suggestion onto a second line: keep one line per problem
      outputError: (text, write) => write(`${text.trim().replace(/\s*\n\s*/g, " ")}\n`),
    })
    .addHelpText(
      "after",
      `
Examples:
  moat run                                          # the default scenario, one seed, with a summary
  moat compare baseline licensing-era --seeds 100   # regime effects with common random numbers
  moat sweep licensing-era --vary regime.thresholdFlop=1e25,1e26,1e27
  moat study scenarios/studies/licensing-vs-baseline.yaml
Each command has --help with examples; docs/EXPERIMENTS.md explains the outputs.`,
    );
  registerRunCommand(program, context, setExitCode);
  registerCompareCommand(program, context, setExitCode);
  registerSweepCommand(program, context, setExitCode);
  registerStudyCommand(program, context, setExitCode);
  registerMergeCommand(program, context, setExitCode);
  registerClaimsCommand(program, context, setExitCode);
  registerDecomposeCommand(program, context, setExitCode);
  registerCalibrateCommand(program, context, setExitCode);
  registerMetricsCommand(program, context, setExitCode);
  await registerOptionalCommands(program, context, setExitCode);

  try {
    await program.parseAsync([...argv], { from: "user" });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (["commander.helpDisplayed", "commander.version", "commander.help"].includes(error.code)) return 0;
      return 2;
    }
    if (hasProblems(error)) {
      for (const problem of error.problems) context.stderr.write(`${problem}\n`);
      return 2;
    }
    if (error instanceof OutputError) {
      // a file moat could not write: the message names it and the way out; no stack to ask for
      context.stderr.write(`moat: ${error.message}\n`);
      return 1;
    }
    const message = error instanceof Error ? error.message : String(error);
    context.stderr.write(`moat: failed: ${message.split("\n")[0]}${process.env.MOAT_DEBUG ? "" : " (set MOAT_DEBUG=1 for details)"}\n`);
    if (process.env.MOAT_DEBUG && error instanceof Error && error.stack) context.stderr.write(`${error.stack}\n`);
    return 1;
  }
}
