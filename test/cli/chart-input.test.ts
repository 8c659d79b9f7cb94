// `moat chart` checks the table it draws from before drawing: a file cut short, a row that lost
// fields, a value that is not a number, or arms x periods with a hole are each named (file, line or
// the missing cells) with exit 2, and nothing is drawn.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { cpSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { TINY_BASELINE, TINY_LICENSING, moat, tempDir } from "../experiment/helpers.js";

describe("moat chart input checks", () => {
  const study = join(tempDir(), "study");
  const run = tempDir();
  beforeAll(async () => {
    expect((await moat("compare", TINY_BASELINE, TINY_LICENSING, "--seeds", "3", "--seed", "2", "--quiet", "--workers", "1", "--out", study)).code).toBe(0);
    expect((await moat("run", TINY_LICENSING, "--seed", "2", "--out", run)).code).toBe(0);
  });

  function copyOf(dir: string): string {
    const copy = join(tempDir(), "copy");
    cpSync(dir, copy, { recursive: true });
    return copy;
  }

  it("draws from complete tables", async () => {
    const dir = copyOf(study);
    const result = await moat("chart", dir, "--metric", "hhi_usage", "--format", "svg", "--out", join(dir, "figs"));
    expect(result.code).toBe(0);
  });

  it("a summary.csv cut in the middle of a line", async () => {
    const dir = copyOf(study);
    const path = join(dir, "summary.csv");
    const text = readFileSync(path, "utf8");
    const lineStart = text.indexOf("\n", Math.floor(text.length * 0.6)) + 1;
    writeFileSync(path, text.slice(0, lineStart + 7)); // seven characters into a line
    const result = await moat("chart", dir, "--metric", "hhi_usage", "--out", join(dir, "figs"));
    expect(result.code).toBe(2);
    expect(result.stderr, result.stderr).toMatch(/summary\.csv: cut short \(the last line has no line end\)/);
    expect(existsSync(join(dir, "figs"))).toBe(false);
  });

  it("a summary.csv that lost its last lines (at a line end)", async () => {
    const dir = copyOf(study);
    const path = join(dir, "summary.csv");
    const lines = readFileSync(path, "utf8").split("\n");
    writeFileSync(path, `${lines.slice(0, lines.length - 40).join("\n")}\n`);
    const result = await moat("chart", dir, "--metric", "hhi_usage", "--out", join(dir, "figs"));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/summary\.csv: incomplete: metric \S+ has no row for arm tiny-licensing, point 0, period 5/);
    expect(result.stderr).toContain("rerun the study with --resume to rewrite its tables");
  });

  it("a value that is not a number", async () => {
    const dir = copyOf(study);
    const path = join(dir, "summary.csv");
    const lines = readFileSync(path, "utf8").split("\n");
    const fields = lines[3].split(",");
    fields[fields.length - 5] = "12abc";
    lines[3] = fields.join(",");
    writeFileSync(path, lines.join("\n"));
    const result = await moat("chart", dir, "--metric", "hhi_usage", "--out", join(dir, "figs"));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`summary.csv: line 4: mean: expected a number (or NaN, Inf, -Inf), got "12abc"`);
  });

  it("a single run's metrics.csv with a row that lost fields", async () => {
    const dir = copyOf(join(run, "tiny-licensing", "2"));
    const path = join(dir, "metrics.csv");
    const lines = readFileSync(path, "utf8").split("\n");
    lines[10] = lines[10].split(",").slice(0, 2).join(",");
    writeFileSync(path, lines.join("\n"));
    const result = await moat("chart", dir, "--metric", "hhi_usage", "--out", join(dir, "figs"));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("metrics.csv: line 11: expected 4 fields (period,year,metric,value), got 2");
    expect(result.stderr).toContain("rerun moat run");
  });
});
