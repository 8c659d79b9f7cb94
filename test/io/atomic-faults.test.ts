// Writes on a failing file system, through an injected writeSync: a full disk that accepts part of
// a write (a short write, as Linux returns when the last blocks run out) and then refuses the rest.
// Every byte is written or the write fails with the file named; no partial file and no temporary
// file is left behind. (test/io/full-disk.test.ts does the same on a real, tiny tmpfs.)
import * as fs from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { tempDir } from "../experiment/helpers.js";

// the disk: `capacity` bytes in all, each writeSync writes at most `chunk` bytes
const disk = { capacity: Number.POSITIVE_INFINITY, chunk: Number.POSITIVE_INFINITY, used: 0 };

vi.mock("node:fs", async (importOriginal) => {
  const real = await importOriginal<typeof import("node:fs")>();
  const writeSync = (fd: number, data: string | NodeJS.ArrayBufferView, ...rest: unknown[]): number => {
    const bytes = typeof data === "string" ? Buffer.from(data, (rest[1] as BufferEncoding | undefined) ?? "utf8") : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    const offset = typeof data === "string" ? 0 : ((rest[0] as number | undefined) ?? 0);
    const length = typeof data === "string" ? bytes.length : ((rest[1] as number | undefined) ?? bytes.length - offset);
    const room = disk.capacity - disk.used;
    if (room <= 0) throw Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC", errno: -28, syscall: "write" });
    const n = Math.min(length, room, disk.chunk);
    const written = real.writeSync(fd, bytes, offset, n);
    disk.used += written;
    return written;
  };
  return { ...real, writeSync, default: { ...real, writeSync } };
});

const { writeAtomicWith, writeFileAtomic } = await import("../../sim/io/atomic.js");
const { writeCsvFile } = await import("../../sim/io/csv.js");

afterEach(() => {
  disk.capacity = Number.POSITIVE_INFINITY;
  disk.chunk = Number.POSITIVE_INFINITY;
  disk.used = 0;
});

describe("atomic writes on a failing disk", () => {
  it("continues short writes until every byte of a text is written", () => {
    const dir = tempDir();
    disk.chunk = 1000; // each write accepts at most 1,000 bytes
    const text = "x".repeat(28_672) + "é".repeat(5000) + "\n";
    writeFileAtomic(join(dir, "run.json"), text);
    expect(fs.readFileSync(join(dir, "run.json"), "utf8")).toBe(text);
  });

  it("fails on a full disk, naming the file and the way out, and leaves neither a cut file nor a temporary one", () => {
    const dir = tempDir();
    disk.capacity = 28_672; // the disk fills part-way through the file
    const path = join(dir, "counterfactual_metrics.csv");
    const column = { name: "value", values: Array.from({ length: 20_000 }, (_, i) => i / 7) };
    expect(() => writeCsvFile(path, [column])).toThrow(`${path}: not written: no space left on the device holding ${dir}: free some space or choose another --out (ENOSPC)`);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it("keeps the previous complete file when a rewrite runs out of space", () => {
    const dir = tempDir();
    const path = join(dir, "0-0-0.json");
    fs.writeFileSync(path, "old complete content\n");
    disk.capacity = 100;
    expect(() => writeFileAtomic(path, "y".repeat(10_000))).toThrow(/not written/);
    expect(fs.readFileSync(path, "utf8")).toBe("old complete content\n");
    expect(fs.readdirSync(dir)).toEqual(["0-0-0.json"]);
  });

  it("fails when the file system stops accepting bytes without an error (a write of 0 bytes)", () => {
    const dir = tempDir();
    disk.chunk = 0;
    disk.capacity = 10;
    const path = join(dir, "a.txt");
    expect(() => writeAtomicWith(path, (write) => write("hello"))).toThrow(`${path}: not written: the file system accepted 0 of 5 bytes and then no more (a full disk?)`);
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});
