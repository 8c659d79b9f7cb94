// `moat sweep <scenario> --vary path=values`: a full grid over listed values, or a Latin
// hypercube or Sobol' sample over ranges (global sensitivity), each point run on the same seeds.
import type { Command } from "commander";
import { InvalidArgumentError } from "commander";
import { normalizeStudy, scenarioLabel } from "../experiment/study.js";
import { UsageError, addStudyOptions, collectVary, executeStudy, wholeNumber, type CliContext, type StudyOptions, type VarySpec } from "./common.js";

export const DEFAULT_SWEEP_SEEDS = 5;

type SampleMethod = "grid" | "lhs" | "sobol" | "saltelli";

function parseSample(text: string): SampleMethod {
  if (text === "grid" || text === "lhs" || text === "sobol" || text === "saltelli") return text;
  throw new InvalidArgumentError(`expected grid, lhs, sobol or saltelli, got ${JSON.stringify(text)}`);
}

export function registerSweepCommand(program: Command, context: CliContext, setExitCode: (code: number) => void): void {
  const command = program
    .command("sweep")
    .summary("sweep parameters over a grid, a Latin hypercube or Sobol' points")
    .description(
      `Vary scenario fields and run every point on the same seeds. --vary path=v1,v2,... lists values
(a full grid over all --vary flags; the last varies fastest); --vary path=min:max gives a range,
sampled with --sample lhs --points K (Latin hypercube: each range cut into K strata, each used
once), --sample sobol --points K (the first K points of the Sobol' sequence, K a power of two) or
--sample saltelli --points N (Saltelli's design for Sobol' indices: N (d + 2) points for d ranges,
N a power of two, in SALib's row order; see docs/SENSITIVITY.md). Fields the scenario schema declares log scale (the FLOP lines, e.g. regime.thresholdFlop)
are sampled log-uniformly, fields it declares whole numbers are rounded. Output in out/<study name>/: runs,
summary (per point) and manifest.json with each point's values; one column per varied path.`,
    )
    .argument("<scenario>", "scenario name in scenarios/ or path")
    .option("--vary <path=values>", "path=v1,v2,... (grid) or path=min:max (range); repeatable", collectVary)
    .option("--all-uncertain", "vary every uncertain parameter of the scenario over its declared prior (a study file's vary: uncertain); needs --sample lhs, sobol or saltelli")
    .option("--sample <method>", "grid (default), lhs (Latin hypercube over ranges), sobol (Sobol' points) or saltelli (design for Sobol' indices)", parseSample)
    .option("--points <k>", "points to sample with --sample lhs, sobol (a power of two) or saltelli (base size N, a power of two)", wholeNumber("--points", 1, 1_000_000))
    .option("--seeds <n>", `seeds per point (default ${DEFAULT_SWEEP_SEEDS})`, wholeNumber("--seeds", 1, 1_000_000))
    .addHelpText(
      "after",
      `
Examples:
  moat sweep licensing-era --vary regime.thresholdFlop=1e25,1e26,1e27 --vary regime.complianceCosts.scale=0.5,1,2 --seeds 10
        # 9 points x 10 seeds; out/sweep-licensing-era/summary.csv has one column per varied path
  moat sweep licensing-era --vary regime.thresholdFlop=1e24:1e28 --vary regime.enforcement.penaltyUsdM=1:1000 \\
        --sample lhs --points 64 --seeds 4 --name threshold-penalty-lhs   # thresholdFlop log-uniform, penalty uniform
  moat sweep licensing-era --vary regime.thresholdFlop=1e24:1e28 --vary regime.complianceCosts.scale=0.5:2.5 \\
        --sample sobol --points 64 --seeds 4 --name threshold-cost-sobol   # the first 64 Sobol' points, mapped the same way
  moat sweep licensing-era --vary regime.preReleaseApproval.auditDelayQuarters=0,2,4,8 --shard 1/4 --out shards/1   # see moat merge
  moat sweep licensing-era --all-uncertain --sample lhs --points 64 --seeds 2 --name all-uncertain   # every uncertain field over its prior (docs/SENSITIVITY.md)`,
    )
    .action(async (scenario: string, options: StudyOptions & { vary?: VarySpec; allUncertain?: boolean; sample?: SampleMethod; points?: number; seeds?: number }) => {
      if (options.vary && options.allUncertain) throw new UsageError(["moat sweep: --all-uncertain varies every uncertain parameter: it takes no --vary"]);
      if (!options.vary && !options.allUncertain) throw new UsageError(["moat sweep: expected at least one --vary path=values (e.g. --vary regime.thresholdFlop=1e25,1e26)"]);
      if (options.points !== undefined && (options.sample === undefined || options.sample === "grid"))
        throw new UsageError(["moat sweep: --points applies to --sample lhs, sobol or saltelli (a grid has one point per combination of the listed values)"]);
      const definition = normalizeStudy(
        {
          type: "sweep",
          scenario,
          vary: options.allUncertain ? "uncertain" : options.vary,
          sample: options.sample === undefined || options.sample === "grid" ? { method: "grid" } : { method: options.sample, points: options.points },
          seeds: options.seeds ?? DEFAULT_SWEEP_SEEDS,
          masterSeed: options.seed,
          set: options.set,
          metrics: options.metrics,
          name: options.name,
        },
        "moat sweep",
        `sweep-${scenarioLabel(scenario)}`,
      );
      setExitCode(await executeStudy(definition, "moat sweep", options, context));
    });
  addStudyOptions(command);
}
