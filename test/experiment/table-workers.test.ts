// A study's tables written on worker threads: the same bytes as on one thread whatever the number
// of workers, the runs table alone in its task, and a table that cannot be written (or a damaged
// run file) reported as on one thread, with the manifest left unwritten.
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OutputError } from "../../sim/io/atomic.js";
import { readStudyRecord, type StudyRecord } from "../../sim/experiment/checkpoint.js";
import { StudyError } from "../../sim/experiment/errors.js";
import { workerPool, type WorkerPool } from "../../sim/experiment/pool.js";
import { tableTasks, writeStudyOutputsOnWorkers } from "../../sim/experiment/table-workers.js";
import { TINY_BASELINE, TINY_LICENSING, directoryBytes, moat, tempDir } from "./helpers.js";

describe("tableTasks", () => {
  it("gives the runs table a task of its own and deals the others over the remaining workers", () => {
    const all = ["runs", "summary", "differences"] as const;
    expect(tableTasks(all, 1)).toEqual([["runs", "summary", "differences"]]);
    expect(tableTasks(all, 2)).toEqual([["runs"], ["summary", "differences"]]);
    expect(tableTasks(all, 3)).toEqual([["runs"], ["summary"], ["differences"]]);
    expect(tableTasks(all, 8)).toEqual([["runs"], ["summary"], ["differences"]]);
    expect(tableTasks(["runs", "summary"], 2)).toEqual([["runs"], ["summary"]]);
  });
});

describe("writeStudyOutputsOnWorkers", () => {
  // written on one thread by `moat compare --workers 1`: the reference bytes
  const reference = join(tempDir(), "one-thread");
  let record: StudyRecord;
  const pools: WorkerPool[] = [];
  const poolOf = (workers: number) => {
    const pool = workerPool(workers);
    pools.push(pool);
    return pool;
  };
  /** A copy of the reference's checkpoint alone (no tables). */
  const checkpointCopy = () => {
    const dir = join(tempDir(), "study");
    cpSync(join(reference, ".runs"), join(dir, ".runs"), { recursive: true });
    return dir;
  };

  beforeAll(async () => {
    const made = await moat("compare", TINY_BASELINE, TINY_LICENSING, "--seeds", "4", "--seed", "5", "--quiet", "--workers", "1", "--out", reference);
    expect(made.stderr).toBe("");
    record = readStudyRecord(reference)!;
  });
  afterAll(async () => {
    await Promise.all(pools.map((pool) => pool.destroy()));
  });

  for (const workers of [1, 2, 3]) {
    it(`writes the bytes of the one-thread tables on ${workers} worker${workers === 1 ? "" : "s"}`, async () => {
      const dir = checkpointCopy();
      const { files, tableCpuMs } = await writeStudyOutputsOnWorkers(dir, record, poolOf(workers));
      expect(files).toEqual(["runs.csv", "runs.parquet", "summary.csv", "summary.parquet", "differences.csv", "differences.parquet", "manifest.json"]);
      expect(tableCpuMs).toHaveLength(Math.min(workers, 3));
      const expected = directoryBytes(reference);
      const written = directoryBytes(dir);
      expect([...written.keys()].sort()).toEqual([...expected.keys()].sort());
      for (const [name, bytes] of expected) expect(written.get(name)?.equals(bytes), name).toBe(true);
    });
  }

  it("reports a table it cannot write as an OutputError naming the file, and writes no manifest", async () => {
    const dir = checkpointCopy();
    mkdirSync(join(dir, "summary.csv")); // a folder where the table goes
    const failure = await writeStudyOutputsOnWorkers(dir, record, poolOf(2)).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(OutputError);
    expect((failure as OutputError).message).toBe(`${join(dir, "summary.csv")}: not written: ${join(dir, "summary.csv")} is a folder: remove it or choose another --out (EISDIR)`);
    expect(existsSync(join(dir, "manifest.json"))).toBe(false);
  });

  it("reports a damaged run file as a StudyError naming it", async () => {
    const dir = checkpointCopy();
    const runFile = join(dir, ".runs", "1-0-2.json");
    // the body's last digit changed: same length, another SHA-256
    writeFileSync(runFile, readFileSync(runFile, "utf8").replace(/\d(?=\D*$)/, (digit) => String((Number(digit) + 1) % 10)));
    const failure = await writeStudyOutputsOnWorkers(dir, record, poolOf(2)).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(StudyError);
    expect((failure as StudyError).problems).toEqual([`${runFile}: damaged run file (its SHA-256 does not match its header): delete it (the run is redone with --resume) or start over with --fresh`]);
    expect(existsSync(join(dir, "manifest.json"))).toBe(false);
  });
});
