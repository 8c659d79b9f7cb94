// `moat study <file>`: run a study defined in a YAML file (scenarios/studies/*.yaml), so that a
// comparison or a sweep is one reviewable artefact. Same outputs as run --replicates / compare / sweep.
import type { Command } from "commander";
import { loadStudyFile } from "../experiment/study.js";
import { addStudyOptions, executeStudy, type CliContext, type StudyOptions } from "./common.js";

export function registerStudyCommand(program: Command, context: CliContext, setExitCode: (code: number) => void): void {
  const command = program
    .command("study")
    .summary("run a study defined in a YAML file")
    .description(
      `Run the study a YAML file defines: type run (replicates), compare (arms on the same seeds) or
sweep (grid or Latin hypercube), its seeds, master seed, overrides and metrics. The file format
is in docs/EXPERIMENTS.md; examples are in scenarios/studies/. Output in out/<study name>/.`,
    )
    .argument("<file>", "study file, e.g. scenarios/studies/licensing-vs-baseline.yaml")
    .addHelpText(
      "after",
      `
Examples:
  moat study scenarios/studies/licensing-vs-baseline.yaml
  moat study scenarios/studies/threshold-sweep.yaml --workers 2 --out out/threshold
  moat study scenarios/studies/threshold-sweep.yaml --resume        # after Ctrl-C or a crash
  moat study scenarios/studies/threshold-sweep.yaml --shard 2/8 --out shards/2   # then moat merge`,
    )
    .action(async (file: string, options: StudyOptions) => {
      const definition = loadStudyFile(file);
      setExitCode(await executeStudy(definition, file, options, context));
    });
  addStudyOptions(command, { seed: false, set: false });
}
