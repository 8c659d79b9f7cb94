// `moat run`'s folder is replaced whole: a rerun leaves no file of the previous run (incumbents.csv
// of a run with a regime, beside a run without one), and a `moat run` killed at random points
// (SIGKILL, at delays drawn from a seeded stream) leaves either no run folder or a complete one,
// and no temporary file that the next run does not remove.
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { streamFor } from "../../sim/random.js";
import { TINY_LICENSING, directoryBytes, moat, spawnMoat, tempDir } from "../experiment/helpers.js";

/** Every name under `dir`, folders included, relative. */
function allNames(dir: string, prefix = ""): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => [
    prefix + entry.name,
    ...(entry.isDirectory() ? allNames(join(dir, entry.name), `${prefix}${entry.name}/`) : []),
  ]);
}

describe("moat run's folder", () => {
  it("a rerun without a regime leaves no incumbents.csv of the earlier run with one", async () => {
    const out = tempDir();
    expect((await moat("run", TINY_LICENSING, "--seed", "4", "--out", out)).code).toBe(0);
    const dir = join(out, "tiny-licensing", "4");
    expect(existsSync(join(dir, "incumbents.csv"))).toBe(true);
    const again = await moat("run", TINY_LICENSING, "--seed", "4", "--set", "regime=null", "--out", out);
    expect(again.code).toBe(0);
    expect(existsSync(join(dir, "incumbents.csv"))).toBe(false);
    expect(allNames(join(out, "tiny-licensing")).filter((n) => n.startsWith("."))).toEqual([]);
  });

  describe("killed at random points", () => {
    const reference = tempDir();
    const ARGS = ["run", TINY_LICENSING, "--seed", "6", "--set", "periods=40"];
    let lifetimeMs = 0;
    beforeAll(async () => {
      // a whole run as a child process, timed only to spread the kills over its life
      const start = Date.now();
      const { done } = spawnMoat([...ARGS, "--out", reference]);
      expect((await done).code).toBe(0);
      lifetimeMs = Date.now() - start;
    });

    it("leaves no run folder or a complete one, and the next run removes what a killed one left", async () => {
      const expected = directoryBytes(join(reference, "tiny-licensing", "6"));
      const draw = streamFor(15, "kill-moat-run");
      const out = tempDir();
      const dir = join(out, "tiny-licensing", "6");
      for (let attempt = 0; attempt < 10; attempt++) {
        const delayMs = Math.floor((0.3 + 0.7 * draw()) * lifetimeMs);
        const { child, done } = spawnMoat([...ARGS, "--out", out]);
        await new Promise((r) => setTimeout(r, delayMs));
        child.kill("SIGKILL");
        await done;
        if (existsSync(dir)) {
          const found = directoryBytes(dir);
          expect([...found.keys()].sort(), `after a kill at ${delayMs} ms`).toEqual([...expected.keys()].sort());
          for (const [name, bytes] of found) if (!/\.(svg|png)$/.test(name)) expect(bytes.equals(expected.get(name)!), name).toBe(true);
        }
      }
      const finished = await moat(...ARGS, "--out", out);
      expect(finished.code).toBe(0);
      expect(allNames(out).filter((n) => n.split("/").some((part) => part.startsWith(".")))).toEqual([]);
    }, 240_000);
  });
});
