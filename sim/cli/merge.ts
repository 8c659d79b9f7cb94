// `moat merge <shard dirs...> --out DIR`: combine the shards of one study into the directory a
// one-machine run of the study would have written, byte for byte.
import type { Command } from "commander";
import { mergeShards } from "../experiment/merge.js";
import type { CliContext } from "./common.js";

export function registerMergeCommand(program: Command, context: CliContext, setExitCode: (code: number) => void): void {
  program
    .command("merge")
    .summary("combine the shards of a study")
    .description(
      `Combine the output directories of the shards of one study (each run with --shard k/n, on any
machines) into one study directory: the finished runs are copied into <dir>/.runs/ and the tables
written exactly as a one-machine run writes them. Every run of the study must be in some shard;
shards of different studies are refused.`,
    )
    .argument("<shards...>", "shard output directories")
    .requiredOption("--out <dir>", "merged study directory")
    .addHelpText(
      "after",
      `
Example:
  for k in 1 2 3 4; do moat sweep licensing-era --vary regime.thresholdFlop=1e25,1e26,1e27 --shard $k/4 --out shards/$k; done
  moat merge shards/1 shards/2 shards/3 shards/4 --out out/threshold-sweep
  (docs/cluster/ has the same as a Slurm job array and a Kubernetes Indexed Job)`,
    )
    .action((shards: string[], options: { out: string }) => {
      const result = mergeShards(shards, options.out);
      context.stdout.write(`merged ${shards.length} shard${shards.length === 1 ? "" : "s"}: ${result.runs} runs -> ${options.out}/: ${result.files.join(", ")}\n`);
      setExitCode(0);
    });
}
