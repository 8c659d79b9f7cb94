import { describe, expect, it } from "vitest";
import { JOE_KUO_D6 } from "../../sim/experiment/data/joe-kuo-d6.js";
import type { RangeParameter } from "../../sim/experiment/sampling.js";
import { directionNumbers, isPowerOfTwo, pointsFromUnitRows, sobolPoints, SOBOL_MAX_DIMENSIONS } from "../../sim/experiment/sobol-sequence.js";

// The degree-s polynomial of a table row as a bit mask: x^s + c_1 x^(s-1) + .. + c_(s-1) x + 1,
// where c_i is bit s-1-i of a, so the inner coefficients sit at bits 1..s-1.
function polynomialMask(degree: number, coefficients: number): number {
  return (1 << degree) | (coefficients << 1) | 1;
}

// Order of x modulo p over GF(2): the least e >= 1 with x^e = 1 (mod p); p is primitive iff it is 2^s - 1.
function orderOfX(mask: number, degree: number): number {
  let power = 1; // x^0
  for (let e = 1; e <= 2 ** degree; e++) {
    power <<= 1; // times x
    if (power & (1 << degree)) power ^= mask; // reduce mod p
    if (power === 1) return e;
  }
  return Number.POSITIVE_INFINITY;
}

function eulerPhi(n: number): number {
  let result = n;
  let m = n;
  for (let p = 2; p * p <= m; p++) {
    if (m % p === 0) {
      while (m % p === 0) m /= p;
      result -= result / p;
    }
  }
  if (m > 1) result -= result / m;
  return result;
}

describe("Joe-Kuo direction numbers (data)", () => {
  it("covers dimensions 2..64 in order", () => {
    expect(JOE_KUO_D6.map((row) => row.dimension)).toEqual(Array.from({ length: 63 }, (_, i) => i + 2));
    expect(SOBOL_MAX_DIMENSIONS).toBe(64);
  });

  it("gives every dimension a primitive polynomial, each used once", () => {
    const seen = new Set<number>();
    for (const row of JOE_KUO_D6) {
      const mask = polynomialMask(row.degree, row.coefficients);
      expect(row.coefficients).toBeLessThan(2 ** Math.max(0, row.degree - 1));
      expect(orderOfX(mask, row.degree), `dimension ${row.dimension}`).toBe(2 ** row.degree - 1);
      expect(seen.has(mask)).toBe(false);
      seen.add(mask);
    }
  });

  it("uses all phi(2^s - 1) / s primitive polynomials of each degree s <= 8, in increasing order, before any of degree 9", () => {
    for (let s = 1; s <= 8; s++) {
      const rows = JOE_KUO_D6.filter((row) => row.degree === s);
      expect(rows.length, `degree ${s}`).toBe(eulerPhi(2 ** s - 1) / s);
      const coefficients = rows.map((row) => row.coefficients);
      expect(coefficients).toEqual([...coefficients].sort((a, b) => a - b));
    }
    expect(JOE_KUO_D6.filter((row) => row.degree === 9)).toHaveLength(11);
    expect(JOE_KUO_D6.findIndex((row) => row.degree === 9)).toBe(52);
  });

  it("has s odd initial numbers with m_k < 2^k", () => {
    for (const row of JOE_KUO_D6) {
      expect(row.initialNumbers).toHaveLength(row.degree);
      row.initialNumbers.forEach((m, k) => {
        expect(m % 2, `dimension ${row.dimension} m_${k + 1}`).toBe(1);
        expect(m).toBeLessThan(2 ** (k + 1));
      });
    }
  });
});

describe("Sobol' points", () => {
  it("start as scipy's unscrambled qmc.Sobol(d=2).random_base2(3)", () => {
    expect(sobolPoints(8, 2)).toEqual([
      [0, 0],
      [0.5, 0.5],
      [0.75, 0.25],
      [0.25, 0.75],
      [0.375, 0.375],
      [0.875, 0.875],
      [0.625, 0.125],
      [0.125, 0.625],
    ]);
  });

  it("give scipy's test values for dimensions 1 and 3 (first 10 points)", () => {
    const points = sobolPoints(10, 3);
    expect(points.map((p) => p[0])).toEqual([0, 0.5, 0.75, 0.25, 0.375, 0.875, 0.625, 0.125, 0.1875, 0.6875]);
    expect(points.map((p) => p[2])).toEqual([0, 0.5, 0.25, 0.75, 0.625, 0.125, 0.875, 0.375, 0.9375, 0.4375]);
  });

  it("give the hand-computed dimension 4 (s = 3, a = 1, m = 1, 3, 1)", () => {
    // v_1..v_3 = m_k / 2^k = .1, .11, .001 (binary); c_1 = 0, c_2 = 1, so
    // v_4 = v_1 xor v_1 / 2^3 xor c_1 v_3 xor c_2 v_2 = .1000 xor .0001 xor .1100 = .0101 = 5/16.
    // x_i = x_(i-1) xor v_(lowest zero bit of i-1): v1, v2, v1, v3, v1, v2, v1, v4, v1
    expect(directionNumbers(4)[4] / 2 ** 32).toBe(5 / 16);
    const expected = [0, 0.5, 0.25, 0.75, 0.875, 0.375, 0.625, 0.125, 0.4375, 0.9375];
    expect(sobolPoints(10, 4).map((p) => p[3])).toEqual(expected);
  });

  it("put exactly one of the first 2^k points in every 1-D dyadic interval of length 2^-k, in all 64 dimensions", () => {
    const k = 10;
    const points = sobolPoints(2 ** k, SOBOL_MAX_DIMENSIONS);
    for (let j = 0; j < SOBOL_MAX_DIMENSIONS; j++) {
      const cells = points.map((p) => Math.floor(p[j] * 2 ** k)).sort((a, b) => a - b);
      expect(cells, `dimension ${j + 1}`).toEqual(Array.from({ length: 2 ** k }, (_, i) => i));
    }
  });

  it("make dimensions 1-2 a (0, m, 2)-net: every dyadic box of area 2^-k holds exactly one of the first 2^k points", () => {
    const k = 8;
    const points = sobolPoints(2 ** k, 2);
    for (let k1 = 0; k1 <= k; k1++) {
      const k2 = k - k1;
      const counts = new Map<string, number>();
      for (const [x, y] of points) {
        const cell = `${Math.floor(x * 2 ** k1)},${Math.floor(y * 2 ** k2)}`;
        counts.set(cell, (counts.get(cell) ?? 0) + 1);
      }
      expect(counts.size, `boxes 2^-${k1} x 2^-${k2}`).toBe(2 ** k);
      expect([...counts.values()].every((c) => c === 1)).toBe(true);
    }
  });

  it("keep the net property under a digital shift, and the shift depends on its seed", () => {
    const k = 8;
    const shifted = sobolPoints(2 ** k, 2, { digitalShiftSeed: 7 });
    for (let k1 = 0; k1 <= k; k1++) {
      const cells = new Set(shifted.map(([x, y]) => `${Math.floor(x * 2 ** k1)},${Math.floor(y * 2 ** (k - k1))}`));
      expect(cells.size).toBe(2 ** k);
    }
    expect(shifted).toEqual(sobolPoints(2 ** k, 2, { digitalShiftSeed: 7 }));
    expect(shifted).not.toEqual(sobolPoints(2 ** k, 2, { digitalShiftSeed: 8 }));
    expect(shifted[0]).not.toEqual([0, 0]);
  });

  it("integrate a smooth function far better than its Monte Carlo error", () => {
    // integral over [0,1]^5 of prod_i 2 x_i = 1; Monte Carlo's standard error at n = 4096 is
    // sqrt((4/3)^5 - 1) / 64 = 0.0245
    const points = sobolPoints(4096, 5);
    const mean = points.reduce((sum, p) => sum + p.reduce((prod, x) => prod * 2 * x, 1), 0) / points.length;
    expect(Math.abs(mean - 1)).toBeLessThan(0.0245 / 10);
  });

  it("skip to any index: points after `skip` equal the tail of a longer run", () => {
    const long = sobolPoints(1100, 6);
    expect(sobolPoints(5, 6, { skip: 5 })).toEqual(long.slice(5, 10));
    expect(sobolPoints(37, 6, { skip: 1063 })).toEqual(long.slice(1063, 1100));
  });

  it("refuse dimensions beyond the table and bad counts, saying what is allowed", () => {
    expect(() => sobolPoints(4, 65)).toThrow(/dimensions must be a whole number from 1 to 64, got 65/);
    expect(() => sobolPoints(-1, 2)).toThrow(/count must be a whole number >= 0/);
    expect(() => sobolPoints(4, 2, { skip: 1.5 })).toThrow(/skip must be a whole number/);
    expect(() => directionNumbers(0)).toThrow(/from 1 to 64/);
  });

  it("tell powers of two", () => {
    expect([1, 2, 4, 1024, 2 ** 20].every(isPowerOfTwo)).toBe(true);
    expect([0, 3, 6, 1000, 0.5, -2].some(isPowerOfTwo)).toBe(false);
  });
});

describe("unit rows to parameter values", () => {
  it("maps each column onto its parameter's range, linear or log", () => {
    const parameters: RangeParameter[] = [
      { path: "regime.complianceCosts.scale", min: 0.5, max: 2.5, scale: "linear", integer: false },
      { path: "regime.thresholdFlop", min: 1e24, max: 1e28, scale: "log", integer: false },
      { path: "regime.preReleaseApproval.auditDelayQuarters", min: 0, max: 3, scale: "linear", integer: true },
    ];
    const [point] = pointsFromUnitRows(parameters, [[0.5, 0.5, 0.5]]);
    expect(point["regime.complianceCosts.scale"]).toBe(1.5);
    expect(point["regime.thresholdFlop"]).toBeCloseTo(1e26, -14);
    expect(point["regime.preReleaseApproval.auditDelayQuarters"]).toBe(2);
    expect(() => pointsFromUnitRows(parameters, [[0.5, 0.5]])).toThrow(/row 0 has 2 coordinates for 3 parameters/);
  });
});
