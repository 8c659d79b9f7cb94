// The numbers behind each chart of the what-if page, as a table a student can read (the page's
// "Table" view) or download (CSV): for a time series, the mean and the 90% band across seeds per
// year and arm; for the usage shares, the mean share of each provider kind per year. The same
// rows the chart draws, from the same statistics (sim/statistics.ts). Portable.
import type { StatRow, StudyTables } from "../statistics.js";
import { formatCell, formatNumber } from "../csv.js";

export interface ChartTable {
  columns: string[];
  rows: (string | number)[][];
}

/** What a chart of the page draws: a metric over time for some arms, or one arm's shares by kind. */
export type ChartTableRequest = { kind: "timeseries"; metric: string; arms: string[] } | { kind: "shares"; metric: string; arm: string };

const byYearThen = (order: (row: StatRow) => number) => (a: StatRow, b: StatRow) => a.period - b.period || order(a) - order(b);

/** The table of one chart of the page. */
export function chartTable(tables: StudyTables, request: ChartTableRequest): ChartTable {
  if (request.kind === "timeseries") {
    const rank = new Map(request.arms.map((arm, i) => [arm, i]));
    const rows = tables.summary
      .filter((row) => row.metric === request.metric && rank.has(row.arm))
      .sort(byYearThen((row) => rank.get(row.arm) as number));
    return {
      columns: ["year", "arm", "metric", "mean", "q05", "q95", "seeds"],
      rows: rows.map((row) => [row.year, row.arm, row.metric, row.mean, row.q05, row.q95, row.n]),
    };
  }
  const prefix = `${request.metric}.`;
  const kinds: string[] = [];
  for (const row of tables.summary) if (row.arm === request.arm && row.metric.startsWith(prefix) && !kinds.includes(row.metric)) kinds.push(row.metric);
  const rank = new Map(kinds.map((metric, i) => [metric, i]));
  const rows = tables.summary.filter((row) => row.arm === request.arm && rank.has(row.metric)).sort(byYearThen((row) => rank.get(row.metric) as number));
  return {
    columns: ["year", "arm", "kind", "mean", "q05", "q95", "seeds"],
    rows: rows.map((row) => [row.year, row.arm, row.metric.slice(prefix.length), row.mean, row.q05, row.q95, row.n]),
  };
}

/** The table as CSV in the CLI's lossless number format (sim/csv.ts). */
export function chartTableCsv(table: ChartTable): string {
  const lines = [table.columns.join(","), ...table.rows.map((row) => row.map((cell) => (typeof cell === "number" ? formatNumber(cell) : formatCell(cell))).join(","))];
  return `${lines.join("\n")}\n`;
}
