// `moat decompose <scenario>`: which instrument of a regime produces each effect. Runs the
// decomposition arms (sim/experiment/decompose.ts) as one comparison study on common seeds, then
// writes decomposition.csv (tidy) and decomposition.md beside the study's usual tables.
import { join } from "node:path";
import type { Command } from "commander";
import {
  activeInstruments,
  decomposeEffects,
  decompositionArms,
  NONE_ARM,
  type Effect,
  type RegimeInstrument,
} from "../experiment/decompose.js";
import { readStudyRecord } from "../experiment/checkpoint.js";
import { normalizeStudy, scenarioLabel } from "../experiment/study.js";
import { readRunsTable, type RunsTable } from "../experiment/tables.js";
import { writeFileAtomic } from "../io/atomic.js";
import { writeCsvFile } from "../io/csv.js";
import { loadScenario } from "../scenario/load.js";
import { addStudyOptions, executeStudy, UsageError, wholeNumber, type CliContext, type StudyOptions } from "./common.js";
import { formatReadable, formatTable, metricLabel, periodLabel } from "./terminal.js";

export const DEFAULT_DECOMPOSE_SEEDS = 40;
/** What a decomposition reports by default: concentration (each variant), rivalry, the gray market and leaks, buyers, incumbents. */
export const DECOMPOSE_METRICS = [
  "hhi_usage",
  "hhi_lawful",
  "hhi_regulated",
  "hhi_hosted",
  "frontier_providers",
  "frontier_providers_lawful",
  "frontier_levels",
  "providers",
  "gray_share",
  "leaked_share",
  "mean_price",
  "consumer_surplus",
  "incumbent_operating_profit",
  "incumbent_investment",
];

export interface DecomposeOptions extends StudyOptions {
  seeds?: number;
  years?: number[];
}

interface DecompositionRow extends Effect {
  metric: string;
  period: number;
  year: number;
}

/** Period index of the last period of each requested calendar year that the run reaches. */
function periodsAt(years: readonly number[], startYear: number, periodsPerYear: number, periods: number): number[] {
  const chosen = new Set<number>();
  for (const year of years) {
    const last = (year - startYear + 1) * periodsPerYear - 1;
    if (last >= 0 && last < periods) chosen.add(last);
  }
  chosen.add(periods - 1);
  return [...chosen].sort((a, b) => a - b);
}

/** values[arm] for one metric at one period, seeds in run order. */
function armValues(table: RunsTable, armNames: readonly string[], metric: string, period: number): Map<string, number[]> {
  const values = new Map<string, number[]>(armNames.map((name) => [name, []]));
  for (let r = 0; r < table.rowCount; r++) {
    if (table.period[r] !== period || table.metric[r] !== metric) continue;
    values.get(armNames[table.arm[r]])!.push(table.value[r]);
  }
  return values;
}

function effectLabel(row: Effect, instruments: ReadonlyMap<string, RegimeInstrument>): string {
  if (row.effect === "total") return "Whole regime (total)";
  if (row.effect === "bare") return "Bare licence (line and who may buy; no instrument)";
  if (row.effect === "interactions") return "Interactions (total - bare - sum of alone)";
  return instruments.get(row.instrument)?.label ?? row.instrument;
}

const signed = (x: number): string => (Number.isFinite(x) && x > 0 ? "+" : "") + formatReadable(x);
const cell = (e: Effect | undefined): string => (e ? `${signed(e.mean)} [${formatReadable(e.q05)}, ${formatReadable(e.q95)}]` : "");

/** The decomposition as one table per metric and period: alone and last side by side per instrument. */
export function decompositionMarkdown(scenarioName: string, rows: readonly DecompositionRow[], instruments: readonly RegimeInstrument[], seeds: number, startYear: number, periodsPerYear: number): string {
  const byId = new Map(instruments.map((i) => [i.id, i]));
  const lines = [
    `# Channel decomposition: ${scenarioName}`,
    "",
    `Effects of the regime on ${seeds} common seeds: mean per-seed difference [5%, 95%]. ` +
      "*Alone* = the bare licence plus this instrument, minus the bare licence; *last* = the full regime minus the full regime without this instrument. " +
      "When the two agree the instrument acts on its own; when they differ it interacts with the others.",
    "",
    "Instruments switched off:",
    ...instruments.map((i) => `- **${i.label}** (\`${i.id}\`): ${i.offMeans}`),
  ];
  const keys = [...new Set(rows.map((r) => `${r.metric}|${r.period}`))];
  for (const key of keys) {
    const [metric, periodText] = key.split("|");
    const period = Number(periodText);
    const these = rows.filter((r) => r.metric === metric && r.period === period);
    const find = (effect: Effect["effect"], instrument = "") => these.find((r) => r.effect === effect && r.instrument === instrument);
    lines.push("", `## ${metricLabel(metric)} (\`${metric}\`), ${periodLabel(period, startYear, periodsPerYear)}`, "");
    lines.push("| channel | alone | last |", "|---|---:|---:|");
    lines.push(`| ${effectLabel(find("total")!, byId)} | ${cell(find("total"))} | |`);
    lines.push(`| ${effectLabel(find("bare")!, byId)} | ${cell(find("bare"))} | |`);
    for (const instrument of instruments) lines.push(`| ${instrument.label} | ${cell(find("alone", instrument.id))} | ${cell(find("last", instrument.id))} |`);
    lines.push(`| ${effectLabel(find("interactions")!, byId)} | ${cell(find("interactions"))} | |`);
  }
  return lines.join("\n") + "\n";
}

export function registerDecomposeCommand(program: Command, context: CliContext, setExitCode: (code: number) => void): void {
  const command = program
    .command("decompose")
    .summary("split a regime's effect into its instruments (ablation on common seeds)")
    .description(
      `Run the scenario without its regime, with a bare licence (every instrument off), in full, with
each instrument alone on the bare licence and with each instrument removed from the full regime,
all on the same seeds. Writes the study's tables and decomposition.csv (metric, period, year,
effect, instrument, n, mean, q05, q95, share_positive, se, ci95_low, ci95_high: the mean's 95%
interval, mean -/+ t_0.975(n-1) se: 2.02 se at 40 seeds) and decomposition.md to out/decompose-<scenario>/.
effect: total = full - none; bare = bare - none; alone = (bare + instrument) - bare;
last = full - (full without instrument); interactions = total - bare - sum of alone.`,
    )
    .argument("[scenario]", "scenario with a regime (name in scenarios/ or path)", "licensing-era")
    .option("--seeds <n>", `seeds per arm (default ${DEFAULT_DECOMPOSE_SEEDS})`, wholeNumber("--seeds", 2, 100_000))
    .option("--years <list>", "report the last period of these calendar years, and always the last period (default: 2027)", (text: string) =>
      text.split(",").map((y) => wholeNumber("--years", 1900, 3000)(y.trim())),
    )
    .addHelpText(
      "after",
      `
Examples:
  moat decompose licensing-era --seeds 40          # 3 + 2 x 10 arms x 40 seeds; out/decompose-licensing-era/
  moat decompose tiered-licensing --seeds 10 --years 2027,2030 --metrics hhi_usage,gray_share`,
    )
    .action(async (scenarioRef: string, options: DecomposeOptions) => {
      const { scenario } = await loadScenario(scenarioRef, options.set ? { overrides: options.set } : {});
      if (!scenario.regime) throw new UsageError([`moat decompose: ${scenarioRef}: the scenario has no regime (regime: null); nothing to decompose`]);
      const instruments = activeInstruments(scenario);
      const arms = decompositionArms(scenario, instruments);
      const metrics = options.metrics ?? DECOMPOSE_METRICS;
      const definition = normalizeStudy(
        {
          type: "compare",
          arms: arms.map((arm) => ({ name: arm.name, scenario: scenarioRef, set: arm.set })),
          baseline: NONE_ARM,
          seeds: options.seeds ?? DEFAULT_DECOMPOSE_SEEDS,
          masterSeed: options.seed,
          set: options.set,
          metrics,
          name: options.name,
        },
        "moat decompose",
        `decompose-${scenarioLabel(scenarioRef)}`,
      );
      const outDir = options.out ?? join("out", definition.name);
      const code = await executeStudy(definition, "moat decompose", { ...options, out: outDir }, context, { report: false });
      const record = readStudyRecord(outDir);
      if (code !== 0 || !record || (options.shard && options.shard.count > 1)) {
        setExitCode(code);
        return;
      }
      const table = readRunsTable(outDir, record);
      const armNames = arms.map((a) => a.name);
      const periods = periodsAt(options.years ?? [2027], scenario.startYear, scenario.periodsPerYear, scenario.periods);
      const rows: DecompositionRow[] = [];
      for (const metric of metrics)
        for (const period of periods) {
          const values = armValues(table, armNames, metric, period);
          if ([...values.values()].every((v) => v.length === 0)) continue;
          const year = scenario.startYear + period / scenario.periodsPerYear;
          for (const effect of decomposeEffects(values, instruments.map((i) => i.id))) rows.push({ metric, period, year, ...effect });
        }
      writeCsvFile(join(outDir, "decomposition.csv"), [
        { name: "metric", values: rows.map((r) => r.metric) },
        { name: "period", values: rows.map((r) => r.period) },
        { name: "year", values: rows.map((r) => r.year) },
        { name: "effect", values: rows.map((r) => r.effect) },
        { name: "instrument", values: rows.map((r) => r.instrument) },
        { name: "n", values: rows.map((r) => r.n) },
        { name: "mean", values: rows.map((r) => r.mean) },
        { name: "q05", values: rows.map((r) => r.q05) },
        { name: "q95", values: rows.map((r) => r.q95) },
        { name: "share_positive", values: rows.map((r) => r.sharePositive) },
        { name: "se", values: rows.map((r) => r.se) },
        { name: "ci95_low", values: rows.map((r) => r.ci95Low) },
        { name: "ci95_high", values: rows.map((r) => r.ci95High) },
      ]);
      const markdown = decompositionMarkdown(scenario.name, rows, instruments, options.seeds ?? DEFAULT_DECOMPOSE_SEEDS, scenario.startYear, scenario.periodsPerYear);
      writeFileAtomic(join(outDir, "decomposition.md"), markdown);
      const lastPeriod = periods[periods.length - 1];
      const terminal: string[][] = [["channel", ...metrics.map(metricLabel)]];
      const pick = (metric: string, effect: Effect["effect"], instrument = "") => rows.find((r) => r.metric === metric && r.period === lastPeriod && r.effect === effect && r.instrument === instrument);
      terminal.push(["total", ...metrics.map((m) => signed(pick(m, "total")?.mean ?? Number.NaN))]);
      terminal.push(["bare licence", ...metrics.map((m) => signed(pick(m, "bare")?.mean ?? Number.NaN))]);
      for (const i of instruments) terminal.push([`${i.id} (alone)`, ...metrics.map((m) => signed(pick(m, "alone", i.id)?.mean ?? Number.NaN))]);
      for (const i of instruments) terminal.push([`${i.id} (last)`, ...metrics.map((m) => signed(pick(m, "last", i.id)?.mean ?? Number.NaN))]);
      terminal.push(["interactions", ...metrics.map((m) => signed(pick(m, "interactions")?.mean ?? Number.NaN))]);
      context.stdout.write(`${periodLabel(lastPeriod, scenario.startYear, scenario.periodsPerYear)}, mean over seeds (intervals in decomposition.md):\n${formatTable(terminal)}`);
      context.stdout.write(`wrote ${outDir}/decomposition.csv, decomposition.md\n`);
      setExitCode(0);
    });
  addStudyOptions(command);
}
