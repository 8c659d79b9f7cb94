import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parquetReadObjects } from "hyparquet";
import { describe, expect, it } from "vitest";
import { parquetBytes, writeParquetFile } from "../../sim/io/parquet.js";
import { tempDir } from "../experiment/helpers.js";

describe("Parquet writer", () => {
  it("round-trips strings, whole numbers and doubles (NaN included) through hyparquet", async () => {
    const dir = tempDir();
    const path = join(dir, "t.parquet");
    const n = 2500; // more than one page of each column
    const columns = [
      { name: "arm", type: "STRING" as const, values: Array.from({ length: n }, (_, i) => (i % 3 === 0 ? "baseline" : "licensing-era")) },
      { name: "period", type: "INT32" as const, values: Int32Array.from({ length: n }, (_, i) => i % 40) },
      { name: "value", type: "DOUBLE" as const, values: Float64Array.from({ length: n }, (_, i) => (i % 97 === 0 ? Number.NaN : Math.sin(i) * 1e6)) },
    ];
    writeParquetFile(path, columns);
    const bytes = readFileSync(path);
    const rows = await parquetReadObjects({ file: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) });
    expect(rows.length).toBe(n);
    for (let i = 0; i < n; i += 7) {
      expect(rows[i].arm).toBe(columns[0].values[i]);
      expect(rows[i].period).toBe(columns[1].values[i]);
      const value = columns[2].values[i];
      if (Number.isNaN(value)) expect(Number.isNaN(rows[i].value as number)).toBe(true);
      else expect(rows[i].value).toBe(value);
    }
  });

  it("gives the same bytes for the same table", () => {
    const table = [{ name: "x", type: "DOUBLE" as const, values: [1, 2, 3.5] }];
    expect(Buffer.from(parquetBytes(table)).equals(Buffer.from(parquetBytes(table)))).toBe(true);
  });
});
