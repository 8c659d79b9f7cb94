// The runs of a comparison as CSV and a scenario as YAML: what the what-if page lets a student
// download and what the library API (sim/api.ts) writes.
// - CSV: the columns of the CLI's metrics.csv with the arm and seed in front,
//   `arm,seed,period,year,metric,value`, one row per arm, seed, period and metric, written in the
//   CLI's lossless number format (sim/io/csv.ts: shortest round-trip numbers, NaN, Inf, -Inf).
// - YAML: the full resolved scenario (defaults filled in, no `extends`), which `moat run` accepts.
// Portable (sim/io/csv.ts writes files, so its cell format is repeated here and tested equal).
import { stringify } from "yaml";
import type { Scenario } from "../scenario/schema.js";
import { formatCell, formatNumber } from "../csv.js";
import type { ArmRuns } from "../statistics.js";

export const RUNS_CSV_COLUMNS = ["arm", "seed", "period", "year", "metric", "value"] as const;

/** All runs of the arms as CSV text, arms in order, then seeds in order. */
export function runsCsv(arms: readonly ArmRuns[]): string {
  const lines: string[] = [RUNS_CSV_COLUMNS.join(",")];
  for (const arm of arms) {
    const armName = formatCell(arm.name);
    arm.runs.forEach((rows, i) => {
      const seed = formatNumber(arm.seeds[i]);
      for (const row of rows) lines.push(`${armName},${seed},${formatNumber(row.period)},${formatNumber(row.year)},${formatCell(row.metric)},${formatNumber(row.value)}`);
    });
  }
  return `${lines.join("\n")}\n`;
}

/** The scenario as a YAML file `moat run` accepts; `header` lines become comments at the top. */
export function scenarioYaml(scenario: Scenario, header: readonly string[] = []): string {
  const { extends: _ignored, ...resolved } = scenario;
  const comments = header.map((line) => `# ${line}`.trimEnd()).join("\n");
  const body = stringify(resolved, { lineWidth: 0, aliasDuplicateObjects: false });
  return comments ? `${comments}\n${body}` : body;
}

export interface PageExportContext {
  /** the what-if scenario's name (the downloaded file is `<name>.yaml`) */
  scenarioName: string;
  moatVersion: string;
  /** the page's state as a query string, without "?" */
  query: string;
  /** seeds per arm the page ran */
  seeds: number;
  /** the master seed the page's run seeds derive from (the scenario's `seed`) */
  masterSeed: number;
  hasRegime: boolean;
  /** one line per control moved away from the preset */
  changes: readonly string[];
}

/**
 * The comment lines at the top of the page's YAML download: where it came from, and the commands
 * that give the page's numbers. The page runs `seeds` seeds derived from `masterSeed`
 * (deriveSeeds, as `moat run --replicates` does) with the regime and, on the same seeds, without it
 * (the scenario with `regime: null`), and draws the mean and the 5-95% band across seeds.
 */
export function pageExportHeader(context: PageExportContext): string[] {
  const file = `${context.scenarioName}.yaml`;
  const replicates = `--replicates ${context.seeds} --seed ${context.masterSeed}`;
  return [
    `${context.scenarioName}: exported from the moat what-if page (moat ${context.moatVersion}).`,
    `Page state: ?${context.query}`,
    `The page ran ${context.seeds} seed${context.seeds === 1 ? "" : "s"} derived from master seed ${context.masterSeed}${context.hasRegime ? ", with the regime and, on the same seeds, without it" : ""},`,
    "and shows the mean and the 5-95% band across them. The same numbers from the repository:",
    `  npx moat run ${file} ${replicates}`,
    ...(context.hasRegime ? [`  npx moat run ${file} ${replicates} --set regime=null --name ${context.scenarioName}-no-regime`] : []),
    `(summary.csv in out/${context.scenarioName}-replicates/${context.hasRegime ? ` and out/${context.scenarioName}-no-regime/` : ""}). One seed: npx moat run ${file} --seed <seed>.`,
    ...(context.changes.length > 0 ? ["Changed from the preset:", ...context.changes.map((c) => `  ${c}`)] : []),
  ];
}
