import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatCell, formatNumber, parseCsv, parseNumber, toCsv, writeCsvFile } from "../../sim/io/csv.js";
import { tempDir } from "../experiment/helpers.js";

describe("CSV number format", () => {
  it("uses the shortest round-trip form, with fixed spellings for special values", () => {
    expect(formatNumber(0.1)).toBe("0.1");
    expect(formatNumber(2026.25)).toBe("2026.25");
    expect(formatNumber(1e26)).toBe("1e+26");
    expect(formatNumber(1.2e-18)).toBe("1.2e-18");
    expect(formatNumber(-0)).toBe("0");
    expect(formatNumber(Number.NaN)).toBe("NaN");
    expect(formatNumber(Number.POSITIVE_INFINITY)).toBe("Inf");
    expect(formatNumber(Number.NEGATIVE_INFINITY)).toBe("-Inf");
  });

  it("reads back every double exactly", () => {
    fc.assert(
      fc.property(fc.double(), (x) => {
        const back = parseNumber(formatNumber(x));
        return Number.isNaN(x) ? Number.isNaN(back) : Object.is(back, x === 0 ? 0 : x);
      }),
      { numRuns: 2000 },
    );
  });

  it("quotes only text that needs it", () => {
    expect(formatCell("licensing-era")).toBe("licensing-era");
    expect(formatCell("a, b")).toBe('"a, b"');
    expect(formatCell('say "hi"')).toBe('"say ""hi"""');
    expect(formatCell(" padded")).toBe('" padded"');
    expect(formatCell(null)).toBe("");
    expect(formatCell(true)).toBe("true");
  });

  it("round-trips a table through a file, typed arrays included", () => {
    const dir = tempDir();
    const columns = [
      { name: "arm", values: ["a", "b, with comma", 'q"uote'] },
      { name: "period", values: Int32Array.from([0, 1, 2]) },
      { name: "value", values: Float64Array.from([0.1, Number.NaN, -1e-300]) },
    ];
    writeCsvFile(join(dir, "t.csv"), columns);
    const text = readFileSync(join(dir, "t.csv"), "utf8");
    expect(text).toBe(toCsv(columns));
    const { header, rows } = parseCsv(text);
    expect(header).toEqual(["arm", "period", "value"]);
    expect(rows.map((r) => r[0])).toEqual(["a", "b, with comma", 'q"uote']);
    expect(rows.map((r) => parseNumber(r[2]))).toEqual([0.1, Number.NaN, -1e-300]);
  });

  it("writes each cell as formatCell does, whatever repeats from row to row or column to column", () => {
    // the writer reuses the text of a value equal to the row above's and of repeated text: the
    // reference is the plain per-cell formatting
    const reference = (columns: { name: string; values: ArrayLike<string | number | boolean | null | undefined> }[]) =>
      [columns.map((c) => formatCell(c.name)).join(","), ...Array.from({ length: columns[0].values.length }, (_, r) => columns.map((c) => formatCell(c.values[r])).join(","))]
        .map((line) => `${line}\n`)
        .join("");
    const cell = fc.oneof(fc.constantFrom("a", "a, b", " a", 'q"', "", "NaN"), fc.double(), fc.constantFrom(0, -0, Number.NaN, 1), fc.boolean(), fc.constant(null), fc.constant(undefined));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 30 }), fc.array(fc.array(cell, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 4 }), (rows, pools) => {
        // each column draws its rows from a few values, so equal neighbours are common
        const columns = pools.map((pool, c) => ({ name: `c${c}`, values: Array.from({ length: rows }, (_, r) => pool[(r * (c + 1)) % pool.length]) }));
        const typed = [
          { name: "int", values: Int32Array.from({ length: rows }, (_, r) => Math.floor(r / 3) - 2) },
          { name: "double", values: Float64Array.from({ length: rows }, (_, r) => [0, -0, Number.NaN, 0.1, Number.NaN, Number.POSITIVE_INFINITY][Math.floor(r / 2) % 6]) },
        ];
        const all = [...columns, ...typed];
        return toCsv(all) === reference(all);
      }),
      { numRuns: 500 },
    );
  });

  it("refuses columns of different lengths", () => {
    expect(() => toCsv([{ name: "a", values: [1, 2] }, { name: "b", values: [1] }])).toThrow(/column b has 1 values, expected 2/);
  });
});
