import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { OutputError, writeAtomicWith, writeFileAtomic, writeFileAtomicAsync, writeJsonAtomic } from "../../sim/io/atomic.js";
import { tempDir } from "../experiment/helpers.js";

describe("atomic writes", () => {
  it("writes the content and leaves no temporary file", () => {
    const dir = tempDir();
    writeFileAtomic(join(dir, "a.txt"), "hello\n");
    writeJsonAtomic(join(dir, "sub", "b.json"), { x: 1 });
    expect(readFileSync(join(dir, "a.txt"), "utf8")).toBe("hello\n");
    expect(JSON.parse(readFileSync(join(dir, "sub", "b.json"), "utf8"))).toEqual({ x: 1 });
    expect(readdirSync(dir).sort()).toEqual(["a.txt", "sub"]);
  });

  it("leaves no partial file when the write throws part-way", () => {
    const dir = tempDir();
    const path = join(dir, "table.csv");
    expect(() =>
      writeAtomicWith(path, (write) => {
        write("period,value\n");
        write("0,1\n");
        throw new Error("disk on fire");
      }),
    ).toThrow("disk on fire");
    expect(existsSync(path)).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("keeps the previous file intact when a rewrite throws", () => {
    const dir = tempDir();
    const path = join(dir, "manifest.json");
    writeFileSync(path, "old complete content\n");
    expect(() =>
      writeAtomicWith(path, (write) => {
        write("new but ");
        throw new Error("interrupted");
      }),
    ).toThrow("interrupted");
    expect(readFileSync(path, "utf8")).toBe("old complete content\n");
    expect(readdirSync(dir)).toEqual(["manifest.json"]);
  });

  it("writes large byte arrays completely", () => {
    const dir = tempDir();
    const bytes = new Uint8Array(3_000_000).map((_, i) => i % 251);
    writeFileAtomic(join(dir, "big.bin"), bytes);
    expect(Buffer.from(bytes).equals(readFileSync(join(dir, "big.bin")))).toBe(true);
  });
});

describe("atomic writes off the event loop (writeFileAtomicAsync, the runner's checkpoints)", () => {
  it("writes the same bytes as writeFileAtomic, verified, and leaves no temporary file", async () => {
    const dir = tempDir();
    const bytes = Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 37) % 251));
    writeFileAtomic(join(dir, "sync.bin"), bytes, { verify: true });
    await Promise.all([writeFileAtomicAsync(join(dir, "sub", "async.bin"), bytes, { verify: true }), writeFileAtomicAsync(join(dir, "text.txt"), "hello\n")]);
    expect(readFileSync(join(dir, "sub", "async.bin")).equals(readFileSync(join(dir, "sync.bin")))).toBe(true);
    expect(readFileSync(join(dir, "text.txt"), "utf8")).toBe("hello\n");
    expect(readdirSync(dir).sort()).toEqual(["sub", "sync.bin", "text.txt"]);
    expect(readdirSync(join(dir, "sub"))).toEqual(["async.bin"]);
  });

  it("refuses a target whose folder is a file with an OutputError naming it, and leaves nothing behind", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "not-a-folder"), "x");
    const path = join(dir, "not-a-folder", "run.json");
    await expect(writeFileAtomicAsync(path, "{}")).rejects.toThrow(OutputError);
    await expect(writeFileAtomicAsync(path, "{}")).rejects.toThrow(`${path}: not written: a part of`);
    expect(readdirSync(dir)).toEqual(["not-a-folder"]);
  });
});
