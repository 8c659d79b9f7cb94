// `moat compare <baseline> <regime>...`: the same seeds in every arm (common random numbers), with
// summary statistics per arm and of the per-seed differences arm - baseline.
import type { Command } from "commander";
import { normalizeStudy, scenarioLabel } from "../experiment/study.js";
import { addStudyOptions, collectSet, executeStudy, wholeNumber, type CliContext, type StudyOptions } from "./common.js";

export const DEFAULT_COMPARE_SEEDS = 20;

export function registerCompareCommand(program: Command, context: CliContext, setExitCode: (code: number) => void): void {
  const command = program
    .command("compare")
    .summary("compare regimes with a baseline on the same seeds")
    .description(
      `Run the baseline and each regime scenario on the same seeds (common random numbers: the
seeds derive from --seed, and every arm uses the same list), then write to out/<study name>/:
runs.csv/.parquet (every run), summary.csv/.parquet (mean, median, q05, q95, se over seeds per
arm, period and metric) and differences.csv/.parquet (the same statistics of the per-seed
difference regime - baseline, whose intervals are tight because the seeds are shared).

--set applies to every arm, the baseline included: --set regime.thresholdFlop=1e25 fails when the
baseline has no regime. --set-arms applies to the regime arms only (every scenario after the
baseline), so a regime field can be changed while the baseline stays as it is.`,
    )
    .argument("<baseline>", "baseline scenario (name in scenarios/ or path)")
    .argument("<regimes...>", "one or more scenarios to compare with it")
    .option("--seeds <n>", `seeds per arm (default ${DEFAULT_COMPARE_SEEDS})`, wholeNumber("--seeds", 1, 1_000_000))
    .option("--set-arms <path=value>", "override a scenario field in the regime arms only, not the baseline (repeatable)", collectSet)
    .addHelpText(
      "after",
      `
Examples:
  moat compare baseline licensing-era --seeds 100 --seed 1
        # 200 runs; out/compare-baseline-vs-licensing-era/differences.csv has licensing-era - baseline
  moat compare baseline licensing-era tiered-licensing --set periods=40 --metrics hhi_usage,gray_share
        # --set changes every arm, the baseline too
  moat compare baseline licensing-era --set-arms regime.thresholdFlop=1e25 --seeds 10 --name lower-line
        # a lower licensing line in the regime arm; the baseline runs as shipped (out/lower-line/)
  moat compare baseline licensing-era --seeds 1000 --shard 3/10 --out shards/3   # one slice; see moat merge`,
    )
    .action(async (baseline: string, regimes: string[], options: StudyOptions & { seeds?: number; setArms?: Record<string, unknown> }) => {
      // --set-arms rides on each regime arm's own `set` (applied after the study-wide --set)
      const arms = [{ scenario: baseline }, ...regimes.map((scenario) => (options.setArms ? { scenario, set: options.setArms } : { scenario }))];
      const definition = normalizeStudy(
        {
          type: "compare",
          arms,
          seeds: options.seeds ?? DEFAULT_COMPARE_SEEDS,
          masterSeed: options.seed,
          set: options.set,
          metrics: options.metrics,
          name: options.name,
        },
        "moat compare",
        `compare-${scenarioLabel(baseline)}-vs-${regimes.map(scenarioLabel).join("-")}`,
      );
      setExitCode(await executeStudy(definition, "moat compare", options, context));
    });
  addStudyOptions(command);
}
