// Whole studies through the CLI: byte-identical output whatever the number of workers, shards
// merged into the bytes of a one-machine study, tables equal to a direct computation, Parquet
// equal to CSV, and common random numbers across the arms of a comparison.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parquetReadObjects } from "hyparquet";
import * as ss from "simple-statistics";
import { beforeAll, describe, expect, it } from "vitest";
import { parseCsv, parseNumber } from "../../sim/io/csv.js";
import { TINY_BASELINE, TINY_LICENSING, differingFiles, directoryBytes, moat, tempDir } from "./helpers.js";

const COMPARE = ["compare", TINY_BASELINE, TINY_LICENSING, "--seeds", "5", "--seed", "3", "--quiet"];
const SWEEP = ["sweep", TINY_LICENSING, "--vary", "regime.thresholdFlop=1e25,1e27", "--vary", "regime.complianceCosts.scale=0.5,2", "--seeds", "2", "--seed", "4", "--quiet"];

function readTable(path: string): { header: string[]; rows: string[][] } {
  return parseCsv(readFileSync(path, "utf8"));
}

async function readParquet(path: string): Promise<Record<string, unknown>[]> {
  const bytes = readFileSync(path);
  return parquetReadObjects({ file: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) });
}

// R type 7 / numpy "linear": h = (n - 1) p, interpolate between the order statistics around h.
function quantileType7(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  return lo + 1 < sorted.length ? sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]) : sorted[lo];
}

describe("a comparison study", () => {
  const oneWorker = join(tempDir(), "one");
  const twoWorkers = join(tempDir(), "two");

  beforeAll(async () => {
    const a = await moat(...COMPARE, "--workers", "1", "--out", oneWorker);
    expect(a.stderr).toBe("");
    expect(a.code).toBe(0);
    const b = await moat(...COMPARE, "--workers", "2", "--out", twoWorkers);
    expect(b.code).toBe(0);
  });

  it("writes byte-identical files with 1 and 2 workers", () => {
    const files = [...directoryBytes(oneWorker).keys()];
    expect(files).toEqual(
      expect.arrayContaining(["manifest.json", "runs.csv", "runs.parquet", "summary.csv", "summary.parquet", "differences.csv", "differences.parquet", join(".runs", "study.json"), join(".runs", "0-0-4.json"), join(".runs", "1-0-4.json")]),
    );
    expect(differingFiles(oneWorker, twoWorkers)).toEqual([]);
  });

  it("gives every arm the same seeds (common random numbers)", () => {
    const { header, rows } = readTable(join(oneWorker, "runs.csv"));
    expect(header).toEqual(["study", "arm", "point", "seed", "period", "year", "metric", "value"]);
    const seedsOf = (arm: string) => [...new Set(rows.filter((r) => r[1] === arm).map((r) => r[3]))];
    const manifest = JSON.parse(readFileSync(join(oneWorker, "manifest.json"), "utf8"));
    expect(seedsOf("tiny-baseline")).toEqual(manifest.seeds.map(String));
    expect(seedsOf("tiny-licensing")).toEqual(manifest.seeds.map(String));
    expect(manifest.seeds.length).toBe(5);
    expect(manifest.study).toMatchObject({ type: "compare", baseline: "tiny-baseline", arms: [{ name: "tiny-baseline" }, { name: "tiny-licensing" }] });
    expect(manifest).toMatchObject({ startYear: 2026, periodsPerYear: 4, regimeStartPeriod: 0 });
  });

  it("summary statistics equal a direct simple-statistics computation", () => {
    const runs = readTable(join(oneWorker, "runs.csv")).rows;
    const { header, rows } = readTable(join(oneWorker, "summary.csv"));
    expect(header).toEqual(["study", "arm", "point", "period", "year", "metric", "n", "mean", "median", "q05", "q95", "se"]);
    const cells = [
      ["tiny-licensing", "5", "hhi_usage"],
      ["tiny-baseline", "3", "consumer_surplus"],
      ["tiny-licensing", "4", "mean_price"],
    ];
    for (const [arm, period, metric] of cells) {
      const values = runs.filter((r) => r[1] === arm && r[4] === period && r[6] === metric).map((r) => parseNumber(r[7]));
      expect(values.length).toBe(5);
      const row = rows.find((r) => r[1] === arm && r[3] === period && r[5] === metric);
      expect(row).toBeDefined();
      const [n, mean, median, q05, q95, se] = row!.slice(6).map(parseNumber);
      expect(n).toBe(5);
      expect(mean).toBeCloseTo(ss.mean(values), 9);
      expect(median).toBeCloseTo(ss.median(values), 9);
      expect(q05).toBeCloseTo(quantileType7(values, 0.05), 9);
      expect(q95).toBeCloseTo(quantileType7(values, 0.95), 9);
      expect(se).toBeCloseTo(ss.sampleStandardDeviation(values) / Math.sqrt(5), 9);
    }
  });

  it("differences are statistics of the per-seed regime minus baseline", () => {
    const runs = readTable(join(oneWorker, "runs.csv")).rows;
    const { rows } = readTable(join(oneWorker, "differences.csv"));
    const metric = "hhi_usage";
    const period = "5";
    const value = (arm: string, seed: string) => parseNumber(runs.find((r) => r[1] === arm && r[3] === seed && r[4] === period && r[6] === metric)![7]);
    const seeds = [...new Set(runs.map((r) => r[3]))];
    const perSeed = seeds.map((s) => value("tiny-licensing", s) - value("tiny-baseline", s));
    const row = rows.find((r) => r[1] === "tiny-licensing" && r[3] === period && r[5] === metric)!;
    expect(parseNumber(row[7])).toBeCloseTo(ss.mean(perSeed), 9);
    expect(parseNumber(row[11])).toBeCloseTo(ss.sampleStandardDeviation(perSeed) / Math.sqrt(perSeed.length), 9);
    expect(rows.some((r) => r[1] === "tiny-baseline")).toBe(false);
  });

  it("Parquet tables hold exactly the CSV content", async () => {
    for (const table of ["runs", "summary", "differences"]) {
      const { header, rows } = readTable(join(oneWorker, `${table}.csv`));
      const parquet = await readParquet(join(oneWorker, `${table}.parquet`));
      expect(parquet.length).toBe(rows.length);
      expect(Object.keys(parquet[0])).toEqual(header);
      rows.forEach((fields, i) => {
        header.forEach((column, c) => {
          const got = parquet[i][column];
          if (typeof got === "number") {
            const want = parseNumber(fields[c]);
            if (Number.isNaN(want)) expect(Number.isNaN(got)).toBe(true);
            else expect(got).toBe(want);
          } else expect(String(got)).toBe(fields[c]);
        });
      });
    }
  });

  it("refuses to overwrite the study without --resume or --fresh, and resumes a complete study to the same bytes", async () => {
    const again = await moat(...COMPARE, "--workers", "1", "--out", oneWorker);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already holds this study \(10 of 10 runs finished\): add --resume to continue it, or --fresh to start over/);
    const before = directoryBytes(oneWorker);
    const resumed = await moat(...COMPARE, "--workers", "1", "--out", oneWorker, "--resume");
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toMatch(/0 runs done now, 10 reused from the checkpoint/);
    expect(directoryBytes(oneWorker)).toEqual(before);
  });

  it("refuses to resume a different study in the same directory", async () => {
    const other = await moat(...COMPARE.map((a) => (a === "5" ? "6" : a)), "--out", oneWorker, "--resume");
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/holds a different study .* than this one .*: use another --out, or --fresh to discard it/);
  });
});

describe("shards", () => {
  it("merged shards are byte-identical to the one-machine study", async () => {
    const root = tempDir();
    const whole = await moat(...SWEEP, "--workers", "2", "--out", join(root, "whole"));
    expect(whole.code).toBe(0);
    const shardDirs = [1, 2, 3].map((k) => join(root, `shard-${k}`));
    for (const [i, dir] of shardDirs.entries()) {
      const shard = await moat(...SWEEP, "--workers", "1", "--shard", `${i + 1}/3`, "--out", dir);
      expect(shard.code).toBe(0);
      expect(shard.stdout).toMatch(new RegExp(`shard ${i + 1}/3 of study`));
      expect(existsSync(join(dir, "runs.csv"))).toBe(false);
    }
    // 8 runs dealt round-robin: shard 1 gets runs 0, 3, 6
    expect([...directoryBytes(shardDirs[0]).keys()].filter((f) => f.endsWith(".json") && !f.endsWith("study.json")).length).toBe(3);

    const incomplete = await moat("merge", shardDirs[0], shardDirs[2], "--out", join(root, "partial"));
    expect(incomplete.code).toBe(2);
    expect(incomplete.stderr).toMatch(/3 of 8 runs of study sweep-tiny-licensing are in none of the shards/);
    expect(existsSync(join(root, "partial"))).toBe(false);

    const merged = await moat("merge", ...shardDirs, "--out", join(root, "merged"));
    expect(merged.code).toBe(0);
    expect(differingFiles(join(root, "whole"), join(root, "merged"))).toEqual([]);
    const header = readTable(join(root, "merged", "summary.csv")).header;
    expect(header).toEqual(["study", "arm", "point", "regime.thresholdFlop", "regime.complianceCosts.scale", "period", "year", "metric", "n", "mean", "median", "q05", "q95", "se"]);
  });

  it("refuses to merge shards of different studies", async () => {
    const root = tempDir();
    await moat(...SWEEP, "--shard", "1/2", "--out", join(root, "a"));
    await moat(...SWEEP.map((a) => (a === "4" ? "5" : a)), "--shard", "2/2", "--out", join(root, "b"));
    const merged = await moat("merge", join(root, "a"), join(root, "b"), "--out", join(root, "m"));
    expect(merged.code).toBe(2);
    expect(merged.stderr).toMatch(/belongs to another study/);
    expect(existsSync(join(root, "m"))).toBe(false);
  });
});
