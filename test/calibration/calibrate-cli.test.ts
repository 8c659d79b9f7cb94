// `moat calibrate`: its --help examples, the observed moments it prints, the report it writes (the
// same bytes for the same seeds) and the mistakes it refuses with exit status 2.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EPOCH_CREDIT, MOMENTS } from "../../sim/calibration/moments.js";
import { parseCsv } from "../../sim/io/csv.js";
import { REPO, moat, tempDir } from "../experiment/helpers.js";

describe("moat calibrate", () => {
  it("has a worked example in its help", async () => {
    const help = await moat("calibrate", "--help");
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Examples?:\n\s+moat calibrate/);
  });

  it("runs every example of its --help and of docs/CALIBRATION.md (each report into a temporary folder)", async () => {
    const help = (await moat("calibrate", "--help")).stdout;
    const docs = readFileSync(join(REPO, "docs", "CALIBRATION.md"), "utf8");
    const examples = [
      ...[...help.split("Examples:")[1].matchAll(/^\s+moat (calibrate[^#\n]*)/gm)].map((m) => ({ source: "help", line: m[1] })),
      ...[...docs.matchAll(/^npx moat (calibrate[^#\n]*)/gm)].map((m) => ({ source: "docs", line: m[1] })),
    ].map(({ source, line }) => ({ source, args: line.trim().split(/\s+/) }));
    expect(examples.length).toBe(19);
    // the shard and merge examples of each source share a folder: their shards/ and out/ are in it
    const shared = { help: tempDir(), docs: tempDir() };
    for (const { source, args } of examples) {
      // the full fit (1000 draws x 10 seeds, minutes) and its --resume are run by hand; its quick look is the example before it
      if (args.includes("--fit") && !args.includes("--draws")) continue;
      const inShared = (arg: string) => (/^(shards|out)\//.test(arg) ? join(shared[source as "help" | "docs"], arg) : arg);
      const sharded = args.includes("--shard") || args.includes("--merge");
      const result = sharded ? await moat(...args.map((arg) => arg.split(",").map(inShared).join(","))) : await moat(...args, "--out", tempDir());
      expect(result.code, `${args.join(" ")}: ${result.stderr}`).toBe(0);
      if (args.includes("--merge")) expect(existsSync(join(shared[source as "help" | "docs"], "out", "calibration", "fit.md"))).toBe(true);
    }
  }, 600_000); // a dozen fits and reports: about a minute alone, several on a busy two-core machine

  it("prints the observed moments with the trends and the credit line", async () => {
    const result = await moat("calibrate");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("499 models");
    expect(result.stdout).toMatch(/Organizations at or above 1e25 FLOP\s+0\s+0\s+0\s+1\s+0\s+3\s+11\n/);
    expect(result.stdout).toMatch(/largest training run: x\d+\.\d\d per year \(log-linear fit, 2018-2024\)/);
    expect(result.stdout).toContain("(log-linear fit over the years with >= 5 cost estimates: 2019, 2020, 2021, 2022, 2023)");
    expect(result.stdout.trimEnd().endsWith(EPOCH_CREDIT)).toBe(true);
  });

  it("writes the report, its tables and one chart per moment, the same bytes for the same seeds", async () => {
    const root = tempDir();
    const args = ["calibrate", "--report", "--seeds", "3", "--seed", "4"];
    const first = await moat(...args, "--out", join(root, "a"));
    expect(first.code).toBe(0);
    const second = await moat(...args, "--out", join(root, "b"));
    expect(second.code).toBe(0);
    for (const file of ["report.md", "moments.csv", "runs.csv"]) expect(readFileSync(join(root, "a", file))).toEqual(readFileSync(join(root, "b", file)));
    const moments = parseCsv(readFileSync(join(root, "a", "moments.csv"), "utf8"));
    expect(moments.header).toEqual(["moment", "year", "data", "data_models", "model_mean", "model_q05", "model_q95", "model_seeds", "data_source"]);
    expect(moments.rows.every((r) => r[8] === EPOCH_CREDIT)).toBe(true);
    expect(moments.rows.length).toBe(MOMENTS.length * 5); // 2020-2024
    const row = moments.rows.find((r) => r[0] === "organizations_1e25" && r[1] === "2024")!;
    expect(row[2]).toBe("11");
    expect(parseCsv(readFileSync(join(root, "a", "runs.csv"), "utf8")).rows.length).toBe(3 * MOMENTS.length * 5);
    const report = readFileSync(join(root, "a", "report.md"), "utf8");
    expect(report).toContain("3 seeds derived from master seed 4");
    expect(report.trimEnd().endsWith(EPOCH_CREDIT)).toBe(true);
    for (const { id } of MOMENTS) for (const ext of ["vl.json", "svg", "png"]) expect(existsSync(join(root, "a", "charts", `${id}.${ext}`))).toBe(true);
    // the start check: the calibrated history's last quarter against the default scenario's start
    expect(report).toContain("## The 2026 start against the calibrated history");
    expect(report).toMatch(/\| Providers with a model of at least 1e25 FLOP \| firms \| 11 in 2024: /);
    expect(report).toMatch(/\| Organizations at or above 1e25 FLOP \| 2024 \| 11 \| 13 \| [^|]+\| [^|]+\| [^|]+\| 3 \| (yes|no) \|/);
    const start = parseCsv(readFileSync(join(root, "a", "start.csv"), "utf8"));
    expect(start.rows.map((r) => r[0])).toEqual(["providers_1e25", "frontier_providers", "open_weight_share", "enterprise_adoption", "compliance_market"]);
    expect(start.header.slice(0, 6)).toEqual(["quantity", "unit", "data_moment", "data_year", "data", "debate"]);
    expect(start.header).toContain("history_calibrated_2024_q4_mean");
    expect(start.header).toContain("licensing_era_2026_q1_mean");
    expect(start.rows.every((r) => r[r.length - 1] === EPOCH_CREDIT)).toBe(true);
    expect(readFileSync(join(root, "a", "start.csv"))).toEqual(readFileSync(join(root, "b", "start.csv")));
  });

  it("fits a study's priors by rejection ABC: the posterior table, every draw, the same bytes on a rerun", async () => {
    const root = tempDir();
    const study = join(REPO, "test", "calibration", "fixtures", "fit-growth.yaml");
    const first = await moat("calibrate", "--fit", study, "--accept", "0.25", "--out", join(root, "a"));
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/Fit \(fit-growth\): 24 runs \(12 draws x 2 seeds; 24 done now, 0 reused from the checkpoint, \d+ workers?\) in [0-9.]+ s; 3 draws accepted/);
    expect((await moat("calibrate", "--fit", study, "--accept", "0.25", "--out", join(root, "b"))).code).toBe(0);
    for (const file of ["fit.md", "draws.csv", "predictive.csv"]) expect(readFileSync(join(root, "a", file))).toEqual(readFileSync(join(root, "b", file)));
    const draws = parseCsv(readFileSync(join(root, "a", "draws.csv"), "utf8"));
    expect(draws.header).toEqual(["point", "technology.frontierComputeGrowthPerYear", "distance", "accepted"]);
    expect(draws.rows.length).toBe(12);
    expect(draws.rows.filter((r) => r[3] === "true").length).toBe(3);
    const fit = readFileSync(join(root, "a", "fit.md"), "utf8");
    expect(fit).toMatch(/\| technology\.frontierComputeGrowthPerYear \| 2\.500-6\.500 \|/);
    expect(fit.trimEnd().endsWith(EPOCH_CREDIT)).toBe(true);
    // without --fit-years every year is in sample
    const inSample = parseCsv(readFileSync(join(root, "a", "predictive.csv"), "utf8"));
    expect(inSample.rows.length).toBe(MOMENTS.length * 5);
    expect(inSample.rows.every((r) => r[2] === "fit")).toBe(true);
    // --fit-years: fitted on 2020-2022, 2023-2024 predicted out of sample
    const oos = await moat("calibrate", "--fit", study, "--accept", "0.25", "--fit-years", "2020-2022", "--out", join(root, "o"));
    expect(oos.code, oos.stderr).toBe(0);
    expect(oos.stdout).toMatch(/out of sample \(2023-2024\): the data in the posterior-predictive 5-95% band for \d+ of \d+ moment-years/);
    const predictive = parseCsv(readFileSync(join(root, "o", "predictive.csv"), "utf8"));
    expect(predictive.header).toEqual(["moment", "year", "sample", "data", "predictive_mean", "predictive_q05", "predictive_q95", "error", "relative_error", "in_band", "runs", "data_source"]);
    expect(predictive.rows.filter((r) => r[2] === "holdout").map((r) => r[1])).toEqual(MOMENTS.flatMap(() => ["2023", "2024"]));
    const largest2024 = predictive.rows.find((r) => r[0] === "organizations_1e25" && r[1] === "2024")!;
    expect(largest2024[3]).toBe("11");
    expect(Number(largest2024[7])).toBeCloseTo(Number(largest2024[4]) - 11, 9);
    const oosFit = readFileSync(join(root, "o", "fit.md"), "utf8");
    expect(oosFit).toContain("Fitted on the moments of 2020-2022 only");
    expect(oosFit).toContain("## Out of sample: the years the fit did not see");
    expect(readFileSync(join(root, "o", "draws.csv"))).not.toEqual(readFileSync(join(root, "a", "draws.csv")));
    const early = await moat("calibrate", "--fit", study, "--fit-years", "2018-2022", "--out", join(root, "e"));
    expect(early.code).toBe(2);
    expect(early.stderr).toContain("moat calibrate: --fit-years 2018-2022: expected years within those scenario history covers in full and the data hold (2020-2024)");
    expect(existsSync(join(root, "e"))).toBe(false);
    // --draws and --seeds override the file
    const small = await moat("calibrate", "--fit", study, "--draws", "4", "--seeds", "1", "--accept", "0.5", "--out", join(root, "c"));
    expect(small.stdout).toContain("4 runs (4 draws x 1 seeds;");
    const wrongType = join(root, "run.yaml");
    writeFileSync(wrongType, "type: run\nscenario: history\nseeds: 2\n");
    const refused = await moat("calibrate", "--fit", wrongType, "--out", join(root, "d"));
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`${wrongType}: expected a study of type sweep over one scenario with sample: { method: lhs }`);
    expect(existsSync(join(root, "d"))).toBe(false);
  });

  it("refuses a scenario with a regime, and one outside the data's years, writing nothing", async () => {
    const root = tempDir();
    const regime = await moat("calibrate", "--report", "--scenario", "licensing-era", "--seeds", "1", "--out", join(root, "r"));
    expect(regime.code).toBe(2);
    expect(regime.stderr).toContain("moat calibrate: --scenario licensing-era: expected a scenario with no regime");
    const late = await moat("calibrate", "--report", "--scenario", "baseline", "--seeds", "1", "--out", join(root, "l"));
    expect(late.code).toBe(2);
    expect(late.stderr).toContain("covers no full year of the data (2018-2024)");
    expect(existsSync(join(root, "r")) || existsSync(join(root, "l"))).toBe(false);
  });

  it("names the file, the row and the column of a bad data file", async () => {
    const root = tempDir();
    const file = join(root, "bad.csv");
    writeFileSync(file, "model,organization,country,publication_date,training_compute_flop,accessibility,training_cost_2023_usd\nM,O,France,2024-01-01,-3,API access,\n");
    const result = await moat("calibrate", "--data", file);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${file}: row 2 (M): training_compute_flop: expected a positive number of FLOP or nothing, got "-3"`);
  });
});
