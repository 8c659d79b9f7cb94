// `moat metrics`: the metrics a scenario's runs report (the ids of metrics.csv, with the by-kind
// ids expanded for the scenario's provider kinds), their labels, units and descriptions, read from
// the metric registry (sim/metric-catalog.ts). As a table, CSV or JSON.
import { InvalidArgumentError, type Command } from "commander";
import { toCsv } from "../csv.js";
import { metricIds, metricInfo, type MetricMeasure } from "../metric-catalog.js";
import { loadScenario } from "../scenario/load.js";
import type { Scenario } from "../scenario/schema.js";
import { simulate } from "../simulate.js";
import type { CliContext } from "./common.js";
import { DEFAULT_SCENARIO } from "./run.js";

export type MetricsFormat = "table" | "csv" | "json";
const FORMATS: readonly MetricsFormat[] = ["table", "csv", "json"];

/** One metric a scenario reports, as listed. */
export interface MetricListing {
  id: string;
  label: string;
  unit: string;
  /** the structured unit (kind of quantity) the unit text is written from */
  measure: MetricMeasure;
  description: string;
  /** the by-kind family the id belongs to (`usage_share` for `usage_share.startup`) */
  family?: string;
  /** rank among the headline metrics of the run and study summaries */
  headline?: number;
}

/**
 * The metrics a run of the scenario reports, in the order of metrics.csv. What applies depends on
 * the scenario (the Cournot market reports fewer; the FLOP-line metrics need a line), so the list is
 * read from one period of a run.
 */
export function scenarioMetrics(scenario: Scenario): MetricListing[] {
  const reported = new Set(simulate({ ...scenario, periods: 1 }, scenario.seed, { recordFirms: false }).metrics.map((row) => row.metric));
  return metricIds(Object.keys(scenario.kinds), Object.keys(scenario.segments))
    .filter((id) => reported.has(id))
    .map((id) => {
      const info = metricInfo(id)!;
      const listing: MetricListing = { id, label: info.label, unit: info.unit, measure: info.measure, description: info.description };
      if (info.byKind) listing.family = id.slice(0, id.indexOf("."));
      if (info.headline !== undefined) listing.headline = info.headline;
      return listing;
    });
}

/** Columns padded to their widest cell, left-aligned. */
function textTable(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c])).join("  ").trimEnd()).join("\n") + "\n";
}

export function formatMetrics(listings: readonly MetricListing[], format: MetricsFormat): string {
  if (format === "json") return JSON.stringify(listings, null, 1) + "\n";
  const columns = [
    { name: "id", values: listings.map((m) => m.id) },
    { name: "label", values: listings.map((m) => m.label) },
    { name: "unit", values: listings.map((m) => m.unit) },
    { name: "unit_kind", values: listings.map((m) => m.measure.kind) },
    { name: "description", values: listings.map((m) => m.description) },
  ];
  if (format === "csv") return toCsv(columns);
  const shown = columns.filter((c) => c.name !== "unit_kind");
  return textTable([shown.map((c) => c.name), ...listings.map((_, i) => shown.map((c) => c.values[i]))]);
}

function parseFormat(text: string): MetricsFormat {
  if (!(FORMATS as readonly string[]).includes(text)) throw new InvalidArgumentError(`expected one of ${FORMATS.join(", ")}, got ${JSON.stringify(text)}`);
  return text as MetricsFormat;
}

export function registerMetricsCommand(program: Command, context: Pick<CliContext, "stdout">, setExitCode: (code: number) => void = () => undefined): void {
  program
    .command("metrics")
    .summary("list the metrics a scenario's runs report: ids, labels, units, descriptions")
    .description(
      `List the metric ids of metrics.csv and of the study tables for a scenario (default ${DEFAULT_SCENARIO}),
in the order the files hold them, with label, unit and description. Metrics reported per provider
kind appear once per kind of the scenario (usage_share.startup, ...; the usage shares add
usage_share.gray). Study files' \`metrics:\` filters, \`moat chart --metric\` and the claims' criteria
take these ids.`,
    )
    .option("--scenario <name|file>", "scenario whose kinds and market form decide the list", DEFAULT_SCENARIO)
    .option("--format <format>", `table, csv or json (json adds the unit kind, the family and the headline rank)`, parseFormat, "table")
    .addHelpText(
      "after",
      `
Examples:
  moat metrics                                        # the default scenario's metrics as a table
  moat metrics --scenario scenarios/textbook/cournot-free-entry.yaml --format csv   # the Cournot market: fewer
  moat metrics --format json`,
    )
    .action(async (options: { scenario: string; format: MetricsFormat }) => {
      const { scenario } = await loadScenario(options.scenario);
      context.stdout.write(formatMetrics(scenarioMetrics(scenario), options.format));
      setExitCode(0);
    });
}
