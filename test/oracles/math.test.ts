import { describe, expect, it } from "vitest";
import { LAMBERT_W_BRANCH_POINT, lambertW0, logOnePlusSumExp, logSumExp } from "./math.js";

// |W e^W - x| relative to the scale of x.
function lambertResidual(x: number): number {
  const w = lambertW0(x);
  return Math.abs(w * Math.exp(w) - x) / Math.max(Math.abs(x), Number.MIN_VALUE);
}

describe("lambertW0", () => {
  it("hits known values", () => {
    expect(lambertW0(Math.E)).toBeCloseTo(1, 15);
    expect(Math.abs(lambertW0(Math.E) - 1)).toBeLessThan(1e-15);
    expect(lambertW0(0)).toBe(0);
    expect(lambertW0(LAMBERT_W_BRANCH_POINT)).toBe(-1);
    // W(1) is the omega constant; W(2 e^2) = 2; W(-ln2 / 2) = -ln 2
    expect(Math.abs(lambertW0(1) - 0.5671432904097838)).toBeLessThan(1e-15);
    expect(Math.abs(lambertW0(2 * Math.exp(2)) - 2)).toBeLessThan(2e-15);
    expect(Math.abs(lambertW0(-Math.LN2 / 2) + Math.LN2)).toBeLessThan(1e-14);
  });

  it("solves W e^W = x on a grid from near -1/e through 0 to large x", () => {
    const grid: number[] = [];
    for (let k = 1; k <= 15; k++) grid.push(LAMBERT_W_BRANCH_POINT + 10 ** -k); // approaching the branch point
    for (let x = -0.36; x <= 5; x += 0.01) grid.push(x);
    for (let k = -300; k <= 300; k += 7) grid.push(10 ** k, -Math.min(0.36, 10 ** k));
    grid.push(Number.MAX_VALUE, Number.MIN_VALUE, 1e-12, -1e-12);
    for (const x of grid) {
      const w = lambertW0(x);
      expect(w, `W(${x})`).toBeGreaterThanOrEqual(-1);
      // Near the branch point W is ill-conditioned but the residual W e^W - x stays tiny; evaluating
      // e^W itself amplifies W's last-bit rounding by |W|, hence the (2 + |W|) ulps allowance.
      expect(lambertResidual(x), `residual at x = ${x}`).toBeLessThan(4 * Number.EPSILON * (2 + Math.abs(w)));
      // For W > 1 the identity W = ln x - ln W is well conditioned: check it at ~1e-15 relative.
      if (w > 1) {
        expect(Math.abs(w - (Math.log(x) - Math.log(w))) / w, `ln identity at x = ${x}`).toBeLessThan(2e-15);
      }
    }
  });

  it("is accurate to ~1e-15 relative where the problem is well conditioned", () => {
    for (const w of [-0.9, -0.5, -1e-6, 1e-9, 0.3, 1, 2.5, 10, 100, 700]) {
      const x = w * Math.exp(w);
      // Condition number of W at x: |x W'(x) / W| = 1 / (1 + W); allow a few ulps times that.
      const allowed = (4 * Number.EPSILON) / (1 + w) + 4 * Number.EPSILON;
      expect(Math.abs(lambertW0(x) - w) / Math.abs(w), `W(${x}) vs ${w}`).toBeLessThan(allowed * 8);
    }
  });

  it("is increasing and rejects x < -1/e", () => {
    let previous = -1;
    for (let x = -0.3678; x < 50; x += 0.137) {
      const w = lambertW0(x);
      expect(w).toBeGreaterThan(previous);
      previous = w;
    }
    expect(lambertW0(-0.4)).toBeNaN();
    expect(lambertW0(Number.NaN)).toBeNaN();
    expect(lambertW0(Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe("logSumExp", () => {
  it("matches the naive formula for moderate values and stays finite for huge ones", () => {
    const values = [0.3, -1.2, 2.5];
    const naive = Math.log(values.reduce((sum, v) => sum + Math.exp(v), 0));
    expect(Math.abs(logSumExp(values) - naive)).toBeLessThan(1e-15);
    expect(Math.abs(logOnePlusSumExp(values) - Math.log(1 + Math.exp(0.3) + Math.exp(-1.2) + Math.exp(2.5)))).toBeLessThan(1e-15);
    expect(logSumExp([1000, 1000])).toBeCloseTo(1000 + Math.LN2, 12);
    expect(logOnePlusSumExp([800])).toBeCloseTo(800, 12);
    expect(logOnePlusSumExp([-800])).toBe(Math.log1p(Math.exp(-800)));
    expect(logOnePlusSumExp([-40])).toBeCloseTo(Math.exp(-40), 30);
    expect(logSumExp([])).toBe(Number.NEGATIVE_INFINITY);
    expect(logOnePlusSumExp([])).toBe(0);
  });
});
