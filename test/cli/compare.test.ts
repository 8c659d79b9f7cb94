// `moat compare`: --set changes every arm (the baseline too), --set-arms only the regime arms.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseCsv } from "../../sim/io/csv.js";
import { TINY_BASELINE, TINY_LICENSING, moat, tempDir } from "../experiment/helpers.js";

/** The study's arms as its manifest records them. */
function manifestArms(out: string): { name: string; scenario: string; set?: Record<string, unknown> }[] {
  return JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")).study.arms;
}

describe("moat compare --set and --set-arms", () => {
  it("--set with a regime field fails on a baseline without a regime, naming the arm's field", async () => {
    const out = join(tempDir(), "set");
    const result = await moat("compare", TINY_BASELINE, TINY_LICENSING, "--seeds", "1", "--set", "regime.thresholdFlop=1e25", "--out", out, "--quiet");
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/regime/);
  });

  it("--set-arms changes the regime arm only: the baseline's runs equal a compare without it", async () => {
    const root = tempDir();
    const plain = join(root, "plain");
    const lowered = join(root, "lowered");
    expect((await moat("compare", TINY_BASELINE, TINY_LICENSING, "--seeds", "2", "--out", plain, "--quiet")).code).toBe(0);
    const result = await moat("compare", TINY_BASELINE, TINY_LICENSING, "--seeds", "2", "--set-arms", "regime.thresholdFlop=1e24", "--out", lowered, "--quiet");
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const arms = manifestArms(lowered);
    expect(arms[0].set).toBeUndefined();
    expect(arms[1].set).toEqual({ "regime.thresholdFlop": 1e24 });
    const runs = (dir: string) => parseCsv(readFileSync(join(dir, "runs.csv"), "utf8"));
    const a = runs(plain);
    const b = runs(lowered);
    const armColumn = a.header.indexOf("arm");
    const metricColumn = a.header.indexOf("metric");
    const valueColumn = a.header.indexOf("value");
    const baselineName = arms[0].name;
    const rowsOf = (table: { rows: string[][] }, arm: string) => table.rows.filter((row) => row[armColumn] === arm);
    // the baseline arm ran exactly as before
    expect(rowsOf(b, baselineName)).toEqual(rowsOf(a, baselineName));
    // the regime arm did not: a line at 1e24 licenses more models, so some metric moved
    const regimeName = arms[1].name;
    const before = rowsOf(a, regimeName).filter((row) => row[metricColumn] === "compliance_spend").map((row) => Number(row[valueColumn]));
    const after = rowsOf(b, regimeName).filter((row) => row[metricColumn] === "compliance_spend").map((row) => Number(row[valueColumn]));
    expect(after.length).toBe(before.length);
    expect(after.reduce((s, v) => s + v, 0)).toBeGreaterThan(before.reduce((s, v) => s + v, 0));
  });
});
