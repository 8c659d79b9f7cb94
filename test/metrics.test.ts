import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  concentrationRatio,
  herfindahl,
  hhiBand2010,
  hhiBand2023,
  hhiChangeSignificant2023,
  sharesByOwner,
  weightedMean,
} from "../sim/metrics.js";

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

describe("sharesByOwner", () => {
  it("aggregates product values to owner shares (fractions) and feeds the firm-level HHI", () => {
    const revenue = [10, 30, 20, 40];
    const owner = Int32Array.of(0, 1, 0, 2);
    const shares = sharesByOwner(revenue, owner, 4);
    expect(Array.from(shares)).toEqual([0.3, 0.3, 0.4, 0]);
    expect(herfindahl(shares)).toBeCloseTo(3400, 9);
    // Merging owners raises the HHI by 2 s_a s_b * 10000.
    const merged = sharesByOwner(revenue, Int32Array.of(0, 0, 0, 2), 3);
    expect(herfindahl(merged) - herfindahl(shares)).toBeCloseTo(2 * 0.3 * 0.3 * 10000, 9);
    expect(Array.from(sharesByOwner([0, 0], Int32Array.of(0, 1), 2))).toEqual([0, 0]);
    expect(() => sharesByOwner([1], Int32Array.of(3), 2)).toThrow(/owner\[0\]/);
  });
});

describe("merger-guideline bands", () => {
  it("2023: < 1000 unconcentrated, 1000..1800 moderately, > 1800 highly concentrated", () => {
    expect(hhiBand2023(0)).toBe("unconcentrated");
    expect(hhiBand2023(999.999)).toBe("unconcentrated");
    expect(hhiBand2023(1000)).toBe("moderately concentrated");
    expect(hhiBand2023(1800)).toBe("moderately concentrated");
    expect(hhiBand2023(1800.001)).toBe("highly concentrated");
    expect(hhiBand2023(10000)).toBe("highly concentrated");
  });

  it("2010: < 1500 unconcentrated, 1500..2500 moderately, > 2500 highly concentrated", () => {
    expect(hhiBand2010(1499.999)).toBe("unconcentrated");
    expect(hhiBand2010(1500)).toBe("moderately concentrated");
    expect(hhiBand2010(2500)).toBe("moderately concentrated");
    expect(hhiBand2010(2500.001)).toBe("highly concentrated");
    // Five equal firms: 2000 is highly concentrated under 2023, moderately under 2010.
    expect(hhiBand2023(herfindahl([1, 1, 1, 1, 1]))).toBe("highly concentrated");
    expect(hhiBand2010(herfindahl([1, 1, 1, 1, 1]))).toBe("moderately concentrated");
  });

  it("2023 significant change: delta > 100 and post-merger HHI > 1800", () => {
    expect(hhiChangeSignificant2023(1750, 1851)).toBe(true);
    expect(hhiChangeSignificant2023(1751, 1851)).toBe(false); // delta exactly 100
    expect(hhiChangeSignificant2023(1600, 1800)).toBe(false); // not above 1800
    expect(hhiChangeSignificant2023(1700, 1800.5)).toBe(true);
    expect(hhiChangeSignificant2023(3000, 3050)).toBe(false);
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

describe("weightedMean", () => {
  it("is sum w x / sum w, NaN when the weights sum to zero", () => {
    expect(weightedMean([1, 2, 3], [1, 1, 2])).toBeCloseTo(2.25, 15);
    expect(weightedMean([5, 100], [1, 0])).toBe(5);
    expect(weightedMean([1, 2], [0, 0])).toBeNaN();
    expect(() => weightedMean([1], [1, 2])).toThrow(RangeError);
  });
});
