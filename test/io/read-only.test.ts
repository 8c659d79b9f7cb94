// A read-only --out (a read-only mount: root ignores permission bits, so the test mounts a tmpfs
// read-only; as another user a folder without write permission) is reported as such, naming the
// folder and the way out, with nothing written.
import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { TINY_BASELINE, TINY_LICENSING, moat, tempDir } from "../experiment/helpers.js";

const root = process.getuid?.() === 0;
const folder = join(tempDir("moat-ro-"), "ro");
mkdirSync(folder);
let mounted = false;
if (root) {
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", folder], { stdio: "ignore" });
    mounted = true;
  } catch {
    if (process.env.MOAT_CI) throw new Error(`could not mount a read-only tmpfs on ${folder} although running as root in CI`);
  }
} else chmodSync(folder, 0o555);
const usable = mounted || !root;
const reason = mounted ? /is on a read-only file system: choose a writable --out \(EROFS\)/ : /no permission to write in .*: choose a writable --out \(EACCES\)/;

describe.runIf(usable)("a read-only --out", () => {
  afterAll(() => {
    if (mounted) execFileSync("umount", [folder], { stdio: "ignore" });
  });

  it("moat run says the folder is read-only", async () => {
    const result = await moat("run", TINY_LICENSING, "--out", join(folder, "runs"));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(reason);
    expect(result.stderr).not.toContain("ENOENT");
    expect(readdirSync(folder)).toEqual([]);
  });

  it("a study says the folder is read-only", async () => {
    const result = await moat("compare", TINY_BASELINE, TINY_LICENSING, "--seeds", "2", "--quiet", "--out", join(folder, "study"));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(reason);
    expect(readdirSync(folder)).toEqual([]);
  });
});
