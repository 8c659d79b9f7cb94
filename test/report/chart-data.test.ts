// Reading run and study output directories into chart tables.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { COUNTERFACTUAL_ARM, readChartTables } from "../../sim/report/chart-data.js";
import { parseCsv } from "../../sim/csv.js";

/** header and rows as one list of records */
const records = (text: string) => {
  const { header, rows } = parseCsv(text);
  return [header, ...rows];
};
import { ChartInputError } from "../../sim/report/charts/index.js";

const fixtures = join(dirname(fileURLToPath(import.meta.url)), "fixtures");

describe("parseCsv", () => {
  it("handles quotes, escaped quotes, commas and CRLF", () => {
    expect(records('a,b\r\n"x, y","say ""hi"""\n1,\n')).toEqual([
      ["a", "b"],
      ["x, y", 'say "hi"'],
      ["1", ""],
    ]);
  });
  it("round-trips any table written with RFC 4180 quoting", () => {
    const field = fc.string({ unit: fc.constantFrom("a", "1", ",", '"', "\n", " ", "é") });
    fc.assert(
      fc.property(fc.array(fc.array(field, { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 5 }), (rows) => {
        const text = rows.map((r) => r.map((f) => `"${f.replace(/"/g, '""')}"`).join(",")).join("\n");
        expect(records(text)).toEqual(rows);
      }),
    );
  });
});

describe("readChartTables", () => {
  it("reads a compare study: arms, baseline, seeds, summary and differences", () => {
    const t = readChartTables(join(fixtures, "compare"));
    expect(t.type).toBe("compare");
    expect(t.baseline).toBe("no-regime");
    expect(t.arms.map((a) => a.name)).toEqual(["no-regime", "strict-licensing", "light-touch"]);
    expect(t.seedCount).toBe(30);
    expect([t.startYear, t.periodsPerYear, t.regimeStartPeriod]).toEqual([2025, 4, 8]);
    expect(t.parameters).toEqual([]);
    expect(t.summary.length).toBe(3 * 48 * 12);
    expect(t.differences.length).toBe(2 * 48 * 12);
    for (const row of t.summary) {
      expect(row.year).toBeCloseTo(t.startYear + row.period / t.periodsPerYear, 9);
      expect(row.q05).toBeLessThanOrEqual(row.q95);
    }
  });

  it("reads a sweep's parameter columns as numbers", () => {
    const t = readChartTables(join(fixtures, "sweep"));
    expect(t.type).toBe("sweep");
    expect(t.parameters).toEqual(["regime.tiers.0.minTrainingFlop", "regime.tiers.0.complianceCostUsdMPerYear"]);
    const point5 = t.summary.find((r) => r.point === 5)!;
    expect(point5.params).toEqual({ "regime.tiers.0.minTrainingFlop": 1e25, "regime.tiers.0.complianceCostUsdMPerYear": 10 });
  });

  it("reads a single run with its counterfactual as the baseline and one-seed differences", () => {
    const t = readChartTables(join(fixtures, "single-run"));
    expect(t.type).toBe("single");
    expect(t.baseline).toBe(COUNTERFACTUAL_ARM);
    expect(t.seeds).toEqual([42]);
    const at = (arm: string) => t.summary.find((r) => r.arm === arm && r.metric === "hhi_usage" && r.period === 40)!.mean;
    const d = t.differences.find((r) => r.metric === "hhi_usage" && r.period === 40)!;
    expect(d.mean).toBeCloseTo(at("strict-licensing") - at(COUNTERFACTUAL_ARM), 9);
    expect(d.n).toBe(1);
  });

  it("names the directory and what it expected when it is not an output directory", () => {
    const empty = mkdtempSync(join(tmpdir(), "moat-chart-"));
    expect(() => readChartTables(empty)).toThrow(ChartInputError);
    expect(() => readChartTables(empty)).toThrow(/not a moat output directory; expected manifest.json/);
    expect(() => readChartTables(join(empty, "missing"))).toThrow(/no such directory/);
    writeFileSync(join(empty, "manifest.json"), JSON.stringify({ study: { name: "x" }, startYear: 2025, periodsPerYear: 4 }));
    writeFileSync(join(empty, "summary.csv"), "study,arm,period\n");
    expect(() => readChartTables(empty)).toThrow(/summary.csv: missing column\(s\) point, year, metric/);
  });
});
