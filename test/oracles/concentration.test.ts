// The test-only reference functions of test/oracles/concentration.ts.
import { describe, expect, it } from "vitest";
import { herfindahl, hhiBand2023 } from "../../sim/metrics.js";
import { hhiBand2010, hhiChangeSignificant2023, sharesByOwner, weightedMean } from "./concentration.js";

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

describe("merger-guideline bands (2010, and the 2023 change rule)", () => {
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

describe("weightedMean", () => {
  it("is sum w x / sum w, NaN when the weights sum to zero", () => {
    expect(weightedMean([1, 2, 3], [1, 1, 2])).toBeCloseTo(2.25, 15);
    expect(weightedMean([5, 100], [1, 0])).toBe(5);
    expect(weightedMean([1, 2], [0, 0])).toBeNaN();
    expect(() => weightedMean([1], [1, 2])).toThrow(RangeError);
  });
});
