// The command line as a user meets it: help with examples, a single run's files, and mistakes
// answered with one clear line each, exit status 2 and nothing written.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseCsv } from "../../sim/io/csv.js";
import { TINY_BASELINE, TINY_LICENSING, differingFiles, moat, tempDir } from "../experiment/helpers.js";

describe("moat --help", () => {
  it("every command's help has a worked example", async () => {
    for (const command of ["run", "compare", "sweep", "study", "merge", "decompose"]) {
      const help = await moat(command, "--help");
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(/Examples?:\n\s+(for k in .*\n\s+)?moat /);
    }
    const top = await moat("--help");
    expect(top.code).toBe(0);
    expect(top.stdout).toContain("moat compare baseline licensing-era");
  });
});

describe("moat run (one seed)", () => {
  it("writes metrics, counterfactual, firms and manifest, the same bytes on a rerun", async () => {
    const root = tempDir();
    const first = await moat("run", TINY_LICENSING, "--seed", "5", "--out", join(root, "a"));
    expect(first.code).toBe(0);
    const dir = join(root, "a", "tiny-licensing", "5");
    for (const file of ["metrics.csv", "counterfactual_metrics.csv", "firms.csv", "manifest.json"]) expect(existsSync(join(dir, file))).toBe(true);
    expect(parseCsv(readFileSync(join(dir, "metrics.csv"), "utf8")).header).toEqual(["period", "year", "metric", "value"]);
    expect(parseCsv(readFileSync(join(dir, "counterfactual_metrics.csv"), "utf8")).header).toEqual(["period", "year", "metric", "value"]);
    expect(parseCsv(readFileSync(join(dir, "firms.csv"), "utf8")).header.slice(0, 4)).toEqual(["period", "year", "firm", "name"]);
    // the capture test: each incumbent's cash flow, operating profit and investment with and without the regime; gains = differences
    const incumbents = parseCsv(readFileSync(join(dir, "incumbents.csv"), "utf8"));
    expect(incumbents.header).toEqual([
      "firm",
      "kind",
      "profitUsdM",
      "profitNoRegimeUsdM",
      "gainUsdM",
      "operatingProfitUsdM",
      "operatingProfitNoRegimeUsdM",
      "operatingGainUsdM",
      "investmentUsdM",
      "investmentNoRegimeUsdM",
    ]);
    expect(incumbents.rows.length).toBeGreaterThan(0);
    for (const [, , withRegime, without, gain, operating, operatingWithout, operatingGain, investment, investmentWithout] of incumbents.rows.map((r) => r.map(String))) {
      expect(Number(gain)).toBeCloseTo(Number(withRegime) - Number(without), 6);
      expect(Number(operatingGain)).toBeCloseTo(Number(operating) - Number(operatingWithout), 6);
      // cash flow = operating profit - investment, with and without the regime
      expect(Number(withRegime)).toBeCloseTo(Number(operating) - Number(investment), 6);
      expect(Number(without)).toBeCloseTo(Number(operatingWithout) - Number(investmentWithout), 6);
    }
    expect(first.stdout).toMatch(/Incumbents' operating profit over the run: .* with the regime, .* without; \d+ of \d+ gain; investment .* with, .* without/);
    const manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"));
    expect(manifest).toMatchObject({ scenario: "tiny-licensing", seed: 5, startYear: 2026, periodsPerYear: 4, regimeStartPeriod: 0, nodeVersion: process.version });
    expect(manifest.scenarioHash).toMatch(/^[0-9a-f]{64}$/);
    // the summary: headline metrics with the 2023 HHI band, next to the no-regime counterfactual
    expect(first.stdout).toMatch(/HHI \(usage shares\)/);
    expect(first.stdout).toMatch(/band \(2023 Merger Guidelines\)\s+(un|moderately |highly )concentrated/);
    expect(first.stdout).toMatch(/no regime/);

    const second = await moat("run", TINY_LICENSING, "--seed", "5", "--out", join(root, "b"));
    expect(second.code).toBe(0);
    expect(differingFiles(join(root, "a"), join(root, "b")).filter((f) => !/\.(svg|png)$/.test(f))).toEqual([]);
  });

  it("with --replicates runs a study of seeds derived from --seed", async () => {
    const out = join(tempDir(), "reps");
    const result = await moat("run", TINY_BASELINE, "--replicates", "3", "--seed", "2", "--out", out, "--quiet");
    expect(result.code).toBe(0);
    const manifest = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8"));
    expect(manifest.study).toMatchObject({ name: "tiny-baseline-replicates", type: "run" });
    expect(manifest.masterSeed).toBe(2);
    expect(manifest.seeds.length).toBe(3);
    expect(existsSync(join(out, "differences.csv"))).toBe(false);
  });
});

describe("user mistakes", () => {
  const cases: { name: string; args: string[]; message: RegExp }[] = [
    { name: "unknown scenario", args: ["compare", "no-such-scenario", TINY_LICENSING], message: /no-such-scenario\.yaml: no such scenario file \(available: .*baseline/ },
    { name: "unknown scenario (run)", args: ["run", "no-such-scenario"], message: /no such scenario file/ },
    { name: "bad --vary syntax", args: ["sweep", TINY_LICENSING, "--vary", "regime.thresholdFlop"], message: /--vary .* expected path=v1,v2,\.\.\. or path=min:max/ },
    { name: "bad --vary range", args: ["sweep", TINY_LICENSING, "--vary", "regime.thresholdFlop=a:b"], message: /expected numbers in min:max/ },
    { name: "unknown parameter path", args: ["sweep", TINY_LICENSING, "--vary", "regime.thresholdFlops=1e25,1e26"], message: /unknown parameter path regime\.thresholdFlops: regime has no field thresholdFlops/ },
    { name: "unknown top-level path", args: ["sweep", TINY_LICENSING, "--vary", "periodz=4,8"], message: /unknown parameter path periodz: a scenario has no field periodz/ },
    { name: "value the schema refuses", args: ["sweep", TINY_LICENSING, "--vary", "regime.thresholdFlop=1e26,oops"], message: /regime\.thresholdFlop: expected a number >= 0, got "oops" \(point 1/ },
    { name: "Sobol points not a power of two", args: ["sweep", TINY_LICENSING, "--vary", "regime.thresholdFlop=1e24:1e28", "--sample", "sobol", "--points", "10"], message: /sample\.points: expected a power of two for sobol .* got 10; try 8/ },
    { name: "range without lhs", args: ["sweep", TINY_LICENSING, "--vary", "regime.thresholdFlop=1e24:1e28"], message: /expected lists of values for a grid, got ranges for regime\.thresholdFlop \(add sample: lhs/ },
    { name: "bad seed", args: ["compare", TINY_BASELINE, TINY_LICENSING, "--seed", "-3"], message: /--seed <n>' argument '-3' is invalid\. expected a whole number/ },
    { name: "bad shard", args: ["compare", TINY_BASELINE, TINY_LICENSING, "--shard", "4/3"], message: /expected k\/n with 1 <= k <= n/ },
    { name: "unknown option", args: ["run", "--sed", "3"], message: /unknown option '--sed' \(Did you mean one of --seed, --set\?\)/ },
    { name: "unknown metric", args: ["compare", TINY_BASELINE, TINY_LICENSING, "--metrics", "hhi_usage,hhi_usgae"], message: /metrics: unknown metric "hhi_usgae"/ },
    { name: "bad --set", args: ["run", TINY_LICENSING, "--set", "periods=-4"], message: /periods: expected a whole number from 1 to 400, got -4/ },
    { name: "missing study file", args: ["study", "scenarios/studies/nope.yaml"], message: /scenarios\/studies\/nope\.yaml: no such study file/ },
    { name: "study flag on a single run", args: ["run", TINY_LICENSING, "--resume"], message: /--resume applies to studies: add --replicates N/ },
  ];

  for (const { name, args, message } of cases) {
    it(`${name}: exit 2, one line per problem, nothing written`, async () => {
      const root = tempDir();
      const out = join(root, "out");
      const result = await moat(...args, "--out", out);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).not.toMatch(/^\s+at /m); // no stack trace
      for (const line of result.stderr.trimEnd().split("\n")) expect(line.length).toBeGreaterThan(0);
      expect(result.stderr.trimEnd().split("\n").length).toBeLessThanOrEqual(2);
      expect(readdirSync(root)).toEqual([]);
    });
  }
});
