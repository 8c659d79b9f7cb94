// The global study of the claims (moat claims --global): its plan (sizes, each arm's scenario at each
// point), a synthetic case whose share of the space, Sobol' indices and box are known, the report
// section, and the runs through the study runner: the same report whatever the worker count, and
// shards merged give the unsharded report. The runs go through the worker pool, so this needs the
// build (npm test builds first).
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { moatRoot } from "../../sim/experiment/environment.js";
import { GLOBAL_FACTORS, factorDisplayValue } from "../../sim/experiment/uncertainty.js";
import { type RunSeries } from "../../sim/report/claims.js";
import { loadClaimStudies, parseClaimStudy } from "../../sim/report/claim-files.js";
import { designGlobal, judgeGlobal, midRanks, pruneLimits, shareWithInterval, type GlobalRun, type GlobalSettings } from "../../sim/report/claims-global.js";
import { primData } from "../../sim/experiment/prim.js";
import { globalStudyDir, mergeGlobalShards, planGlobal, runGlobal } from "../../sim/report/claims-global-run.js";
import { globalRows, writeGlobalReport } from "../../sim/report/claims-global-report.js";

const root = mkdtempSync(join(tmpdir(), "moat-claims-global-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const claimsDir = join(root, "claims");
mkdirSync(claimsDir, { recursive: true });
for (const file of readdirSync(join(moatRoot(), "scenarios", "claims")).filter((f) => /^H(1|3)-/.test(f)))
  copyFileSync(join(moatRoot(), "scenarios", "claims", file), join(claimsDir, file));

// three factors: compute growth (technology, every arm), the compliance-cost scale (regime arms only), the discount rates (every kind)
const factors = GLOBAL_FACTORS.filter((f) => ["compute_growth", "compliance_cost", "discount_rate"].includes(f.id));
const small: GlobalSettings = { baseCount: 2, seeds: 1, masterSeed: 1, periods: 4, factors, resamples: 200 };

describe("the global study's plan", () => {
  it("has N (d + 2) points for every arm of the shipped claims: 1,088 points x 5 arms at N = 32", () => {
    const design = designGlobal(loadClaimStudies(join(moatRoot(), "scenarios", "claims")), { ...small, baseCount: 32, factors: GLOBAL_FACTORS });
    expect(GLOBAL_FACTORS.length).toBe(32);
    expect(design.points.length).toBe(32 * 34);
    expect(design.arms.map((a) => a.scenario)).toEqual(["baseline", "licensing-era", "open-weight-ban", "pre-release-approval", "compute-threshold"]);
    expect(design.seeds.length).toBe(1);
  });

  it("puts each arm's scenario at each point's factor values, regime factors only where the arm has a regime", async () => {
    const { plan, design } = await planGlobal(claimsDir, small);
    expect(plan.armNames).toEqual(["baseline", "licensing-era", "open-weight-ban"]);
    expect(design.points.length).toBe(2 * 5);
    expect(plan.runCount).toBe(3 * 10);
    const startupRate = 0.3; // baseline.yaml
    design.points.forEach((point, p) => {
      for (const arm of [0, 1, 2]) {
        const scenario = plan.scenarios[arm][p];
        expect(scenario.periods).toBe(4);
        expect(scenario.technology.frontierComputeGrowthPerYear).toBe(point.compute_growth);
        expect(scenario.kinds.startup.discountRatePerYear).toBeCloseTo(startupRate * (point.discount_rate as number), 12);
      }
      expect(plan.scenarios[0][p].regime).toBeNull();
      expect(plan.scenarios[1][p].regime?.complianceCosts.scale).toBe(point.compliance_cost);
      expect(plan.scenarios[2][p].regime?.complianceCosts.scale).toBe(point.compliance_cost);
    });
    // a changed prior or size is another study
    const other = await planGlobal(claimsDir, { ...small, baseCount: 4 });
    expect(other.plan.hash).not.toBe(plan.hash);
    expect((await planGlobal(claimsDir, small)).plan.hash).toBe(plan.hash);
  });
});

describe("a synthetic case with a known share, indices and box", () => {
  // claim S1 holds where u_1 > 0.3 (share 0.7, a box on the first factor only); claim S2's effect is
  // f = 2 u_1 + u_2 and holds where f > 1.5 (share 1/2). The indices are those of the effect's ranks,
  // F(f) with F the distribution function of f (below, by quadrature): not additive, so S_i < ST_i.
  const yaml = (id: string, metric: string, threshold: number) =>
    `id: ${id}\ntitle: synthetic ${id}\nclaim: c\nmechanism: m\narms: [{ name: arm, scenario: baseline }]\ncriteria: [{ metric: ${metric}, statistic: end, against: none, direction: increase, threshold: ${threshold} }]\n`;
  const studies = [parseClaimStudy(yaml("H1", "a", 0.3), "S1.yaml"), parseClaimStudy(yaml("H2", "b", 1.5), "S2.yaml")];
  const three = GLOBAL_FACTORS.slice(0, 3);
  const settings: GlobalSettings = { baseCount: 1024, seeds: 1, masterSeed: 1, factors: three, resamples: 300 };
  const design = designGlobal(studies, settings);
  const runOf = (_arm: number, point: number): RunSeries => {
    const [u1, u2] = design.unitRows[point];
    return { years: [2026], series: new Map([["a", [u1]], ["b", [2 * u1 + u2]]]) };
  };
  const run = judgeGlobal(design, runOf, design.points.length);

  it("finds the share of the space where each claim holds, inside its interval", () => {
    const [s1, s2] = run.claims;
    expect(s1.share.estimate).toBeCloseTo(0.7, 1);
    expect(s1.share.low).toBeLessThan(0.7);
    expect(s1.share.high).toBeGreaterThan(0.7);
    expect(s2.share.estimate).toBeCloseTo(0.5, 1);
    expect(s2.share.low).toBeLessThan(0.5);
    expect(s2.share.high).toBeGreaterThan(0.5);
  });

  it("finds the Sobol' indices of the key effect's ranks within 0.04, each inside its interval", () => {
    // F(s) = P(2 u_1 + u_2 <= s) = integral over t of clamp((s - t) / 2, 0, 1); g = F(2 u_1 + u_2) on a midpoint grid
    const n = 400;
    const mid = (k: number) => (k + 0.5) / n;
    const F = (x: number) => {
      let sum = 0;
      for (let k = 0; k < n; k++) sum += Math.min(1, Math.max(0, (x - mid(k)) / 2));
      return sum / n;
    };
    const g = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => F(2 * mid(i) + mid(j))));
    const mean = g.flat().reduce((a, b) => a + b, 0) / (n * n);
    const variance = g.flat().reduce((a, b) => a + (b - mean) ** 2, 0) / (n * n);
    const rowMeans = g.map((row) => row.reduce((a, b) => a + b, 0) / n);
    const colMeans = Array.from({ length: n }, (_, j) => g.reduce((a, row) => a + row[j], 0) / n);
    const varianceOf = (values: number[]) => values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length;
    const first1 = varianceOf(rowMeans) / variance;
    const first2 = varianceOf(colMeans) / variance;
    const first = [first1, first2, 0];
    const total = [1 - first2, 1 - first1, 0]; // two inputs: ST_1 = 1 - S_2
    expect(first1 + first2).toBeLessThan(1);
    expect(first1).toBeGreaterThan(0.7);
    const indices = run.claims[1].criteria[0].indices?.indices ?? [];
    indices.forEach((row, i) => {
      expect(Math.abs(row.firstOrder.estimate - first[i]), `${row.parameter} first order`).toBeLessThan(0.04);
      expect(Math.abs(row.total.estimate - total[i]), `${row.parameter} total`).toBeLessThan(0.04);
      expect(row.total.low, row.parameter).toBeLessThanOrEqual(total[i] + 1e-9);
      expect(row.total.high, row.parameter).toBeGreaterThanOrEqual(total[i] - 1e-9);
      expect(row.firstOrder.low, row.parameter).toBeLessThanOrEqual(first[i] + 1e-9);
      expect(row.firstOrder.high, row.parameter).toBeGreaterThanOrEqual(first[i] - 1e-9);
    });
    // S1's effect is u_1 alone
    const s1 = run.claims[0].criteria[0].indices?.indices ?? [];
    expect(s1[0].total.estimate).toBeCloseTo(1, 2);
    expect(Math.abs(s1[1].total.estimate)).toBeLessThan(1e-9);
  });

  it("finds the box of S1 on the first factor only, and says it in words", () => {
    const claim = run.claims[0];
    // the selected box has the highest coverage at density >= 0.8: every point with u_1 > 0.3, and
    // below it only as far as the density allows (0.7 / (1 - u) >= 0.8: u >= 0.125)
    expect(claim.box?.restricted).toEqual([three[0].id]);
    expect(claim.box?.coverage).toBe(1);
    expect(claim.box?.density).toBeGreaterThanOrEqual(0.8);
    const limit = claim.box?.limits.lower[0] as number;
    expect(limit).toBeGreaterThan(factorDisplayValue(three[0], 0.12));
    expect(limit).toBeLessThan(factorDisplayValue(three[0], 0.3));
    // the densest box of the trajectory is the true one: u_1 > 0.3
    const densest = claim.prim.trajectory.filter((b) => b.density === 1).sort((a, b) => b.coverage - a.coverage)[0];
    expect(densest.restricted).toEqual([three[0].id]);
    expect(densest.limits.lower[0]).toBeGreaterThan(factorDisplayValue(three[0], 0.28));
    expect(densest.limits.lower[0]).toBeLessThan(factorDisplayValue(three[0], 0.32));
    expect(claim.words).toMatch(/^holds when the 2026 frontier compute is at least \d\.\d+e\+26 FLOP$/);
  });

  it("drops a limit that could be chance and keeps the true one", () => {
    const claim = run.claims[0];
    const data = primData(design.points, claim.holds, three.map((f) => f.id));
    const full = claim.prim.fullRange;
    const spurious = { lower: [factorDisplayValue(three[0], 0.3), factorDisplayValue(three[1], 0.1), full.lower[2]], upper: [...full.upper] };
    const pruned = pruneLimits(data, claim.prim, spurious);
    expect(pruned.lower[0]).toBe(spurious.lower[0]);
    expect(pruned.lower[1]).toBe(full.lower[1]);
  });

  it("ranks with ties sharing their mean rank", () => {
    expect(midRanks([3, 1, 3, 2])).toEqual([0.875, 0.25, 0.875, 0.5]);
    expect(midRanks([5, 5, 5])).toEqual([2 / 3, 2 / 3, 2 / 3]);
  });

  it("bootstraps the share over whole base rows, the same interval for the same seed", () => {
    const holds = Array.from({ length: 40 }, (_, r) => r % 4 !== 0);
    const a = shareWithInterval(holds, 5, { resamples: 200, seed: 3 });
    expect(a.estimate).toBe(0.75);
    expect(shareWithInterval(holds, 5, { resamples: 200, seed: 3 })).toEqual(a);
    expect(() => shareWithInterval(holds, 7, { resamples: 10 })).toThrow(/blocks of 7/);
  });

  it("writes the section: share, box in words, indices, their charts and every number in global.csv", async () => {
    const out = join(root, "synthetic");
    const written = await writeGlobalReport(run, out);
    const md = readFileSync(join(out, "global.md"), "utf8");
    expect(md).toContain("## H1: synthetic H1");
    expect(md).toMatch(/\*\*Share of the plausible space where the claim holds:\*\* \d+(\.\d+)?% of the 5120 points/);
    expect(md).toContain(`**Where it holds:** ${run.claims[0].words}.`);
    expect(md).toMatch(/- b \(arm, level; holds at \d+(\.\d+)?% of the points\):\n {2}- frontier_compute: total 0\.[89]\d* \(/);
    expect(md).toContain("![H1: the box where the claim holds](charts/global-H1-box.svg)");
    for (const chart of ["global-H1-box.svg", "global-H1-indices.svg", "global-H2-indices.svg"]) expect(readFileSync(join(out, "charts", chart), "utf8")).toMatch(/^<svg/);
    expect(written.files).toContain(join(out, "global.html"));
    const csv = readFileSync(join(out, "global.csv"), "utf8").trim().split("\n");
    expect(csv[0]).toBe("hypothesis,part,metric,factor,statistic,value");
    expect(csv.length - 1).toBe(globalRows(run).length);
    expect(csv).toContain(`H1,share,all criteria,,estimate,${Number(run.claims[0].share.estimate.toPrecision(3))}`);
  });
});

describe("the global study through the study runner", () => {
  let reference: Map<string, string>;
  async function reportOf(run: GlobalRun, out: string): Promise<Map<string, string>> {
    await writeGlobalReport(run, out);
    const files = new Map<string, string>();
    for (const name of ["global.md", "global.csv", "global.html"]) files.set(name, readFileSync(join(out, name), "utf8"));
    for (const name of readdirSync(join(out, "charts"))) files.set(name, readFileSync(join(out, "charts", name), "utf8"));
    return files;
  }

  beforeAll(async () => {
    const out = join(root, "one-worker");
    const result = await runGlobal({ claimsDir, settings: small, outDir: out, workers: 1 });
    expect(result).toMatchObject({ complete: true, ran: 30, reused: 0 });
    reference = await reportOf(result.run as GlobalRun, out);
  }, 120_000);

  it("gives the same report on two workers", async () => {
    const out = join(root, "two-workers");
    const result = await runGlobal({ claimsDir, settings: small, outDir: out, workers: 2 });
    expect(await reportOf(result.run as GlobalRun, out)).toEqual(reference);
  }, 120_000);

  it("gives the same report from two shards merged, and refuses a shard of another study", async () => {
    const shards = [join(root, "shard-1"), join(root, "shard-2")];
    for (const [k, dir] of shards.entries()) {
      const result = await runGlobal({ claimsDir, settings: small, outDir: dir, workers: 1, shard: { index: k + 1, count: 2 } });
      expect(result).toMatchObject({ complete: false, total: 15 });
      expect(existsSync(globalStudyDir(dir))).toBe(true);
    }
    const out = join(root, "merged");
    const run = await mergeGlobalShards({ claimsDir, settings: small, shardDirs: shards, outDir: out });
    expect(await reportOf(run, out)).toEqual(reference);
    await expect(mergeGlobalShards({ claimsDir, settings: { ...small, seeds: 2 }, shardDirs: shards, outDir: join(root, "wrong") })).rejects.toThrow(/a shard of another global study/);
  }, 120_000);

  it("resumes: a second run on the checkpoint reuses every run", async () => {
    const out = join(root, "one-worker");
    const result = await runGlobal({ claimsDir, settings: small, outDir: out, workers: 1, resume: true });
    expect(result).toMatchObject({ complete: true, ran: 0, reused: 30 });
    expect(await reportOf(result.run as GlobalRun, out)).toEqual(reference);
  }, 120_000);
});

describe("moat claims --global on the command line", () => {
  it("runs the global study end to end and prints each claim's share and box", async () => {
    const { moat } = await import("../experiment/helpers.js");
    const out = join(root, "cli");
    // all 32 factors at N = 1 (34 points) on H1 and H3 (3 arms), 12 quarters (--quick)
    const result = await moat("claims", "--global", "--quick", "--points", "1", "--claims", claimsDir, "--out", out, "--workers", "1", "--quiet", "--keep-checkpoint");
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^H1 Concentration: holds in \d+% of the space \(\d+-\d+%\); (holds|no box)/m);
    expect(result.stdout).toMatch(/^102 runs at 34 points in [\d.]+ s; wrote .*global\.csv, .*global\.md, .*global\.html$/m);
    expect(existsSync(globalStudyDir(out))).toBe(true);
  }, 300_000);

  it("refuses a base size that is not a power of two, and global flags without --global", async () => {
    const { moat } = await import("../experiment/helpers.js");
    const bad = await moat("claims", "--global", "--points", "3", "--out", join(root, "bad"));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--points must be a power of two .* got 3; try 4/);
    const stray = await moat("claims", "--points", "4", "--out", join(root, "bad"));
    expect(stray.code).toBe(2);
    expect(stray.stderr).toMatch(/--points and --global-seeds set the global study: add --global/);
  });
});
