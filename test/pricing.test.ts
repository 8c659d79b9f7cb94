import { describe, expect, it } from "vitest";
import { streamFor } from "../sim/random.js";
import { lambertW0 } from "./oracles/math.js";
import { accumulateFirmMarkupShares, firmProfits, focResiduals, ownerCount, sharesAndFirmMarkups, solveBertrandNash, type PricingProblem } from "../sim/pricing.js";
import { segmentShares } from "../sim/demand.js";

// a seeded stream (seedrandom, as everywhere in moat) so every random market is reproducible
const randomStream = (seed: number) => streamFor(seed, "test/random-markets");

// One segment of size M; product j has quality delta_j, cost c_j and owner owner_j.
function singleSegmentProblem(alpha: number, deltas: number[], costs: number[], owners: number[], size = 1): PricingProblem {
  const J = deltas.length;
  return {
    productCount: J,
    segmentCount: 1,
    meanUtility: Float64Array.from(deltas),
    available: new Uint8Array(J).fill(1),
    priceSensitivity: Float64Array.of(alpha),
    marketSize: Float64Array.of(size),
    marginalCost: Float64Array.from(costs),
    owner: Int32Array.from(owners),
  };
}

function randomProblem(random: () => number, productCount: number, segmentCount: number, firmCount: number): PricingProblem {
  const meanUtility = new Float64Array(segmentCount * productCount);
  const available = new Uint8Array(segmentCount * productCount);
  for (let i = 0; i < meanUtility.length; i++) {
    meanUtility[i] = -1 + 5 * random();
    available[i] = random() < 0.85 ? 1 : 0;
  }
  return {
    productCount,
    segmentCount,
    meanUtility,
    available,
    priceSensitivity: new Float64Array(segmentCount).map(() => 0.3 + 1.5 * random()),
    marketSize: new Float64Array(segmentCount).map(() => 1 + 100 * random()),
    marginalCost: new Float64Array(productCount).map(() => 0.2 + 2 * random()),
    owner: new Int32Array(productCount).map(() => Math.floor(random() * firmCount)),
  };
}

// Firm f's profit sum_{k in f} (p_k - c_k) q_k(p), computed directly from the logit formula (independent of the solver's code).
function directFirmProfit(problem: PricingProblem, prices: Float64Array, firm: number): number {
  const J = problem.productCount;
  let profit = 0;
  for (let s = 0; s < problem.segmentCount; s++) {
    let denominator = 1;
    for (let k = 0; k < J; k++) {
      if (problem.available[s * J + k]) denominator += Math.exp(problem.meanUtility[s * J + k] - problem.priceSensitivity[s] * prices[k]);
    }
    for (let k = 0; k < J; k++) {
      if (problem.owner[k] !== firm || !problem.available[s * J + k]) continue;
      const share = Math.exp(problem.meanUtility[s * J + k] - problem.priceSensitivity[s] * prices[k]) / denominator;
      profit += (prices[k] - problem.marginalCost[k]) * problem.marketSize[s] * share;
    }
  }
  return profit;
}

describe("solveBertrandNash: single-segment closed forms", () => {
  it("monopoly matches p = c + (1 + W(exp(d - a c - 1))) / a", () => {
    for (const [delta, alpha, cost] of [
      [2, 1, 1],
      [5, 0.3, 4],
      [-3, 2, 0.5],
      [12, 0.05, 10],
      [0, 1, 0],
    ]) {
      const result = solveBertrandNash(singleSegmentProblem(alpha, [delta], [cost], [0], 37));
      const closedForm = cost + (1 + lambertW0(Math.exp(delta - alpha * cost - 1))) / alpha;
      expect(result.converged).toBe(true);
      expect(Math.abs(result.prices[0] - closedForm), `d=${delta} a=${alpha} c=${cost}`).toBeLessThan(1e-8);
      expect(result.quantities[0]).toBeCloseTo(37 * result.shares[0], 12);
    }
  });

  it("symmetric oligopoly (N = 2..10) satisfies p - c = 1 / (a (1 - s)) at the equilibrium share", () => {
    const alpha = 0.7;
    const cost = 1.5;
    const delta = 3;
    for (let firmCount = 2; firmCount <= 10; firmCount++) {
      const owners = Array.from({ length: firmCount }, (_, i) => i);
      const problem = singleSegmentProblem(alpha, owners.map(() => delta), owners.map(() => cost), owners);
      const result = solveBertrandNash(problem);
      expect(result.converged).toBe(true);
      const price = result.prices[0];
      // The equilibrium share at that price, from the formula (not the solver's arrays).
      const share = Math.exp(delta - alpha * price) / (1 + firmCount * Math.exp(delta - alpha * price));
      expect(Math.abs(price - cost - 1 / (alpha * (1 - share))), `N=${firmCount}`).toBeLessThan(1e-9);
      for (let j = 1; j < firmCount; j++) expect(Math.abs(result.prices[j] - price)).toBeLessThan(1e-12);
      expect(Math.abs(result.shares[0] - share)).toBeLessThan(1e-14);
    }
  });

  it("symmetric prices fall toward c + 1/a as N grows", () => {
    const prices: number[] = [];
    for (let firmCount = 1; firmCount <= 10; firmCount++) {
      const owners = Array.from({ length: firmCount }, (_, i) => i);
      prices.push(solveBertrandNash(singleSegmentProblem(1, owners.map(() => 2), owners.map(() => 1), owners)).prices[0]);
    }
    for (let i = 1; i < prices.length; i++) expect(prices[i]).toBeLessThan(prices[i - 1]);
    expect(prices[prices.length - 1]).toBeGreaterThan(1 + 1);
  });

  it("asymmetric single-product firms each satisfy p_j - c_j = 1 / (a (1 - s_j))", () => {
    const alpha = 1.2;
    const problem = singleSegmentProblem(alpha, [4, 2, 0.5, 3], [1, 0.5, 0.2, 2], [0, 1, 2, 3], 500);
    const result = solveBertrandNash(problem);
    expect(result.converged).toBe(true);
    for (let j = 0; j < 4; j++) {
      expect(Math.abs(result.prices[j] - problem.marginalCost[j] - 1 / (alpha * (1 - result.shares[j])))).toBeLessThan(1e-9);
    }
    // The highest-quality product (net of cost) has the highest markup.
    expect(result.prices[0] - 1).toBeGreaterThan(result.prices[3] - 2);
  });

  it("a two-product firm sets the same markup 1 / (a (1 - s_f)) on both products, with s_f its total share", () => {
    const alpha = 0.9;
    const problem = singleSegmentProblem(alpha, [3, 2, 2.5], [1, 0.4, 0.8], [0, 0, 1], 10);
    const result = solveBertrandNash(problem);
    expect(result.converged).toBe(true);
    const firmShare = result.shares[0] + result.shares[1];
    const multiProductMarkup = 1 / (alpha * (1 - firmShare));
    expect(Math.abs(result.prices[0] - 1 - multiProductMarkup)).toBeLessThan(1e-9);
    expect(Math.abs(result.prices[1] - 0.4 - multiProductMarkup)).toBeLessThan(1e-9);
    expect(Math.abs(result.prices[2] - 0.8 - 1 / (alpha * (1 - result.shares[2])))).toBeLessThan(1e-9);
  });

  it("merging two firms raises both their prices (and the rival's)", () => {
    const deltas = [3, 2.6, 2.8];
    const costs = [1, 0.8, 1.1];
    const before = solveBertrandNash(singleSegmentProblem(1, deltas, costs, [0, 1, 2]));
    const after = solveBertrandNash(singleSegmentProblem(1, deltas, costs, [0, 0, 1]));
    expect(before.converged && after.converged).toBe(true);
    expect(after.prices[0]).toBeGreaterThan(before.prices[0] + 1e-3);
    expect(after.prices[1]).toBeGreaterThan(before.prices[1] + 1e-3);
    expect(after.prices[2]).toBeGreaterThan(before.prices[2]);
  });
});

describe("solveBertrandNash: multi-segment markets", () => {
  it("satisfies the general FOC (focResiduals < 1e-9) on random multi-product, multi-segment markets", () => {
    const random = randomStream(2024);
    for (let trial = 0; trial < 25; trial++) {
      const problem = randomProblem(random, 2 + Math.floor(random() * 25), 1 + Math.floor(random() * 5), 1 + Math.floor(random() * 6));
      const result = solveBertrandNash(problem);
      expect(result.converged, `trial ${trial}`).toBe(true);
      expect(result.maxFocResidual).toBeLessThan(1e-9);
      const residuals = focResiduals(problem, result.prices);
      for (const residual of residuals) expect(Math.abs(residual)).toBeLessThan(1e-9);
      for (let j = 0; j < problem.productCount; j++) expect(result.prices[j]).toBeGreaterThan(problem.marginalCost[j]);
    }
  });

  it("is a Nash equilibrium: no firm gains by moving one of its prices (direct profit, finite differences)", () => {
    const random = randomStream(99);
    const problem = randomProblem(random, 8, 3, 3);
    const result = solveBertrandNash(problem);
    expect(result.converged).toBe(true);
    for (let j = 0; j < problem.productCount; j++) {
      const firm = problem.owner[j];
      const step = 1e-4;
      const up = Float64Array.from(result.prices);
      const down = Float64Array.from(result.prices);
      up[j] += step;
      down[j] -= step;
      const atEquilibrium = directFirmProfit(problem, result.prices, firm);
      const slope = (directFirmProfit(problem, up, firm) - directFirmProfit(problem, down, firm)) / (2 * step);
      expect(Math.abs(slope)).toBeLessThan(1e-7 * Math.max(1, atEquilibrium));
      expect(directFirmProfit(problem, up, firm)).toBeLessThanOrEqual(atEquilibrium);
      expect(directFirmProfit(problem, down, firm)).toBeLessThanOrEqual(atEquilibrium);
    }
  });

  it("focResiduals detects prices that are not an equilibrium", () => {
    const random = randomStream(5);
    const problem = randomProblem(random, 6, 2, 2);
    const result = solveBertrandNash(problem);
    const perturbed = Float64Array.from(result.prices);
    perturbed[3] += 0.1;
    expect(Math.max(...focResiduals(problem, perturbed).map(Math.abs))).toBeGreaterThan(1e-4);
  });

  it("keeps price takers at marginal cost while the others best-respond to them", () => {
    const problem = singleSegmentProblem(1, [3, 3, 3.5], [1, 1, 0.3], [0, 1, 2], 20);
    const withoutFringe = solveBertrandNash(problem);
    problem.priceTaker = Uint8Array.of(0, 0, 1);
    const result = solveBertrandNash(problem, { initialPrices: Float64Array.of(5, 5, 5) });
    expect(result.converged).toBe(true);
    expect(result.prices[2]).toBe(0.3);
    for (let j = 0; j < 2; j++) {
      expect(Math.abs(result.prices[j] - 1 - 1 / (1 - result.shares[j]))).toBeLessThan(1e-9);
      expect(result.prices[j]).toBeLessThan(withoutFringe.prices[j]); // the cheap fringe disciplines prices
    }
    expect(result.maxFocResidual).toBeLessThan(1e-9);
  });

  it("gives products nobody can buy the documented fallback price without blocking convergence", () => {
    const problem: PricingProblem = {
      productCount: 3,
      segmentCount: 2,
      meanUtility: Float64Array.of(2, 1, 4, 2, 1, 4),
      available: Uint8Array.of(1, 1, 0, 1, 1, 0),
      priceSensitivity: Float64Array.of(0.5, 2),
      marketSize: Float64Array.of(10, 30),
      marginalCost: Float64Array.of(1, 1, 2),
      owner: Int32Array.of(0, 1, 2),
    };
    const result = solveBertrandNash(problem);
    expect(result.converged).toBe(true);
    expect(result.prices[2]).toBe(2 + 1 / 0.5); // c + 1 / min alpha
    expect(result.quantities[2]).toBe(0);
    expect(result.maxFocResidual).toBeLessThan(1e-9);
    expect(firmProfits(problem, result)[2]).toBe(0);
  });
});

describe("solveBertrandNash: hard and degenerate markets", () => {
  it("prices products with vanishing (subnormal or zero) shares at p = c + 1 / (a (1 - s)) -> c + 1/a", () => {
    for (const delta of [-700, -735, -738, -740, -742, -800]) {
      for (const alpha of [0.3, 0.7, 1.3]) {
        const problem = singleSegmentProblem(alpha, [delta, 2], [1, 1], [0, 1], 3);
        const result = solveBertrandNash(problem);
        expect(result.converged, `delta ${delta}, alpha ${alpha}`).toBe(true);
        expect(Math.abs(result.prices[0] - (1 + 1 / alpha)), `delta ${delta}, alpha ${alpha}`).toBeLessThan(1e-8);
        // The rival is then a monopolist in effect: p = c + (1 + W(exp(d - a c - 1))) / a.
        expect(Math.abs(result.prices[1] - (1 + (1 + lambertW0(Math.exp(2 - alpha - 1))) / alpha))).toBeLessThan(1e-8);
      }
    }
  });

  it("converges when a product's shares are subnormal in segments with different price sensitivities", () => {
    const problem: PricingProblem = {
      productCount: 2,
      segmentCount: 2,
      meanUtility: Float64Array.of(-735, 3, -733, 2),
      available: Uint8Array.of(1, 1, 1, 1),
      priceSensitivity: Float64Array.of(1, 0.2),
      marketSize: Float64Array.of(1000, 10),
      marginalCost: Float64Array.of(0.5, 1),
      owner: Int32Array.of(0, 1),
    };
    const result = solveBertrandNash(problem);
    expect(result.converged).toBe(true);
    // Its markup lies between 1 / max alpha and 1 / min alpha (a share-weighted mean of 1 / alpha_s).
    expect(result.prices[0] - 0.5).toBeGreaterThan(1 / 1 - 1e-9);
    expect(result.prices[0] - 0.5).toBeLessThan(1 / 0.2 + 1e-9);
  });

  it("agrees with the plain zeta iteration (the reference) wherever that converges", () => {
    const random = randomStream(77);
    for (let trial = 0; trial < 20; trial++) {
      const problem = randomProblem(random, 2 + Math.floor(random() * 40), 1 + Math.floor(random() * 4), 1 + Math.floor(random() * 8));
      const reference = solveBertrandNash(problem, { acceleration: "none" });
      const accelerated = solveBertrandNash(problem);
      expect(reference.converged && accelerated.converged).toBe(true);
      expect(accelerated.iterations).toBeLessThanOrEqual(reference.iterations);
      for (let j = 0; j < problem.productCount; j++) {
        expect(Math.abs(accelerated.prices[j] - reference.prices[j])).toBeLessThan(1e-8 * Math.max(1, reference.prices[j]));
      }
    }
  });

  it("converges where the plain zeta map does not (segments' price sensitivities 60x apart)", () => {
    // Found by a random search: plain zeta steps wander with FOC residuals ~1 after 2,000 steps.
    const problem: PricingProblem = {
      productCount: 6,
      segmentCount: 4,
      meanUtility: Float64Array.of(
        1.899, 11.15, 4.531, 8.974, 0.6919, -9.965,
        -10.62, 11.04, 12.77, -1.185, 16.26, -9.965,
        1.464, -9.619, 17.74, -9.103, -3.735, -6.405,
        9.644, -7.857, 11.52, -5.774, 18.94, 1.675,
      ),
      available: Uint8Array.of(1, 1, 1, 1, 1, 1, 0, 1, 1, 0, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1),
      priceSensitivity: Float64Array.of(6.661, 2.342, 0.332, 0.1064),
      marketSize: Float64Array.of(2.705, 76.09, 853.2, 23900),
      marginalCost: Float64Array.of(4.028, 2.903, 7.73, 8.251, 5.236, 10.93),
      owner: Int32Array.of(0, 0, 1, 2, 1, 2),
    };
    const plain = solveBertrandNash(problem, { acceleration: "none" });
    expect(plain.converged).toBe(false);
    expect(plain.maxFocResidual).toBeGreaterThan(1e-3);
    const result = solveBertrandNash(problem);
    expect(result.converged).toBe(true);
    expect(result.maxFocResidual).toBeLessThan(1e-9);
    for (const residual of focResiduals(problem, result.prices)) expect(Math.abs(residual)).toBeLessThan(1e-9);
  });
});

describe("solveBertrandNash: iteration control", () => {
  it("reports non-convergence (converged = false) with maxIterations = 1 instead of throwing", () => {
    const random = randomStream(17);
    const problem = randomProblem(random, 10, 3, 4);
    const result = solveBertrandNash(problem, { maxIterations: 1 });
    expect(result.converged).toBe(false);
    expect(result.iterations).toBe(1);
    expect(result.maxFocResidual).toBeGreaterThan(1e-6);
    expect(result.prices.every(Number.isFinite)).toBe(true);
  });

  it("converges from a warm start in fewer iterations to the same prices", () => {
    const random = randomStream(3);
    const problem = randomProblem(random, 200, 4, 20);
    const cold = solveBertrandNash(problem);
    const warm = solveBertrandNash(problem, { initialPrices: cold.prices });
    expect(cold.converged && warm.converged).toBe(true);
    expect(warm.iterations).toBeLessThan(cold.iterations);
    expect(warm.iterations).toBeLessThanOrEqual(2);
    for (let j = 0; j < 200; j++) expect(Math.abs(warm.prices[j] - cold.prices[j])).toBeLessThan(1e-9);
  });

  it("solves 1,000 products across 4 segments", () => {
    const random = randomStream(1000);
    const problem = randomProblem(random, 1000, 4, 60);
    const result = solveBertrandNash(problem);
    expect(result.converged).toBe(true);
    expect(result.maxFocResidual).toBeLessThan(1e-9);
  });
});

describe("firmProfits", () => {
  it("sums (p_j - c_j) q_j by owner and matches the direct profit formula", () => {
    const random = randomStream(8);
    const problem = randomProblem(random, 12, 3, 4);
    const result = solveBertrandNash(problem);
    const profits = firmProfits(problem, result);
    expect(profits).toHaveLength(Math.max(...problem.owner) + 1);
    for (let firm = 0; firm < profits.length; firm++) {
      expect(profits[firm]).toBeCloseTo(directFirmProfit(problem, result.prices, firm), 9);
      expect(profits[firm]).toBeGreaterThanOrEqual(0);
    }
  });
});

describe("sharesAndFirmMarkups (the zeta step's fused pass)", () => {
  it("equals segmentShares then accumulateFirmMarkupShares to the bit, on random markets with unavailable products and extreme utilities", () => {
    const random = randomStream(91);
    for (let trial = 0; trial < 40; trial++) {
      const problem = randomProblem(random, 1 + Math.floor(random() * 30), 1 + Math.floor(random() * 6), 1 + Math.floor(random() * 8));
      if (trial % 4 === 0) for (let i = 0; i < problem.meanUtility.length; i += 3) problem.meanUtility[i] = 800 * (random() - 0.3); // overflow and underflow
      const J = problem.productCount;
      const S = problem.segmentCount;
      const F = ownerCount(problem.owner);
      const prices = new Float64Array(J).map((_, j) => problem.marginalCost[j] + 3 * random());
      const shares = new Float64Array(S * J);
      const outside = new Float64Array(S);
      const markups = new Float64Array(S * F);
      segmentShares(problem, prices, shares, outside);
      accumulateFirmMarkupShares(problem, prices, shares, F, markups);
      const fusedShares = new Float64Array(S * J).fill(Number.NaN);
      const fusedOutside = new Float64Array(S);
      const fusedMarkups = new Float64Array(S * F).fill(7);
      const done: number[] = [];
      sharesAndFirmMarkups(problem, prices, new Float64Array(J), fusedShares, fusedOutside, F, fusedMarkups, (s) => done.push(s));
      expect(Array.from(fusedShares)).toEqual(Array.from(shares));
      expect(Array.from(fusedOutside)).toEqual(Array.from(outside));
      expect(Array.from(fusedMarkups)).toEqual(Array.from(markups));
      expect(done).toEqual(Array.from({ length: S }, (_, s) => s));
    }
  });
});
