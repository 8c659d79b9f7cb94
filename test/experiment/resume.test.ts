// A study killed part-way (SIGKILL, and Ctrl-C's SIGINT) by a real signal to a real `moat`
// process restarts with --resume, redoes none of the runs that had finished, and ends with files
// byte-identical to an uninterrupted study.
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { TINY_BASELINE, TINY_LICENSING, differingFiles, moat, spawnMoat, tempDir, waitFor } from "./helpers.js";

const STUDY = ["compare", TINY_BASELINE, TINY_LICENSING, "--seeds", "8", "--seed", "21", "--workers", "1"];
const TOTAL = 16;
// slows each run in the child so that the signal lands mid-study (a test hook read by the worker)
const SLOW = { MOAT_TEST_RUN_DELAY_MS: "120" };

function finishedRuns(outDir: string): Map<string, { ino: number; mtimeMs: number }> {
  const dir = join(outDir, ".runs");
  const runs = new Map<string, { ino: number; mtimeMs: number }>();
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {
    return runs;
  }
  for (const name of names.filter((n) => /^\d+-\d+-\d+\.json$/.test(n))) {
    const s = statSync(join(dir, name));
    runs.set(name, { ino: s.ino, mtimeMs: s.mtimeMs });
  }
  return runs;
}

describe("kill and resume", () => {
  const reference = join(tempDir(), "reference");

  beforeAll(async () => {
    const result = await moat(...STUDY, "--quiet", "--out", reference);
    expect(result.code).toBe(0);
  });

  for (const signal of ["SIGKILL", "SIGINT"] as const) {
    it(`after ${signal} part-way, --resume redoes no finished run and ends byte-identical`, async () => {
      const outDir = join(tempDir(), "study");
      const { child, done } = spawnMoat([...STUDY, "--out", outDir], SLOW);
      let exited = false;
      void done.then(() => (exited = true));
      await waitFor(() => exited || finishedRuns(outDir).size >= 4, 120_000, "four finished runs");
      if (exited) {
        const early = await done;
        throw new Error(`moat exited before four runs finished (code ${early.code}): ${early.stderr.slice(0, 2000)}`);
      }
      child.kill(signal);
      const ended = await done;
      const before = finishedRuns(outDir);
      expect(before.size).toBeGreaterThanOrEqual(4);
      expect(before.size).toBeLessThan(TOTAL);

      let resumeArgs = [...STUDY, "--out", outDir, "--resume"];
      if (signal === "SIGKILL") expect(ended.signal).toBe("SIGKILL");
      else {
        expect(ended.code).toBe(130);
        expect(ended.stderr).toContain(`interrupted: ${before.size} of ${TOTAL} runs finished and saved in ${join(outDir, ".runs")}`);
        const hint = /continue with: moat (.*)\n/.exec(ended.stderr);
        expect(hint).not.toBeNull();
        resumeArgs = hint![1].split(" ");
        expect(resumeArgs).toContain("--resume");
      }

      const resumed = await moat(...resumeArgs, "--quiet");
      expect(resumed.code).toBe(0);
      expect(resumed.stdout).toContain(`${TOTAL - before.size} runs done now, ${before.size} reused from the checkpoint`);
      const after = finishedRuns(outDir);
      for (const [name, stat] of before) expect(after.get(name)).toEqual(stat); // not rewritten
      expect(differingFiles(reference, outDir)).toEqual([]);
    });
  }
});
