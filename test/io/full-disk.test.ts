// A full disk for real: a 64 KiB tmpfs (mounting needs root; CI runs as root through .ci/run, where
// this test must run; elsewhere test/io/atomic-faults.test.ts covers the same with an injected
// writer). `moat run` and a study on it fail with the file named and the way out, leave no cut or
// temporary file, and the study, once the disk has room, resumes to the bytes of a clean run.
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TINY_BASELINE, TINY_LICENSING, directoryBytes, moat, tempDir } from "../experiment/helpers.js";

function tryMount(dir: string, size: string): boolean {
  if (process.getuid?.() !== 0) return false;
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", `size=${size}`, "tmpfs", dir], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

const mountPoint = join(tempDir("moat-disk-"), "disk");
mkdirSync(mountPoint);
const mounted = tryMount(mountPoint, "64k");
if (!mounted && process.env.MOAT_CI && process.getuid?.() === 0) throw new Error(`could not mount a tmpfs on ${mountPoint} although running as root in CI`);

/** Every file under `dir`: none may be a temporary file, and each must equal the reference's bytes. */
function expectOnlyCompleteFiles(dir: string, reference: Map<string, Buffer>, base = dir): void {
  for (const [path, bytes] of directoryBytes(dir)) {
    expect(path).not.toMatch(/\.tmp-\d+-\d+$/);
    const rel = relative(base, join(dir, path));
    if (reference.has(rel)) expect(bytes.equals(reference.get(rel)!), `${rel} is complete`).toBe(true);
  }
}

describe.runIf(mounted)("on a full disk (a 64 KiB tmpfs)", () => {
  afterAll(() => {
    execFileSync("umount", [mountPoint], { stdio: "ignore" });
  });

  const referenceRun = tempDir();
  const referenceStudy = join(tempDir(), "study");
  const COMPARE = ["compare", TINY_BASELINE, TINY_LICENSING, "--seeds", "12", "--seed", "2", "--quiet", "--workers", "1"];
  beforeAll(async () => {
    expect((await moat("run", TINY_LICENSING, "--seed", "3", "--set", "periods=40", "--out", referenceRun)).code).toBe(0);
    expect((await moat(...COMPARE, "--out", referenceStudy)).code).toBe(0);
  });

  it("moat run fails naming the file and the way out, and leaves no partial file", async () => {
    const out = join(mountPoint, "run");
    const result = await moat("run", TINY_LICENSING, "--seed", "3", "--set", "periods=40", "--out", out);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/not written: no space left on the device holding .*: free some space or choose another --out \(ENOSPC\)/);
    expectOnlyCompleteFiles(out, directoryBytes(referenceRun));
    execFileSync("rm", ["-rf", out]);
  });

  it("a study stops with the file named; every run file kept checks out, and with room it resumes to the clean bytes", async () => {
    const out = join(mountPoint, "study");
    const first = await moat(...COMPARE, "--out", out);
    expect(first.code).not.toBe(0);
    expect(first.stderr).toContain("no space left on the device");
    expectOnlyCompleteFiles(out, directoryBytes(referenceStudy));
    execFileSync("mount", ["-o", "remount,size=16m", mountPoint]);
    const resumed = await moat(...COMPARE, "--out", out, "--resume");
    expect(resumed.stderr).toBe("");
    expect(resumed.code).toBe(0);
    const clean = directoryBytes(referenceStudy);
    const after = directoryBytes(out);
    for (const name of ["runs.csv", "summary.csv", "differences.csv", "runs.parquet"]) expect(after.get(name)?.equals(clean.get(name)!)).toBe(true);
    expect(readdirSync(join(out, ".runs")).filter((n) => n.endsWith(".json")).length).toBe(25);
    expect(statSync(join(out, "runs.csv")).size).toBeGreaterThan(64 * 1024);
  });
});
