import { describe, expect, it } from "vitest";
import { perPeriodProbability, quartersToPeriods } from "../sim/time.js";

describe("time conversions", () => {
  it("converts yearly probabilities to per-period ones that compound back", () => {
    const q = perPeriodProbability(0.2, 4);
    expect(1 - Math.pow(1 - q, 4)).toBeCloseTo(0.2, 12);
    expect(perPeriodProbability(0.2, 1)).toBeCloseTo(0.2, 15);
  });

  it("converts quarters to whole periods: 2 quarters are 2 periods at 4 a year, 6 at 12, 1 at 2, and never negative", () => {
    expect(quartersToPeriods(2, 4)).toBe(2);
    expect(quartersToPeriods(2, 12)).toBe(6);
    expect(quartersToPeriods(2, 2)).toBe(1);
    expect(quartersToPeriods(-3, 4)).toBe(0);
  });
});
