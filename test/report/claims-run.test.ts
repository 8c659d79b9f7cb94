// The claims report runs through the experiment layer: checkpointed run by run, so an interrupted
// claims run resumes to the same report bytes, and shards merged give the unsharded report.
// A reduced family (H1 and H7: sweeps on regime paths and on a technology path that reaches the
// baseline, and the market table) keeps it quick; the runs go through the worker pool, so this
// needs the build (npm test builds first).
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { moatRoot } from "../../sim/experiment/environment.js";
import { quickSettings, type ClaimsSettings } from "../../sim/report/claims.js";
import { type ClaimsRun } from "../../sim/report/claims-results.js";
import { writeClaimsReport } from "../../sim/report/claims-report.js";
import { CLAIMS_CHECKPOINT, mergeClaimsShards, planClaims, removeClaimsCheckpoint, runClaims } from "../../sim/report/claims-run.js";

const root = mkdtempSync(join(tmpdir(), "moat-claims-run-"));
const claimsDir = join(root, "claims");
const settings: ClaimsSettings = { ...quickSettings(3), periods: 6 };

/** The report's files (charts included), as bytes, by name. */
async function reportBytes(run: ClaimsRun, outDir: string): Promise<Map<string, string>> {
  await writeClaimsReport(run, outDir);
  const files = new Map<string, string>();
  for (const name of ["report.md", "report.html", "results.csv"]) files.set(name, readFileSync(join(outDir, name), "utf8"));
  for (const name of readdirSync(join(outDir, "charts"))) files.set(`charts/${name}`, readFileSync(join(outDir, "charts", name), "utf8"));
  return files;
}

describe("claims through the study runner", () => {
  let reference: Map<string, string>;
  let runCount: number;

  beforeAll(async () => {
    mkdirSync(claimsDir, { recursive: true });
    for (const file of readdirSync(join(moatRoot(), "scenarios", "claims")).filter((f) => /^H(1|7)-/.test(f)))
      copyFileSync(join(moatRoot(), "scenarios", "claims", file), join(claimsDir, file));
    const outDir = join(root, "reference");
    const result = await runClaims({ claimsDir, settings, workers: 1, outDir });
    expect(result).toMatchObject({ complete: true, interrupted: false, reused: 0 });
    runCount = result.runCount;
    reference = await reportBytes(result.run as ClaimsRun, outDir);
  }, 120_000);

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("plans distinct (scenario, seed) runs: arms and baseline on all seeds, other sweep points on the sweep seeds", async () => {
    const claims = await planClaims(claimsDir, settings);
    expect(claims.plans.map((p) => p.definition.name)).toEqual(["claims-defaults", "claims-sweeps"]);
    expect(claims.plans[0].seeds).toHaveLength(3);
    expect(claims.plans[1].seeds).toEqual(claims.plans[0].seeds.slice(0, 2));
    expect(claims.runCount).toBe(runCount);
    expect(claims.runCount).toBe(claims.plans[0].definition.arms.length * 3 + claims.plans[1].definition.arms.length * 2);
    // every setting a judgement reads has a run
    for (const key of claims.design.wanted.keys()) expect(claims.armOf.get(key), key).toBeDefined();
    expect(reference.get("report.md")).toContain(`${runCount} runs in all`);
  });

  it("an interrupted run refuses to start over silently, then resumes to the same report bytes", async () => {
    const outDir = join(root, "interrupted");
    const controller = new AbortController();
    let finished = 0;
    const first = await runClaims({
      claimsDir,
      settings,
      workers: 1,
      outDir,
      signal: controller.signal,
      onRun: () => {
        if (++finished === 4) controller.abort();
      },
    });
    expect(first.interrupted).toBe(true);
    expect(first.run).toBeUndefined();
    expect(first.total).toBe(runCount); // the studies not started yet count too
    expect(first.ran).toBeGreaterThanOrEqual(4);
    expect(existsSync(join(outDir, "report.md"))).toBe(false);
    await expect(runClaims({ claimsDir, settings, workers: 1, outDir })).rejects.toThrow(/add --resume to continue it, or --fresh/);

    const resumed = await runClaims({ claimsDir, settings, workers: 1, outDir, resume: true });
    expect(resumed.complete).toBe(true);
    expect(resumed.reused).toBeGreaterThanOrEqual(4);
    expect(resumed.ran).toBe(runCount - resumed.reused);
    expect(await reportBytes(resumed.run as ClaimsRun, outDir)).toEqual(reference);
    removeClaimsCheckpoint(outDir);
    expect(existsSync(join(outDir, CLAIMS_CHECKPOINT))).toBe(false);
  }, 120_000);

  it("refuses a checkpoint of other settings, and --fresh discards it", async () => {
    const outDir = join(root, "other");
    const controller = new AbortController();
    controller.abort();
    await runClaims({ claimsDir, settings: { ...settings, seeds: 4 }, workers: 1, outDir, signal: controller.signal });
    await expect(runClaims({ claimsDir, settings, workers: 1, outDir, resume: true })).rejects.toThrow(/holds a different study \(claims-defaults/);
    const fresh = await runClaims({ claimsDir, settings, workers: 1, outDir, fresh: true });
    expect(await reportBytes(fresh.run as ClaimsRun, outDir)).toEqual(reference);
  }, 120_000);

  it("shards merged give the unsharded report, byte for byte", async () => {
    const shards = [join(root, "shard-1"), join(root, "shard-2")];
    let total = 0;
    for (const [k, dir] of shards.entries()) {
      const result = await runClaims({ claimsDir, settings, workers: 1, outDir: dir, shard: { index: k + 1, count: 2 } });
      expect(result.complete).toBe(false);
      total += result.total;
    }
    expect(total).toBe(runCount);
    await expect(mergeClaimsShards({ claimsDir, settings, shardDirs: shards.slice(0, 1), outDir: join(root, "half") })).rejects.toThrow(/are in none of the shards/);
    await expect(mergeClaimsShards({ claimsDir, settings: { ...settings, seeds: 4 }, shardDirs: shards, outDir: join(root, "mismatch") })).rejects.toThrow(
      /a shard of another claims run .* merge with the same --quick, --seeds/,
    );
    const outDir = join(root, "merged");
    const merged = await mergeClaimsShards({ claimsDir, settings, shardDirs: shards, outDir });
    expect(await reportBytes(merged, outDir)).toEqual(reference);
  }, 120_000);
});
