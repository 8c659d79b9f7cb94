import { describe, expect, it } from "vitest";
import { defaultScale, gridPoints, latinHypercubePoints, scaleUnit, type RangeParameter } from "../../sim/experiment/sampling.js";

describe("grid points", () => {
  it("is the cartesian product with the last parameter varying fastest", () => {
    const points = gridPoints([
      { path: "a", values: [1, 2] },
      { path: "b", values: ["x", "y", "z"] },
    ]);
    expect(points).toEqual([
      { a: 1, b: "x" },
      { a: 1, b: "y" },
      { a: 1, b: "z" },
      { a: 2, b: "x" },
      { a: 2, b: "y" },
      { a: 2, b: "z" },
    ]);
    expect(gridPoints([])).toEqual([{}]);
  });
});

describe("Latin hypercube", () => {
  const linear: RangeParameter = { path: "regime.complianceCosts.scale", min: 0.5, max: 2.5, scale: "linear", integer: false };
  const log: RangeParameter = { path: "regime.thresholdFlop", min: 1e24, max: 1e28, scale: "log", integer: false };

  it("puts exactly one point in each of the K strata of every parameter", () => {
    const k = 40;
    const points = latinHypercubePoints([linear, log], k, 9);
    const linearStrata = points.map((p) => Math.floor((((p[linear.path] as number) - 0.5) / 2) * k)).sort((a, b) => a - b);
    const logStrata = points.map((p) => Math.floor(((Math.log10(p[log.path] as number) - 24) / 4) * k)).sort((a, b) => a - b);
    const all = Array.from({ length: k }, (_, i) => i);
    expect(linearStrata).toEqual(all);
    expect(logStrata).toEqual(all);
  });

  it("is reproducible from its seed", () => {
    expect(latinHypercubePoints([linear, log], 10, 1)).toEqual(latinHypercubePoints([linear, log], 10, 1));
    expect(latinHypercubePoints([linear, log], 10, 1)).not.toEqual(latinHypercubePoints([linear, log], 10, 2));
  });

  it("samples the fields the schema declares log scale log-uniformly, others uniformly", () => {
    expect(defaultScale("regime.thresholdFlop")).toBe("log");
    expect(defaultScale("regime.openWeightBanFlop")).toBe("log");
    expect(defaultScale("firms.0.models.3.trainingFlop")).toBe("log");
    expect(defaultScale("regime.complianceCosts.endUserVettingPerEnterpriseCustomerPerYearUsdM")).toBe("log");
    expect(defaultScale("regime.complianceCosts.scale")).toBe("linear");
    expect(defaultScale("regime.enforcement.penaltyUsdM")).toBe("linear");
    expect(defaultScale("no.such.path")).toBe("linear");
    expect(scaleUnit(log, 0.5)).toBeCloseTo(1e26, -14);
    expect(scaleUnit(linear, 0.5)).toBe(1.5);
  });

  it("gives whole-number fields every value from min to max with equal width", () => {
    const delay: RangeParameter = { path: "regime.preReleaseApproval.auditDelayQuarters", min: 0, max: 3, scale: "linear", integer: true };
    expect([0, 0.24, 0.25, 0.5, 0.74, 0.75, 0.999].map((u) => scaleUnit(delay, u))).toEqual([0, 0, 1, 2, 2, 3, 3]);
  });
});
