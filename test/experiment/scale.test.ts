// Large studies: limits are checked before anything runs or is written, each message giving the
// limit and why; a study of the largest allowed seed count starts running at once (runs are made
// on demand, never listed) and Ctrl-C stops it, leaving a folder that resumes. No timing
// assertions: only generous timeouts on waiting (the times are measured in docs/RELIABILITY.md).
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { verifyRunFiles, type StudyRecord } from "../../sim/experiment/checkpoint.js";
import { REPO, TINY_BASELINE, TINY_LICENSING, moat, spawnMoat, tempDir, waitFor } from "./helpers.js";

function runFileCount(dir: string): number {
  try {
    return readdirSync(join(dir, ".runs")).filter((n) => /^\d+-\d+-\d+\.json$/.test(n)).length;
  } catch {
    return 0;
  }
}

describe("limits, checked before any work", () => {
  it("too many seeds: the limit and why, nothing written", async () => {
    const out = join(tempDir(), "big");
    const result = await moat("compare", TINY_BASELINE, TINY_LICENSING, "--seeds", "1000000", "--out", out);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("seeds: expected at most 100,000 seeds, got 1,000,000 (the standard error of a mean shrinks as 1/sqrt(seeds)");
    expect(existsSync(out)).toBe(false);
  });

  it("too many run-periods: the limit and why, nothing written", async () => {
    const out = join(tempDir(), "long");
    const result = await moat("run", TINY_BASELINE, "--replicates", "20000", "--set", "periods=400", "--out", out);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("expected at most 1,000,000 run-periods (runs x periods) in one study, got 8,000,000 (20,000 runs x 400 periods;");
    expect(existsSync(out)).toBe(false);
  });

  it("too many firms: the limit and why", async () => {
    const dir = tempDir();
    const firms = Array.from({ length: 1001 }, (_, i) => `  - { name: f${i}, kind: startup }`).join("\n");
    const file = join(dir, "crowd.yaml");
    writeFileSync(file, `extends: ${join(REPO, "scenarios", "baseline.yaml")}\nfirms:\n${firms}\n`);
    const result = await moat("run", file, "--out", join(dir, "out"));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("crowd.yaml: firms: expected at most 1000 firms at the start, got 1001 (every period prices each model against all the others");
    expect(existsSync(join(dir, "out"))).toBe(false);
  });

  it("a scenario file larger than 1 MiB is not read", async () => {
    const dir = tempDir();
    const file = join(dir, "huge.yaml");
    writeFileSync(file, `# ${"x".repeat(1024 * 1024)}\nperiods: 2\n`);
    const result = await moat("run", file, "--out", join(dir, "out"));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("huge.yaml: (file): expected a scenario file of at most 1024 KiB");
  });
});

describe("the largest study allowed", () => {
  it("starts its runs and stops on Ctrl-C, leaving a folder that resumes", async () => {
    const out = join(tempDir(), "many");
    const { child, done } = spawnMoat(["run", TINY_BASELINE, "--replicates", "100000", "--workers", "1", "--quiet", "--out", out]);
    let exited = false;
    void done.then(() => (exited = true));
    await waitFor(() => exited || runFileCount(out) >= 1, 180_000, "the first finished run");
    expect(exited).toBe(false);
    child.kill("SIGINT");
    const ended = await Promise.race([done, new Promise<undefined>((r) => setTimeout(() => r(undefined), 60_000))]);
    if (!ended) child.kill("SIGKILL");
    expect(ended?.code).toBe(130);
    expect(ended?.stderr).toMatch(/interrupted: \d+ of 100000 runs finished and saved in .*\ncontinue with: moat run .* --resume\n/);
    // resumable: the record is there, every run file checks out, no lock or temporary file is left
    const record = JSON.parse(readFileSync(join(out, ".runs", "study.json"), "utf8")) as StudyRecord;
    expect(record.runCount).toBe(100_000);
    const verified = verifyRunFiles(out, record);
    expect(verified.problems).toEqual([]);
    expect(verified.finished.size).toBeGreaterThanOrEqual(1);
    expect(readdirSync(out).filter((n) => n.startsWith(".") && n !== ".runs")).toEqual([]);
    expect(readdirSync(join(out, ".runs")).filter((n) => n.startsWith("."))).toEqual([]);
  }, 300_000);
});
