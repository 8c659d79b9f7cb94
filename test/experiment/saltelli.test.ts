import { describe, expect, it } from "vitest";
import { saltelliPoints, saltelliRunCount, saltelliUnitRows, sobolIndices, type IntervalEstimate } from "../../sim/experiment/saltelli.js";
import type { RangeParameter } from "../../sim/experiment/sampling.js";

// Ishigami & Homma (1990): f(x) = sin x1 + a sin^2 x2 + b x3^4 sin x1, x_i uniform on [-pi, pi].
const ISHIGAMI_A = 7;
const ISHIGAMI_B = 0.1;
function ishigami(unit: readonly number[]): number {
  const [x1, x2, x3] = unit.map((u) => -Math.PI + 2 * Math.PI * u);
  return Math.sin(x1) + ISHIGAMI_A * Math.sin(x2) ** 2 + ISHIGAMI_B * x3 ** 4 * Math.sin(x1);
}
// Partial variances: V1 = (1 + b pi^4 / 5)^2 / 2, V2 = a^2 / 8, V13 = b^2 pi^8 (1/18 - 1/50), V = V1 + V2 + V13.
function ishigamiIndices(): { first: number[]; total: number[]; s13: number } {
  const pi = Math.PI;
  const v1 = (1 + (ISHIGAMI_B * pi ** 4) / 5) ** 2 / 2;
  const v2 = ISHIGAMI_A ** 2 / 8;
  const v13 = ISHIGAMI_B ** 2 * pi ** 8 * (1 / 18 - 1 / 50);
  const v = v1 + v2 + v13;
  return { first: [v1 / v, v2 / v, 0], total: [(v1 + v13) / v, v2 / v, v13 / v], s13: v13 / v };
}

// Sobol's G function: g(x) = prod_i (|4 x_i - 2| + a_i) / (1 + a_i) on [0, 1]^d.
// V_i = 1 / (3 (1 + a_i)^2), V = prod (1 + V_i) - 1, S_i = V_i / V, ST_i = V_i prod_(j != i) (1 + V_j) / V.
const G_A = [0, 1, 4.5, 9, 99, 99, 99, 99];
function gFunction(unit: readonly number[]): number {
  return unit.reduce((product, x, i) => (product * (Math.abs(4 * x - 2) + G_A[i])) / (1 + G_A[i]), 1);
}
function gIndices(): { first: number[]; total: number[] } {
  const partial = G_A.map((a) => 1 / (3 * (1 + a) ** 2));
  const v = partial.reduce((p, vi) => p * (1 + vi), 1) - 1;
  return {
    first: partial.map((vi) => vi / v),
    total: partial.map((vi, i) => (vi * partial.reduce((p, vj, j) => (j === i ? p : p * (1 + vj)), 1)) / v),
  };
}

function contains(interval: IntervalEstimate, value: number): boolean {
  return interval.low <= value && value <= interval.high;
}

describe("Saltelli design", () => {
  it("has N (d + 2) rows, or N (2d + 2) with second order, in SALib's block order", () => {
    const d = 3;
    const n = 16;
    const rows = saltelliUnitRows(d, n);
    expect(rows).toHaveLength(saltelliRunCount(d, n));
    expect(saltelliRunCount(d, n)).toBe(n * (d + 2));
    const withSecond = saltelliUnitRows(d, n, { secondOrder: true });
    expect(withSecond).toHaveLength(saltelliRunCount(d, n, true));
    expect(saltelliRunCount(d, n, true)).toBe(n * (2 * d + 2));
    for (let j = 0; j < n; j++) {
      const block = withSecond.slice(j * (2 * d + 2), (j + 1) * (2 * d + 2));
      const a = block[0];
      const b = block.at(-1)!;
      expect(rows[j * (d + 2)]).toEqual(a);
      expect(rows[(j + 1) * (d + 2) - 1]).toEqual(b);
      for (let i = 0; i < d; i++) {
        // A_B^(i): A with column i from B; B_A^(i): B with column i from A
        expect(block[1 + i]).toEqual(a.map((x, k) => (k === i ? b[i] : x)));
        expect(block[1 + d + i]).toEqual(b.map((x, k) => (k === i ? a[i] : x)));
        expect(rows[j * (d + 2) + 1 + i]).toEqual(block[1 + i]);
      }
    }
  });

  it("refuses a base size that is not a power of two, naming the nearest one", () => {
    expect(() => saltelliUnitRows(3, 1000)).toThrow(/must be a power of two .* got 1000; try 1024/);
    expect(() => saltelliUnitRows(33, 8)).toThrow(/from 1 to 32, got 33/);
  });

  it("maps onto parameter ranges on their scales", () => {
    const parameters: RangeParameter[] = [
      { path: "regime.complianceCosts.scale", min: 0.5, max: 2.5, scale: "linear", integer: false },
      { path: "regime.thresholdFlop", min: 1e24, max: 1e28, scale: "log", integer: false },
    ];
    const points = saltelliPoints(parameters, 8);
    expect(points).toHaveLength(8 * 4);
    for (const point of points) {
      const scale = point["regime.complianceCosts.scale"] as number;
      const flop = point["regime.thresholdFlop"] as number;
      expect(scale).toBeGreaterThanOrEqual(0.5);
      expect(scale).toBeLessThanOrEqual(2.5);
      expect(Math.log10(flop)).toBeGreaterThanOrEqual(24 - 1e-12);
      expect(Math.log10(flop)).toBeLessThanOrEqual(28 + 1e-12);
    }
  });
});

describe("Sobol' indices", () => {
  it("analytic Ishigami values are the published ones (a = 7, b = 0.1)", () => {
    const { first, total } = ishigamiIndices();
    expect(first.map((s) => Number(s.toFixed(4)))).toEqual([0.3139, 0.4424, 0]);
    expect(total.map((s) => Number(s.toFixed(4)))).toEqual([0.5576, 0.4424, 0.2437]);
  });

  it("reproduce the Ishigami indices within 0.01 at N = 8192 (40,960 runs), and the 95% intervals hold them", () => {
    const rows = saltelliUnitRows(3, 8192);
    const analysis = sobolIndices(rows.map(ishigami), ["x1", "x2", "x3"], { resamples: 300, seed: 1 });
    const { first, total } = ishigamiIndices();
    analysis.indices.forEach((row, i) => {
      expect(Math.abs(row.firstOrder.estimate - first[i]), `S${i + 1}`).toBeLessThan(0.01);
      expect(Math.abs(row.total.estimate - total[i]), `ST${i + 1}`).toBeLessThan(0.01);
      expect(contains(row.firstOrder, first[i]), `S${i + 1} interval`).toBe(true);
      expect(contains(row.total, total[i]), `ST${i + 1} interval`).toBe(true);
    });
    expect(analysis.indices.map((row) => row.parameter)).toEqual(["x1", "x2", "x3"]);
    expect(analysis.baseCount).toBe(8192);
  });

  it("reproduce the Ishigami second-order indices within 0.02 at N = 8192 (S13 = V13 / V, S12 = S23 = 0)", () => {
    const rows = saltelliUnitRows(3, 8192, { secondOrder: true });
    const analysis = sobolIndices(rows.map(ishigami), ["x1", "x2", "x3"], { secondOrder: true, resamples: 200, seed: 1 });
    const { s13 } = ishigamiIndices();
    const byPair = Object.fromEntries(analysis.secondOrder!.map((row) => [row.parameters.join(""), row.secondOrder]));
    expect(Object.keys(byPair)).toEqual(["x1x2", "x1x3", "x2x3"]);
    expect(Math.abs(byPair.x1x3.estimate - s13)).toBeLessThan(0.02);
    expect(Math.abs(byPair.x1x2.estimate)).toBeLessThan(0.02);
    expect(Math.abs(byPair.x2x3.estimate)).toBeLessThan(0.02);
    expect(contains(byPair.x1x3, s13)).toBe(true);
  });

  it("reproduce Sobol's G function (a = 0, 1, 4.5, 9, 99, 99, 99, 99) within 0.01 at N = 4096", () => {
    const names = G_A.map((_, i) => `x${i + 1}`);
    const rows = saltelliUnitRows(G_A.length, 4096);
    const analysis = sobolIndices(rows.map(gFunction), names, { resamples: 100 });
    const { first, total } = gIndices();
    analysis.indices.forEach((row, i) => {
      expect(Math.abs(row.firstOrder.estimate - first[i]), `S${i + 1}`).toBeLessThan(0.01);
      expect(Math.abs(row.total.estimate - total[i]), `ST${i + 1}`).toBeLessThan(0.01);
    });
    // the ranking follows a_i: smaller a, more influence
    const totals = analysis.indices.map((row) => row.total.estimate);
    for (let i = 0; i < 3; i++) expect(totals[i]).toBeGreaterThan(totals[i + 1]);
  });

  it("give S_i = ST_i = c_i^2 / sum c^2 for an additive linear model", () => {
    const c = [3, 2, 1, 0];
    const rows = saltelliUnitRows(c.length, 2048);
    const analysis = sobolIndices(
      rows.map((u) => u.reduce((sum, x, i) => sum + c[i] * x, 0)),
      ["a", "b", "c", "d"],
      { resamples: 50 },
    );
    const sumSquares = c.reduce((s, ci) => s + ci * ci, 0);
    analysis.indices.forEach((row, i) => {
      expect(row.firstOrder.estimate).toBeCloseTo(c[i] ** 2 / sumSquares, 2);
      expect(row.total.estimate).toBeCloseTo(c[i] ** 2 / sumSquares, 2);
    });
    expect(analysis.indices[3].total.estimate).toBe(0); // a parameter the output ignores: f(A) = f(A_B) exactly
  });

  it("stay accurate on a digitally shifted design", () => {
    const rows = saltelliUnitRows(3, 4096, { digitalShiftSeed: 3 });
    const analysis = sobolIndices(rows.map(ishigami), ["x1", "x2", "x3"], { resamples: 0 });
    const { first, total } = ishigamiIndices();
    analysis.indices.forEach((row, i) => {
      expect(Math.abs(row.firstOrder.estimate - first[i])).toBeLessThan(0.02);
      expect(Math.abs(row.total.estimate - total[i])).toBeLessThan(0.02);
      expect(row.total.low).toBeNaN();
    });
  });

  it("draw bootstrap intervals from the seed's stream: same seed same bytes, another seed other intervals", () => {
    const outputs = saltelliUnitRows(3, 256).map(ishigami);
    const one = sobolIndices(outputs, ["x1", "x2", "x3"], { resamples: 100, seed: 5 });
    expect(JSON.stringify(sobolIndices(outputs, ["x1", "x2", "x3"], { resamples: 100, seed: 5 }))).toBe(JSON.stringify(one));
    const other = sobolIndices(outputs, ["x1", "x2", "x3"], { resamples: 100, seed: 6 });
    expect(other.indices[0].firstOrder.estimate).toBe(one.indices[0].firstOrder.estimate);
    expect(other.indices[0].firstOrder.low).not.toBe(one.indices[0].firstOrder.low);
  });

  it("are NaN when the output does not vary", () => {
    const analysis = sobolIndices(new Array(8 * 5).fill(2), ["a", "b", "c"], { resamples: 10 });
    expect(analysis.outputVariance).toBe(0);
    expect(analysis.indices[0].firstOrder.estimate).toBeNaN();
    expect(analysis.indices[0].total.estimate).toBeNaN();
  });

  it("refuse outputs that do not fit the design or are not finite, saying which", () => {
    expect(() => sobolIndices([1, 2, 3, 4, 5, 6], ["a", "b", "c"])).toThrow(/6 outputs is not a multiple of 5 \(3 parameters, without second order\)/);
    expect(() => sobolIndices([1, 2, Number.NaN, 4, 5], ["a", "b", "c"])).toThrow(/output 2 is NaN/);
    expect(() => sobolIndices([1, 2, 3, 4, 5], ["a", "b", "c"], { confidence: 1 })).toThrow(/confidence must lie strictly between 0 and 1/);
  });
});
