// The study checkpoint as a contract: a run file counts only when its length and SHA-256 check
// out, it carries its study's hash and arm and is refused by any other study, and a damaged
// file is named in the error together with the way out.
import { copyFileSync, readFileSync, readdirSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { TINY_BASELINE, TINY_LICENSING, moat, tempDir } from "./helpers.js";

const COMPARE = ["compare", TINY_BASELINE, TINY_LICENSING, "--seeds", "3", "--seed", "5", "--quiet", "--workers", "1"];
const OTHER = ["compare", TINY_BASELINE, TINY_LICENSING, "--seeds", "3", "--seed", "6", "--quiet", "--workers", "1"];

function runFiles(dir: string): string[] {
  return readdirSync(join(dir, ".runs")).filter((n) => /^\d+-\d+-\d+\.json$/.test(n)).sort();
}

describe("run files", () => {
  const reference = join(tempDir(), "reference");
  beforeAll(async () => {
    expect((await moat(...COMPARE, "--out", reference)).code).toBe(0);
  });

  it("carry the study hash and the arm", () => {
    const study = JSON.parse(readFileSync(join(reference, ".runs", "study.json"), "utf8")) as { hash: string };
    const header = JSON.parse(readFileSync(join(reference, ".runs", "1-0-2.json"), "utf8").split("\n")[0]) as Record<string, unknown>;
    expect(header).toMatchObject({ study: study.hash, arm: "tiny-licensing" });
  });

  it("a run file cut short is named, with the way out, on --resume", async () => {
    const dir = join(tempDir(), "cut");
    expect((await moat(...COMPARE, "--out", dir)).code).toBe(0);
    const path = join(dir, ".runs", "0-0-1.json");
    truncateSync(path, Math.floor(readFileSync(path).length / 2));
    const resumed = await moat(...COMPARE, "--out", dir, "--resume");
    expect(resumed.code).toBe(2);
    expect(resumed.stderr).toContain(`${path}: damaged run file`);
    expect(resumed.stderr).toContain("delete it (the run is redone with --resume) or start over with --fresh");
    rmSync(path);
    const again = await moat(...COMPARE, "--out", dir, "--resume");
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("1 run done now, 5 reused from the checkpoint");
    expect(readFileSync(join(dir, "runs.csv"))).toEqual(readFileSync(join(reference, "runs.csv")));
  });

  it("a run file with a changed byte (same length) fails its hash check", async () => {
    const dir = join(tempDir(), "flip");
    expect((await moat(...COMPARE, "--out", dir)).code).toBe(0);
    const path = join(dir, ".runs", "1-0-0.json");
    const text = readFileSync(path, "utf8");
    const at = text.lastIndexOf("1");
    writeFileSync(path, text.slice(0, at) + "2" + text.slice(at + 1));
    const resumed = await moat(...COMPARE, "--out", dir, "--resume");
    expect(resumed.code).toBe(2);
    expect(resumed.stderr).toContain(`${path}: damaged run file`);
  });

  it("a folder whose study.json was deleted does not lend its runs to another study", async () => {
    const dir = join(tempDir(), "orphan");
    expect((await moat(...COMPARE, "--out", dir)).code).toBe(0);
    rmSync(join(dir, ".runs", "study.json"));
    const other = await moat(...OTHER, "--out", dir);
    expect(other.code).toBe(2);
    expect(other.stderr).toContain(`${dir}: .runs/ holds 6 run files of another study`);
    expect(other.stderr).toContain("use another --out, or --fresh to discard them");
    const fresh = await moat(...OTHER, "--out", dir, "--fresh");
    expect(fresh.code).toBe(0);
    expect(fresh.stdout).toContain("6 runs done now, 0 reused");
  });

  it("merge refuses a shard holding a run file of another study", async () => {
    const shards = [1, 2].map((k) => join(tempDir(), `shard${k}`));
    for (const [k, dir] of shards.entries()) expect((await moat(...COMPARE, "--shard", `${k + 1}/2`, "--out", dir)).code).toBe(0);
    const foreign = join(tempDir(), "foreign");
    expect((await moat(...OTHER, "--out", foreign)).code).toBe(0);
    // shard 1 holds runs 0, 2, 4 (0-0-0, 0-0-2, 1-0-1): swap one for the other study's file
    copyFileSync(join(foreign, ".runs", "0-0-2.json"), join(shards[0], ".runs", "0-0-2.json"));
    const merged = join(tempDir(), "merged");
    const result = await moat("merge", ...shards, "--out", merged);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${join(shards[0], ".runs", "0-0-2.json")}: belongs to another study`);
    expect(runFiles(shards[1]).length).toBe(3);
  });
});
