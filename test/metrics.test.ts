import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { concentrationRatio, herfindahl, hhiBand2023 } from "../sim/metrics.js";

describe("herfindahl", () => {
  it("gives exactly 10000/N for N equal firms, however the sizes are scaled", () => {
    for (let N = 1; N <= 50; N++) {
      expect(herfindahl(new Array(N).fill(7))).toBe(10000 / N);
      expect(herfindahl(new Float64Array(N).fill(1 / N))).toBe(10000 / N);
      expect(herfindahl(new Array(N).fill(3e200))).toBe(10000 / N); // no overflow
    }
  });

  it("gives 10000 for a monopoly, ignores zero shares, 0 for empty or all-zero input", () => {
    expect(herfindahl([1])).toBe(10000);
    expect(herfindahl([0, 0.4, 0])).toBe(10000);
    expect(herfindahl([0.5, 0.5, 0, 0])).toBe(5000);
    expect(herfindahl([])).toBe(0);
    expect(herfindahl([0, 0])).toBe(0);
  });

  it("is 10000 * sum s^2 on shares as fractions (30/30/20/20 -> 2600), normalising non-fraction sizes", () => {
    expect(herfindahl([0.3, 0.3, 0.2, 0.2])).toBeCloseTo(2600, 9);
    expect(herfindahl([30, 30, 20, 20])).toBeCloseTo(2600, 9);
    expect(herfindahl([3, 3, 2, 2])).toBeCloseTo(2600, 9);
  });

  it("lies in [10000/N, 10000] for random non-negative shares (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 60 }), (sizes) => {
        const hhi = herfindahl(sizes);
        const positive = sizes.filter((size) => size > 0).length;
        if (positive === 0) return hhi === 0;
        return hhi >= (10000 / positive) * (1 - 1e-12) && hhi <= 10000 * (1 + 1e-12);
      }),
      { numRuns: 500 },
    );
  });

  it("refuses negative or non-finite shares with the position", () => {
    expect(() => herfindahl([0.5, -0.1])).toThrow(/shares\[1\]: expected a finite number >= 0, found -0.1/);
    expect(() => herfindahl([Number.NaN])).toThrow(RangeError);
  });
});

describe("2023 merger-guideline band", () => {
  it("2023: < 1000 unconcentrated, 1000..1800 moderately, > 1800 highly concentrated", () => {
    expect(hhiBand2023(0)).toBe("unconcentrated");
    expect(hhiBand2023(999.999)).toBe("unconcentrated");
    expect(hhiBand2023(1000)).toBe("moderately concentrated");
    expect(hhiBand2023(1800)).toBe("moderately concentrated");
    expect(hhiBand2023(1800.001)).toBe("highly concentrated");
    expect(hhiBand2023(10000)).toBe("highly concentrated");
  });
});

describe("concentrationRatio", () => {
  it("CR4 of 5 equal firms is 0.8; of 4 or fewer it is 1; sorts before summing", () => {
    expect(concentrationRatio([1, 1, 1, 1, 1])).toBeCloseTo(0.8, 15);
    expect(concentrationRatio([0.5, 0.5])).toBe(1);
    expect(concentrationRatio([0.05, 0.4, 0.05, 0.3, 0.1, 0.1])).toBeCloseTo(0.9, 15);
    expect(concentrationRatio([0.05, 0.4, 0.05, 0.3, 0.1, 0.1], 1)).toBeCloseTo(0.4, 15);
    expect(concentrationRatio([])).toBe(0);
  });

  it("lies in [k/N, 1] and never falls as k grows (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0.001, max: 1e3, noNaN: true }), { minLength: 1, maxLength: 40 }), fc.integer({ min: 1, max: 10 }), (sizes, k) => {
        const ratio = concentrationRatio(sizes, k);
        return ratio >= Math.min(1, k / sizes.length) - 1e-12 && ratio <= 1 && concentrationRatio(sizes, k + 1) >= ratio - 1e-15;
      }),
    );
  });
});
