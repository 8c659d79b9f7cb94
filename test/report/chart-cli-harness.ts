// Stand-in for sim/cli/main.ts until it registers `moat chart`: `npx tsx test/report/chart-cli-harness.ts chart <dir> ...`.
// Exits with the status commander reports (2 for a user mistake in `moat chart`).
import { Command, CommanderError } from "commander";
import { registerChartCommand } from "../../sim/cli/chart.js";

const program = new Command("moat").exitOverride();
registerChartCommand(program);
try {
  await program.parseAsync(process.argv.slice(2), { from: "user" });
} catch (error) {
  if (error instanceof CommanderError) process.exit(error.exitCode);
  throw error;
}
