// Two writers on one folder: while a moat study is writing a folder, a second moat (even with
// --fresh, of another study) is refused and the first one's runs are untouched; once the first is
// killed (SIGKILL leaves its lock behind), the stale lock is taken over and the study resumes to
// the bytes of an uninterrupted one.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { TINY_BASELINE, TINY_LICENSING, differingFiles, moat, spawnMoat, tempDir, waitFor } from "./helpers.js";

const STUDY = ["compare", TINY_BASELINE, TINY_LICENSING, "--seeds", "6", "--seed", "8", "--workers", "1", "--quiet"];
const OTHER = ["sweep", TINY_LICENSING, "--vary", "regime.thresholdFlop=1e25,1e26", "--seeds", "2", "--workers", "1", "--quiet"];

function runCount(dir: string): number {
  try {
    return readdirSync(join(dir, ".runs")).filter((n) => /^\d+-\d+-\d+\.json$/.test(n)).length;
  } catch {
    return 0;
  }
}

describe("two writers on one folder", () => {
  const reference = join(tempDir(), "reference");
  beforeAll(async () => {
    expect((await moat(...STUDY, "--out", reference)).code).toBe(0);
  });

  it("the second is refused while the first runs; after the first is killed its lock is stale and the study resumes", async () => {
    const dir = join(tempDir(), "shared");
    const { child, done } = spawnMoat([...STUDY, "--out", dir], { MOAT_TEST_RUN_DELAY_MS: "300" });
    let exited = false;
    void done.then(() => (exited = true));
    await waitFor(() => exited || runCount(dir) >= 2, 120_000, "two finished runs");
    expect(exited).toBe(false);

    const second = await moat(...OTHER, "--fresh", "--out", dir);
    expect(second.code).toBe(2);
    expect(second.stderr).toContain(`${dir}: another moat (pid ${child.pid}`);
    expect(runCount(dir)).toBeGreaterThanOrEqual(2); // the first writer's runs were not discarded

    child.kill("SIGKILL");
    await done;
    const resumed = await moat(...STUDY, "--out", dir, "--resume");
    expect(resumed.stderr).toBe("");
    expect(resumed.code).toBe(0);
    expect(differingFiles(reference, dir)).toEqual([]);
  }, 240_000);
});
