// What the commands share: option parsers that turn a bad value into one clear line, the study
// options (--seed, --out, --workers, --resume, --fresh, --shard, --quiet, ...), and running a
// study with progress, Ctrl-C handling and a closing report.
import { join } from "node:path";
import { InvalidArgumentError, type Command } from "commander";
import { parse as parseYamlScalar } from "yaml";
import { StudyError } from "../experiment/errors.js";
import { planStudy } from "../experiment/plan.js";
import { defaultWorkers } from "../experiment/pool.js";
import { runStudy, type Shard } from "../experiment/runner.js";
import type { ParameterValue } from "../experiment/sampling.js";
import { MAX_SEED } from "../experiment/seeds.js";
import type { StudyDefinition } from "../experiment/study.js";
import { studyReport } from "./terminal.js";

/** A user mistake found by a command itself (not by commander): exit 2, problems printed one per line. */
export class UsageError extends StudyError {}

export interface CliContext {
  /** the arguments moat was called with, for the "continue with" hint */
  argv: readonly string[];
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
}

export function wholeNumber(option: string, min: number, max = Number.MAX_SAFE_INTEGER) {
  return (text: string): number => {
    const value = Number(text);
    if (!/^\s*\d+\s*$/.test(text) || !Number.isSafeInteger(value) || value < min || value > max)
      throw new InvalidArgumentError(`expected a whole number from ${min}${max < Number.MAX_SAFE_INTEGER ? ` to ${max}` : " up"}, got ${JSON.stringify(text)}`);
    return value;
  };
}

export const parseSeed = wholeNumber("--seed", 0, MAX_SEED);
export const parseWorkers = wholeNumber("--workers", 1, 1024);

/** `k/n`: shard k of n (1 <= k <= n). */
export function parseShard(text: string): Shard {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = match ? Number(match[1]) : Number.NaN;
  const count = match ? Number(match[2]) : Number.NaN;
  if (!match || count < 1 || index < 1 || index > count)
    throw new InvalidArgumentError(`expected k/n with 1 <= k <= n (e.g. 2/8), got ${JSON.stringify(text)}`);
  return { index, count };
}

// A value on the command line, read as YAML: 1e26 and 0.5 are numbers, true/false booleans, null null, anything else text.
export function parseValue(text: string): ParameterValue {
  const trimmed = text.trim();
  if (trimmed === "") return "";
  try {
    const value: unknown = parseYamlScalar(trimmed);
    if (typeof value === "number" || typeof value === "boolean" || value === null || typeof value === "string") return value;
  } catch {
    // not a YAML scalar: keep the text
  }
  return trimmed;
}

const PATH_PATTERN = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;

/** `--set path=value` (repeatable): collected into { path: value }. */
export function collectSet(text: string, previous: Record<string, unknown> = {}): Record<string, unknown> {
  const eq = text.indexOf("=");
  const path = eq < 0 ? "" : text.slice(0, eq).trim();
  if (eq < 0 || !PATH_PATTERN.test(path)) throw new InvalidArgumentError(`expected path=value (e.g. periods=20), got ${JSON.stringify(text)}`);
  return { ...previous, [path]: parseValue(text.slice(eq + 1)) };
}

export type VarySpec = Record<string, ParameterValue[] | { min: number; max: number }>;

/** `--vary path=v1,v2,v3` (grid values) or `--vary path=min:max` (a range to sample); repeatable. */
export function collectVary(text: string, previous: VarySpec = {}): VarySpec {
  const eq = text.indexOf("=");
  const path = eq < 0 ? "" : text.slice(0, eq).trim();
  const spec = eq < 0 ? "" : text.slice(eq + 1).trim();
  const usage = `expected path=v1,v2,... or path=min:max (e.g. regime.thresholdFlop=1e25,1e26), got ${JSON.stringify(text)}`;
  if (eq < 0 || !PATH_PATTERN.test(path) || spec === "") throw new InvalidArgumentError(usage);
  if (path in previous) throw new InvalidArgumentError(`${path} is varied twice; give all its values in one --vary`);
  const range = /^([^,:]+):([^,:]+)$/.exec(spec);
  if (range) {
    const min = Number(range[1]);
    const max = Number(range[2]);
    if (!Number.isFinite(min) || !Number.isFinite(max)) throw new InvalidArgumentError(`${path}: expected numbers in min:max, got ${JSON.stringify(spec)}`);
    return { ...previous, [path]: { min, max } };
  }
  const parts = spec.split(",");
  if (parts.some((p) => p.trim() === "")) throw new InvalidArgumentError(usage);
  return { ...previous, [path]: parts.map(parseValue) };
}

export function collectList(text: string, previous: string[] = []): string[] {
  const items = text
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  if (items.length === 0) throw new InvalidArgumentError(`expected a comma-separated list, got ${JSON.stringify(text)}`);
  return [...previous, ...items];
}

/** Options every study-running command takes. */
export interface StudyOptions {
  seed?: number;
  out?: string;
  workers?: number;
  resume?: boolean;
  fresh?: boolean;
  shard?: Shard;
  quiet?: boolean;
  name?: string;
  metrics?: string[];
  set?: Record<string, unknown>;
}

export function addStudyOptions(command: Command, options: { seed?: boolean; set?: boolean; outHelp?: string } = {}): Command {
  if (options.seed !== false) command.option("--seed <n>", "master seed the run seeds derive from (default: the scenario's seed)", parseSeed);
  if (options.set !== false) {
    command.option("--set <path=value>", "override a scenario field in every arm (repeatable), e.g. --set periods=20", collectSet);
    command.option("--metrics <ids>", "keep only these metrics (comma-separated; entries.* for every kind)", collectList);
    command.option("--name <name>", "study name (the output folder under out/)");
  }
  return command
    .option("--out <dir>", options.outHelp ?? "study directory (default: out/<study name>)")
    .option("--workers <n>", `worker threads (default: all cores, ${defaultWorkers()} here)`, parseWorkers)
    .option("--resume", "continue the study already in the output directory; finished runs are kept")
    .option("--fresh", "discard the study already in the output directory and start over")
    .option("--shard <k/n>", "run only slice k of n (runs whose number mod n is k-1); combine with moat merge", parseShard)
    .option("--quiet", "no progress line");
}

/**
 * The first Ctrl-C (or SIGTERM) aborts the runs in flight, keeping finished runs saved; a second one
 * quits at once (exit 130). Pass onInterrupt to the runner, or register it on the signals yourself.
 */
export function interruptOnCtrlC(context: Pick<CliContext, "stderr">): { controller: AbortController; onInterrupt: () => void } {
  const controller = new AbortController();
  let interrupts = 0;
  const onInterrupt = () => {
    interrupts++;
    if (interrupts === 1) {
      context.stderr.write("\nstopping: runs in flight are dropped, finished runs stay saved (Ctrl-C again to quit at once)\n");
      controller.abort();
    } else process.exit(130);
  };
  return { controller, onInterrupt };
}

/** Checkpoint options that contradict each other: --resume with --fresh, --merge with --shard, --resume or --fresh. */
export function checkCheckpointOptions(command: string, options: { resume?: boolean; fresh?: boolean; merge?: unknown; shard?: unknown }): void {
  if (options.resume && options.fresh) throw new UsageError([`${command}: --resume and --fresh contradict each other: choose one`]);
  if (options.merge && (options.shard || options.resume || options.fresh)) throw new UsageError([`${command}: --merge combines finished shards: it takes no --shard, --resume or --fresh`]);
}

/** What an interrupted run says: how many runs are saved where, and the command that continues (the same arguments, with --resume and without --fresh). */
export function interruptedMessage(finished: number, total: number, savedIn: string, argv: readonly string[]): string {
  const again = [...argv.filter((a) => a !== "--fresh"), ...(argv.includes("--resume") ? [] : ["--resume"])];
  return `interrupted: ${finished} of ${total} runs finished and saved in ${savedIn}\ncontinue with: moat ${again.map(shellQuote).join(" ")}\n`;
}

/** Plan a study, run it, report; returns the exit code. */
export async function executeStudy(definition: StudyDefinition, where: string, options: StudyOptions, context: CliContext, print: { report?: boolean } = {}): Promise<number> {
  checkCheckpointOptions(where, options);
  const plan = await planStudy(definition, where);
  const outDir = options.out ?? join("out", definition.name);

  const { controller, onInterrupt } = interruptOnCtrlC(context);
  const result = await runStudy(plan, {
    outDir,
    workers: options.workers ?? defaultWorkers(),
    resume: options.resume,
    fresh: options.fresh,
    shard: options.shard,
    command: ["moat", ...context.argv].map(shellQuote).join(" "),
    signal: controller.signal,
    onInterrupt,
    progress: { stream: context.stderr, enabled: context.stderr.isTTY === true && !options.quiet },
  });

  const finishedNow = result.reused + result.ran;
  if (result.interrupted) {
    context.stderr.write(interruptedMessage(finishedNow, result.total, join(outDir, ".runs"), context.argv));
    return 130;
  }
  for (const warning of result.warnings.slice(0, 5)) context.stderr.write(`warning: ${warning}\n`);
  if (result.warnings.length > 5) context.stderr.write(`warning: ... and ${result.warnings.length - 5} more distinct warnings\n`);
  const runsLine = `${result.ran} run${result.ran === 1 ? "" : "s"} done now, ${result.reused} reused from the checkpoint`;
  if (!result.complete) {
    context.stdout.write(
      `shard ${options.shard?.index}/${options.shard?.count} of study ${definition.name}: ${finishedNow} of ${result.total} runs finished (${runsLine}) in ${outDir}\n` +
        `when every shard is done: moat merge <shard directories...> --out <dir>\n`,
    );
    return 0;
  }
  context.stdout.write(`study ${definition.name}: ${plan.runCount} runs (${runsLine})\n`);
  const report = print.report === false ? undefined : studyReport(outDir, plan);
  if (report) context.stdout.write(report);
  context.stdout.write(`wrote ${outDir}/: ${result.files.join(", ")}\n`);
  return 0;
}

const guardedStreams = new WeakSet<NodeJS.WriteStream>();

/**
 * When the reader of moat's output goes away (`moat run | head`), the next write fails with EPIPE:
 * end quietly then, as other command-line tools do, instead of an unhandled-error trace. Every file
 * moat writes is complete before it prints about it, so nothing is left half-written.
 */
export function exitQuietlyOnBrokenPipe(streams: readonly NodeJS.WriteStream[] = [process.stdout, process.stderr]): void {
  for (const stream of streams) {
    if (guardedStreams.has(stream)) continue;
    guardedStreams.add(stream);
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EPIPE") process.exit(typeof process.exitCode === "number" ? process.exitCode : 0);
      throw error;
    });
  }
}

export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_./:=,@%+-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`;
}
