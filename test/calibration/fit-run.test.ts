// `moat calibrate --fit` on the worker pool: the same fit (fit.md, draws.csv, predictive.csv,
// posterior.csv, calibrated.yaml,
// byte for byte) on one worker and on two, from two shards merged, and from a fit interrupted by
// Ctrl-C and resumed, which redoes none of the runs that had finished.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { REPO, moat, spawnMoat, tempDir, waitFor } from "../experiment/helpers.js";

const STUDY = join(REPO, "test", "calibration", "fixtures", "fit-growth.yaml");
const FIT = ["calibrate", "--fit", STUDY, "--accept", "0.25", "--fit-years", "2020-2022", "--quiet"];
const OUTPUTS = ["fit.md", "draws.csv", "predictive.csv", "posterior.csv", "calibrated.yaml"];
const TOTAL = 24; // 12 draws x 2 seeds

function expectSameFit(reference: string, other: string): void {
  for (const file of OUTPUTS) expect(readFileSync(join(other, file)), file).toEqual(readFileSync(join(reference, file)));
}

function checkpointRuns(outDir: string): Map<string, number> {
  const dir = join(outDir, ".checkpoint", "fit-growth", ".runs");
  const runs = new Map<string, number>();
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {
    return runs;
  }
  for (const name of names.filter((n) => /^\d+-\d+-\d+\.json$/.test(n))) runs.set(name, readFileSync(join(dir, name)).length);
  return runs;
}

describe("moat calibrate --fit on the worker pool", () => {
  const root = tempDir();
  const reference = join(root, "one-worker");

  beforeAll(async () => {
    const result = await moat(...FIT, "--workers", "1", "--out", reference);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/Fit \(fit-growth\): 24 runs \(12 draws x 2 seeds; 24 done now, 0 reused from the checkpoint, 1 worker\) in [0-9.]+ s; 3 draws accepted/);
  });

  it("fits the same bytes on two workers as on one, and removes its checkpoint unless asked to keep it", async () => {
    const two = join(root, "two-workers");
    const result = await moat(...FIT, "--workers", "2", "--keep-checkpoint", "--out", two);
    expect(result.code, result.stderr).toBe(0);
    expectSameFit(reference, two);
    expect(checkpointRuns(two).size).toBe(TOTAL);
    expect(readdirSync(reference).sort()).toEqual(OUTPUTS.slice().sort());
    // the kept checkpoint is the fit: --resume reuses every run and fits the same bytes
    const again = await moat(...FIT, "--workers", "2", "--resume", "--out", two);
    expect(again.stdout).toContain("0 done now, 24 reused from the checkpoint");
    expectSameFit(reference, two);
  });

  it("fits the same bytes from two shards merged, and says how to merge a shard", async () => {
    const shards = [join(root, "shard-1"), join(root, "shard-2")];
    for (const [k, dir] of shards.entries()) {
      const result = await moat(...FIT, "--workers", "1", "--shard", `${k + 1}/2`, "--out", dir);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toContain(`shard ${k + 1}/2 of fit fit-growth: 12 of 12 runs finished`);
      expect(result.stdout).toContain("moat calibrate --fit <the same study and options> --merge");
      expect(checkpointRuns(dir).size).toBe(12);
    }
    const merged = join(root, "merged");
    const result = await moat(...FIT, "--merge", shards.join(","), "--out", merged);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/24 runs \(12 draws x 2 seeds; merged 2 shards\)/);
    expectSameFit(reference, merged);
    // a missing shard is named, and nothing is fitted
    const partial = await moat(...FIT, "--merge", shards[0], "--out", join(root, "partial"));
    expect(partial.code).toBe(2);
    expect(partial.stderr).toContain("12 of 24 runs of study fit-growth are in none of the shards");
  });

  it("after Ctrl-C part-way, --resume redoes no finished run and fits the same bytes", async () => {
    const outDir = join(root, "interrupted");
    const args = [...FIT, "--workers", "1", "--out", outDir];
    const { child, done } = spawnMoat(args, { MOAT_TEST_RUN_DELAY_MS: "150" });
    let exited = false;
    void done.then(() => (exited = true));
    await waitFor(() => exited || checkpointRuns(outDir).size >= 4, 120_000, "four finished runs");
    if (exited) throw new Error(`moat exited before four runs finished: ${(await done).stderr.slice(0, 2000)}`);
    child.kill("SIGINT");
    const ended = await done;
    expect(ended.code).toBe(130);
    const before = checkpointRuns(outDir);
    expect(before.size).toBeGreaterThanOrEqual(4);
    expect(before.size).toBeLessThan(TOTAL);
    expect(ended.stderr).toContain(`interrupted: ${before.size} of ${TOTAL} runs finished and saved in ${join(outDir, ".checkpoint", "fit-growth")}`);
    const hint = /continue with: moat (.*)\n/.exec(ended.stderr);
    expect(hint).not.toBeNull();
    const resumed = await moat(...hint![1].split(" "));
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toContain(`${TOTAL - before.size} done now, ${before.size} reused from the checkpoint`);
    expectSameFit(reference, outDir);
    // without --resume a checkpoint in the way is refused, naming the way out
    const first = await moat(...FIT, "--workers", "1", "--shard", "1/2", "--out", join(root, "again"));
    expect(first.code).toBe(0);
    const refused = await moat(...FIT, "--workers", "1", "--out", join(root, "again"));
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("add --resume to continue it, or --fresh to start over");
  });
});
