// Every scenario field is documented (unit, source, description), and the parameter table shows it.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { formatNumber, parameterTable, scenarioFields } from "../../sim/scenario/docs.js";
import { calibratedParameterTable } from "../../sim/calibration/parameter-table.js";

describe("paramDocs coverage", () => {
  const fields = scenarioFields();

  it("walks the whole schema: maps as <id>, lists as []", () => {
    const paths = fields.map((f) => f.path);
    expect(paths).toContain("regime.thresholdFlop");
    expect(paths).toContain("kinds.<id>.arrivalsPerYear");
    expect(paths).toContain("segments.<id>.priceSensitivityPerUsd");
    expect(paths).toContain("firms[].models[].trainingFlop");
    expect(paths).toContain("regime.lightTier.obligations.redTeaming");
    expect(paths).toContain("regime.foreignReview.blockedJurisdictions");
    expect(fields.length).toBeGreaterThan(100);
  });

  it("every leaf field has a unit, a source and a description", () => {
    const leaves = fields.filter((f) => f.leaf);
    expect(leaves.length).toBeGreaterThan(80);
    const undocumented = leaves.filter((f) => !f.doc?.unit.trim() || !f.doc?.source.trim() || !f.doc?.description.trim()).map((f) => f.path);
    expect(undocumented).toEqual([]);
  });

  it("so does every object, map and list field", () => {
    const undocumented = fields.filter((f) => !f.leaf && (!f.doc?.unit.trim() || !f.doc?.source.trim())).map((f) => f.path);
    expect(undocumented).toEqual([]);
  });
});

describe("parameterTable", () => {
  const table = parameterTable();
  const lines = table.split("\n");

  it("has a header and one row per field, each with seven cells", () => {
    expect(lines[0]).toBe("| Parameter | Unit | Default | Range | Source | Status | Description |");
    expect(lines).toHaveLength(scenarioFields().length + 2);
    for (const line of lines.slice(2)) expect(line.split(/(?<!\\)\|/).length).toBe(9);
  });

  it("shows defaults, required fields, plausible and allowed ranges", () => {
    const row = (path: string) => lines.find((l) => l.startsWith(`| \`${path}\` |`));
    expect(row("regime.thresholdFlop")).toMatch(/^\| `regime.thresholdFlop` \| FLOP \| `1e26` \| 1e24-1e28, log scale \(allowed: >= 0 or null\) \| US EO 14110/);
    expect(row("segments.<id>.buyers")).toMatch(/\| buyers \| required \| x0\.5-2 of each entry's value, log scale \(allowed: > 0\) \|/);
    expect(row("kinds.<id>.trainingQuarters")).toMatch(/\| -1 to \+1 on each entry's value \(allowed: whole number 0-12\) \|/);
    expect(row("periods")).toContain("no prior: run setting");
    expect(row("periods")).toMatch(/\| `40` \| whole number 1-400 \|/);
    expect(row("kinds.<id>.arrivalProcess")).toMatch(/\| `"poisson"` \| poisson or deterministic \|/);
    expect(row("regime.lightTier.obligations.weightSecurity")).toContain("`false` when `regime.lightTier.obligations` is omitted, else `true`");
    expect(row("firms[].jurisdiction")).toMatch(/\| optional \|/);
  });

  it("writes numbers as they are written in YAML", () => {
    expect(formatNumber(5e26)).toBe("5e26");
    expect(formatNumber(1.2e-18)).toBe("1.2e-18");
    expect(formatNumber(0.05)).toBe("0.05");
    expect(formatNumber(2147483647)).toBe("2147483647");
    expect(formatNumber(1e6)).toBe("1e6");
  });

  it("is printed when docs.ts is run as a script", () => {
    const out = execFileSync(process.execPath, ["--import", "tsx", "sim/scenario/docs.ts"], { encoding: "utf8" });
    expect(out.trimEnd()).toBe(table);
  });
});

describe("docs/MODEL.md", () => {
  it("carries the parameter table generated from the schema and the shipped fit (regenerate with npm run -s docs:params)", () => {
    const model = readFileSync(new URL("../../docs/MODEL.md", import.meta.url), "utf8");
    expect(model.includes(calibratedParameterTable().trim())).toBe(true);
  });
});
