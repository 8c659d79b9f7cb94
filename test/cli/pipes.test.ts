// moat's output piped into a reader that stops early (`moat run | head`, or a reader that has
// already gone): the broken pipe (EPIPE) ends moat quietly, without a stack trace, and the files it
// was writing are complete.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MOAT_BIN, REPO, TINY_LICENSING, tempDir } from "../experiment/helpers.js";

function shell(script: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync("bash", ["-c", script], { cwd: REPO, encoding: "utf8", timeout: 120_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("a closed pipe", () => {
  it("moat run | true: no EPIPE trace, exit 0, the run's files written", () => {
    const out = tempDir();
    // `true` exits at once without reading: every write moat makes to stdout meets a closed pipe
    const result = shell(`node ${MOAT_BIN} run ${TINY_LICENSING} --seed 3 --out ${out} | true; echo "moat=\${PIPESTATUS[0]}" >&2`);
    expect(result.stderr).not.toMatch(/EPIPE|Error|at .*\.js:\d+/);
    expect(result.stderr).toContain("moat=0");
    expect(existsSync(join(out, "tiny-licensing", "3", "manifest.json"))).toBe(true);
  });

  it("moat --help | head -1: exit 0, nothing on stderr", () => {
    const result = shell(`node ${MOAT_BIN} --help | head -1; echo "moat=\${PIPESTATUS[0]}" >&2`);
    expect(result.stdout.split("\n")[0]).toMatch(/^Usage: moat/);
    expect(result.stderr.trim()).toBe("moat=0");
  });
});
