// The numbers behind the page's charts: the rows each chart draws, and their CSV.
import { describe, expect, it } from "vitest";
import { parseCsv } from "../../sim/io/csv.js";
import { chartTable, chartTableCsv } from "../../sim/page/chart-table.js";
import { comparisonTables, type ArmRuns } from "../../sim/statistics.js";

const row = (period: number, metric: string, value: number) => ({ period, year: 2026 + period / 4, metric, value });
const arm = (name: string, scale: number): ArmRuns => ({
  name,
  scenario: "s",
  seeds: [1, 2],
  runs: [1, 2].map((seed) => [0, 1].flatMap((p) => [row(p, "hhi_usage", scale * (1000 + 100 * p + seed)), row(p, "usage_share.startup", 0.25 * seed), row(p, "usage_share.gray", 0.1)])),
});
const tables = comparisonTables({ name: "s", arms: [arm("with", 2), arm("no regime", 1)], baseline: "no regime", startYear: 2026, periodsPerYear: 4, regimeStartPeriod: 0, moatVersion: "t" });

describe("chartTable", () => {
  it("a time series: the mean and 5-95% band across seeds per year, arms in the order asked", () => {
    const table = chartTable(tables, { kind: "timeseries", metric: "hhi_usage", arms: ["with", "no regime"] });
    expect(table.columns).toEqual(["year", "arm", "metric", "mean", "q05", "q95", "seeds"]);
    expect(table.rows.map((r) => r.slice(0, 2))).toEqual([[2026, "with"], [2026, "no regime"], [2026.25, "with"], [2026.25, "no regime"]]);
    // seeds 1 and 2 at period 1, with the regime: 2 x (1101, 1102) -> mean 2203
    expect(table.rows[2][3]).toBe(2203);
    expect(table.rows[2][6]).toBe(2);
  });

  it("the shares of one arm by provider kind, and a CSV that reads back to the same numbers", () => {
    const table = chartTable(tables, { kind: "shares", metric: "usage_share", arm: "with" });
    expect(table.rows.map((r) => [r[0], r[2], r[3]])).toEqual([[2026, "startup", 0.375], [2026, "gray", 0.1], [2026.25, "startup", 0.375], [2026.25, "gray", 0.1]]);
    const back = parseCsv(chartTableCsv(table));
    expect(back.header).toEqual(table.columns);
    expect(back.rows.map((r) => Number(r[3]))).toEqual(table.rows.map((r) => r[3]));
  });
});
