// The real Slurm test: .ci/slurm-test.sh starts a one-node Slurm cluster, runs a study as a job
// array of shards plus a merge job, and compares the merged files with a one-machine run.
// Runs when MOAT_CI=1 (then anything missing is a failure, never a skip) or when Slurm is
// installed here and we are root; skipped otherwise.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO } from "./helpers.js";

const inCi = process.env.MOAT_CI === "1";
const slurmInstalled = spawnSync("sh", ["-c", "command -v sbatch && command -v slurmctld && command -v slurmd"], { stdio: "ignore" }).status === 0;
const isRoot = typeof process.getuid === "function" && process.getuid() === 0;

describe("Slurm job array", () => {
  it.runIf(inCi || (slurmInstalled && isRoot))(
    "a study run as a Slurm job array and merged equals the one-machine study byte for byte",
    () => {
      const result = spawnSync("bash", [join(REPO, ".ci", "slurm-test.sh")], { cwd: REPO, encoding: "utf8", timeout: 600_000 });
      const output = `${result.stdout}\n${result.stderr}`;
      expect(result.status, output).toBe(0);
      expect(result.stdout).toMatch(/slurm-test: PASS: 3-task Slurm array merged to the one-machine bytes/);
    },
    660_000,
  );
});
