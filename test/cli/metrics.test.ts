// `moat metrics`: the ids a scenario's runs report, from the metric registry, as a table, CSV or
// JSON; the examples of its --help run as written.
import { describe, expect, it } from "vitest";
import { parseCsv } from "../../sim/csv.js";
import { metricInfo } from "../../sim/metric-catalog.js";
import { loadScenario } from "../../sim/scenario/load.js";
import { simulate } from "../../sim/simulate.js";
import { moat } from "../experiment/helpers.js";

describe("moat metrics", () => {
  it("lists exactly the ids a run of the default scenario writes to metrics.csv, in that order", async () => {
    const result = await moat("metrics", "--format", "json");
    expect(result.code).toBe(0);
    const listed = JSON.parse(result.stdout) as { id: string; label: string; unit: string; family?: string }[];
    const { scenario } = await loadScenario("licensing-era", { overrides: { periods: 2 } });
    const written = simulate(scenario, 1, { recordFirms: false }).metrics.filter((row) => row.period === 0).map((row) => row.metric);
    expect(listed.map((m) => m.id)).toEqual(written);
    expect(listed.find((m) => m.id === "usage_share.startup")).toMatchObject({ label: "Usage share: startup", unit: "share of home usage (0-1)", family: "usage_share" });
    for (const m of listed) expect(m.label).toBe(metricInfo(m.id)!.label);
  });

  it("writes the same rows as a table and as CSV; a Cournot scenario reports fewer", async () => {
    const table = await moat("metrics");
    const csv = await moat("metrics", "--format", "csv");
    expect(table.code).toBe(0);
    const { header, rows } = parseCsv(csv.stdout);
    expect(header).toEqual(["id", "label", "unit", "unit_kind", "description"]);
    const tableLines = table.stdout.trimEnd().split("\n");
    expect(tableLines[0]).toMatch(/^id\s+label\s+unit\s+description$/);
    expect(tableLines.slice(1).map((line) => line.split(/\s+/)[0])).toEqual(rows.map((r) => r[0]));
    const cournot = await moat("metrics", "--scenario", "scenarios/textbook/cournot-free-entry.yaml", "--format", "csv");
    const cournotIds = parseCsv(cournot.stdout).rows.map((r) => r[0]);
    expect(cournotIds).toContain("mean_price");
    expect(cournotIds).not.toContain("gray_share");
    expect(cournotIds.length).toBeLessThan(rows.length);
  });

  it("has --help with examples that run as written; a bad format or scenario is one line, exit 2", async () => {
    const help = await moat("metrics", "--help");
    expect(help.code).toBe(0);
    const examples = [...help.stdout.matchAll(/^\s+moat (metrics[^#\n]*?)\s*(#.*)?$/gm)].map((m) => m[1].split(/\s+/));
    expect(examples.length).toBeGreaterThanOrEqual(2);
    for (const args of examples) {
      const run = await moat(...args);
      expect(run.code, args.join(" ")).toBe(0);
      expect(run.stdout.length).toBeGreaterThan(0);
    }
    const format = await moat("metrics", "--format", "xml");
    expect(format.code).toBe(2);
    expect(format.stderr).toMatch(/expected one of table, csv, json, got "xml"/);
    const scenario = await moat("metrics", "--scenario", "no-such-scenario");
    expect(scenario.code).toBe(2);
    expect(scenario.stderr).toMatch(/no-such-scenario\.yaml: no such scenario file/);
  });
});
