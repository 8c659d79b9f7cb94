import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { writeAtomicWith, writeFileAtomic, writeJsonAtomic } from "../../sim/io/atomic.js";
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
