import { describe, expect, it } from "vitest";
import { cournotSymmetricProfit, symmetricCournot } from "../sim/cournot.js";
import {
  cournotEquilibrium,
  cournotEquilibriumWithExit,
  cournotTotalSurplus,
  coversFixedCost,
  freeEntryFirmCount,
  raisingRivalsCostGain,
  raisingRivalsCostProfitable,
  sociallyOptimalFirmCount,
} from "./oracles/cournot.js";

const A = 120;
const B = 0.5;
const c = 20;

describe("Cournot with linear demand", () => {
  it("hits the symmetric closed forms q = (A-c)/(B(N+1)), P = (A+Nc)/(N+1), profit = (A-c)^2/(B(N+1)^2) for N = 1..10", () => {
    for (let N = 1; N <= 10; N++) {
      const equilibrium = cournotEquilibrium({ demandIntercept: A, demandSlope: B, marginalCosts: new Array(N).fill(c) });
      expect(equilibrium.interior).toBe(true);
      expect(Math.abs(equilibrium.price - (A + N * c) / (N + 1))).toBeLessThan(1e-12);
      for (let i = 0; i < N; i++) {
        expect(Math.abs(equilibrium.quantities[i] - (A - c) / (B * (N + 1)))).toBeLessThan(1e-10);
        expect(Math.abs(equilibrium.profits[i] - ((A - c) ** 2) / (B * (N + 1) ** 2))).toBeLessThan(1e-9);
        expect(Math.abs(equilibrium.profits[i] - cournotSymmetricProfit(A, B, c, N))).toBeLessThan(1e-9);
      }
      expect(Math.abs(equilibrium.totalQuantity - (N * (A - c)) / (B * (N + 1)))).toBeLessThan(1e-10);
      // The market clears on the demand curve.
      expect(Math.abs(equilibrium.price - (A - B * equilibrium.totalQuantity))).toBeLessThan(1e-10);
    }
  });

  it("with asymmetric costs, each q_i is a best response: q_i = (A - c_i - B Q_{-i}) / (2B)", () => {
    const costs = [10, 25, 18, 30, 5];
    const equilibrium = cournotEquilibrium({ demandIntercept: A, demandSlope: B, marginalCosts: costs });
    expect(equilibrium.interior).toBe(true);
    for (let i = 0; i < costs.length; i++) {
      const rivalsQuantity = equilibrium.totalQuantity - equilibrium.quantities[i];
      expect(Math.abs(equilibrium.quantities[i] - (A - costs[i] - B * rivalsQuantity) / (2 * B))).toBeLessThan(1e-10);
      const N = costs.length;
      const rivalsCost = costs.reduce((sum, cost) => sum + cost, 0) - costs[i];
      expect(Math.abs(equilibrium.quantities[i] - (A - N * costs[i] + rivalsCost) / (B * (N + 1)))).toBeLessThan(1e-10);
    }
  });

  it("flags a firm the closed form gives a negative quantity, and the exit version drops it", () => {
    const market = { demandIntercept: 100, demandSlope: 1, marginalCosts: [10, 10, 90] };
    const closedForm = cournotEquilibrium(market);
    expect(closedForm.interior).toBe(false);
    expect(closedForm.quantities[2]).toBeLessThan(0);
    const withExit = cournotEquilibriumWithExit(market);
    expect(withExit.quantities[2]).toBe(0);
    // The two remaining firms play the duopoly: P = (100 + 20) / 3 = 40, q = 30 each.
    expect(withExit.price).toBeCloseTo(40, 12);
    expect(withExit.quantities[0]).toBeCloseTo(30, 12);
    expect(withExit.quantities[1]).toBeCloseTo(30, 12);
    // The exited firm could not profit at that price.
    expect(withExit.price).toBeLessThanOrEqual(90);
    // When everyone is active it equals the closed form.
    const interior = { demandIntercept: A, demandSlope: B, marginalCosts: [10, 25, 18] };
    expect(cournotEquilibriumWithExit(interior).quantities).toEqual(cournotEquilibrium(interior).quantities);
  });
});

describe("the engine's symmetric Cournot market (sim/cournot.ts)", () => {
  it("equals the general equilibrium with N equal costs: q, P, and CS = B Q^2 / 2, for N = 0..10", () => {
    // N = 2, A = 120, B = 0.5, c = 20: q = 100 / (0.5 x 3) = 66.67, P = 120 - 0.5 x 133.33 = 53.33, CS = 0.5 x 133.33^2 / 2 = 4444.4
    expect(symmetricCournot(A, B, c, 2).quantityPerFirm).toBeCloseTo(200 / 3, 10);
    expect(symmetricCournot(A, B, c, 2).price).toBeCloseTo(160 / 3, 10);
    expect(symmetricCournot(A, B, c, 2).consumerSurplus).toBeCloseTo(40000 / 9, 8);
    expect(symmetricCournot(A, B, c, 0)).toEqual({ quantityPerFirm: 0, price: A, consumerSurplus: 0 });
    for (let N = 1; N <= 10; N++) {
      const general = cournotEquilibrium({ demandIntercept: A, demandSlope: B, marginalCosts: new Array(N).fill(c) });
      const symmetric = symmetricCournot(A, B, c, N);
      expect(symmetric.quantityPerFirm).toBeCloseTo(general.quantities[0], 10);
      expect(symmetric.price).toBeCloseTo(general.price, 10);
      expect(symmetric.consumerSurplus).toBeCloseTo((B * general.totalQuantity ** 2) / 2, 6);
      expect((symmetric.price - c) * symmetric.quantityPerFirm).toBeCloseTo(cournotSymmetricProfit(A, B, c, N), 8);
    }
  });
});

describe("free entry", () => {
  // Brute force: the largest N >= 0 with pi(N) - F >= 0, scanning N upward from 0.
  function bruteForceEntry(a: number, b: number, cost: number, fixedCost: number): number {
    let N = 0;
    while (coversFixedCost(cournotSymmetricProfit(a, b, cost, N + 1), fixedCost)) N++;
    return N;
  }

  it("equals the brute-force search over N, including break-even exactly at an integer", () => {
    // A=10, c=0, B=1, F=1: (A-c)/sqrt(BF) - 1 = 9 exactly, and 9 firms just break even.
    expect(freeEntryFirmCount(10, 1, 0, 1)).toBe(9);
    // A=13, c=1, B=4, F=1: (12)/2 - 1 = 5 exactly.
    expect(freeEntryFirmCount(13, 4, 1, 1)).toBe(5);
    expect(freeEntryFirmCount(13, 4, 1, 1.0001)).toBe(4);
    for (const [a, b, cost] of [
      [120, 0.5, 20],
      [50, 2, 5],
      [1000, 0.01, 100],
    ]) {
      for (const fixedCost of [0.5, 1, 3, 10, 47, 100, 500, 5000, 1e6]) {
        expect(freeEntryFirmCount(a, b, cost, fixedCost), `A=${a} B=${b} c=${cost} F=${fixedCost}`).toBe(bruteForceEntry(a, b, cost, fixedCost));
      }
    }
  });

  it("matches floor((A - c) / sqrt(B F) - 1) away from integer boundaries", () => {
    for (const fixedCost of [3, 17, 123, 999]) {
      expect(freeEntryFirmCount(A, B, c, fixedCost)).toBe(Math.floor((A - c) / Math.sqrt(B * fixedCost) - 1));
    }
  });

  it("returns 0 when even a monopolist loses money or A <= c", () => {
    expect(freeEntryFirmCount(A, B, c, cournotSymmetricProfit(A, B, c, 1) * 1.01)).toBe(0);
    expect(freeEntryFirmCount(10, 1, 10, 1)).toBe(0);
    expect(freeEntryFirmCount(10, 1, 12, 1)).toBe(0);
  });

  it("adding a licence cost K to F lowers N_e to floor((A - c) / sqrt(B (F + K)) - 1)", () => {
    const fixedCost = 20;
    let previous = freeEntryFirmCount(A, B, c, fixedCost);
    for (const licence of [5, 20, 50, 200, 1000, 5000]) {
      const withLicence = freeEntryFirmCount(A, B, c, fixedCost + licence);
      expect(withLicence).toBe(Math.max(0, Math.floor((A - c) / Math.sqrt(B * (fixedCost + licence)) - 1)));
      expect(withLicence).toBeLessThanOrEqual(previous);
      previous = withLicence;
    }
    expect(freeEntryFirmCount(A, B, c, fixedCost + 5000)).toBeLessThan(freeEntryFirmCount(A, B, c, fixedCost));
  });

  it("has excess entry: N* = (A_w/F)^(1/3) - 1 < N_e for homogeneous firms", () => {
    for (const fixedCost of [1, 5, 20, 100, 400]) {
      const optimal = sociallyOptimalFirmCount(A, B, c, fixedCost);
      const entered = freeEntryFirmCount(A, B, c, fixedCost);
      expect(Math.abs(optimal - Math.cbrt(((A - c) ** 2 / B) / fixedCost) + 1)).toBeLessThan(1e-12);
      expect(optimal, `F=${fixedCost}`).toBeLessThan(entered);
    }
  });

  it("N* maximises total surplus W(N): dW/dN = 0 there (finite differences) and W falls on either side", () => {
    const fixedCost = 30;
    const optimal = sociallyOptimalFirmCount(A, B, c, fixedCost);
    const h = 1e-4;
    const slope = (cournotTotalSurplus(A, B, c, fixedCost, optimal + h) - cournotTotalSurplus(A, B, c, fixedCost, optimal - h)) / (2 * h);
    expect(Math.abs(slope)).toBeLessThan(1e-5);
    expect(cournotTotalSurplus(A, B, c, fixedCost, optimal)).toBeGreaterThan(cournotTotalSurplus(A, B, c, fixedCost, optimal - 1));
    expect(cournotTotalSurplus(A, B, c, fixedCost, optimal)).toBeGreaterThan(cournotTotalSurplus(A, B, c, fixedCost, optimal + 1));
    // W(N) = consumer surplus B Q^2 / 2 + N (profit - F), from the equilibrium itself.
    const N = 4;
    const equilibrium = cournotEquilibrium({ demandIntercept: A, demandSlope: B, marginalCosts: new Array(N).fill(c) });
    const welfare = (B * equilibrium.totalQuantity ** 2) / 2 + equilibrium.profits.reduce((sum, profit) => sum + profit - fixedCost, 0);
    expect(cournotTotalSurplus(A, B, c, fixedCost, N)).toBeCloseTo(welfare, 9);
  });
});

describe("raising rivals' costs (Salop-Scheffman)", () => {
  it("a firm gains iff d < (N - 1) D / N, on a grid", () => {
    for (let N = 2; N <= 6; N++) {
      const costs = Array.from({ length: N }, (_, i) => 10 + 3 * i);
      for (let rivalIncrease = 0.5; rivalIncrease <= 6; rivalIncrease += 0.5) {
        for (let ownIncrease = 0; ownIncrease <= 6; ownIncrease += 0.37) {
          const rule = {
            demandIntercept: 200,
            demandSlope: 1,
            marginalCosts: costs,
            firm: 0,
            ownCostIncrease: ownIncrease,
            rivalCostIncrease: rivalIncrease,
          };
          const gain = raisingRivalsCostGain(rule);
          // Independent check: recompute both equilibria with the raised costs.
          const before = cournotEquilibrium(rule).profits[0];
          const after = cournotEquilibrium({
            ...rule,
            marginalCosts: costs.map((cost, i) => cost + (i === 0 ? ownIncrease : rivalIncrease)),
          }).profits[0];
          expect(Math.abs(gain - (after - before))).toBeLessThan(1e-9);
          expect(gain > 0, `N=${N} d=${ownIncrease} D=${rivalIncrease}`).toBe(raisingRivalsCostProfitable(N, ownIncrease, rivalIncrease));
        }
      }
    }
  });

  it("is neutral exactly at the boundary d = (N - 1) D / N", () => {
    const rule = { demandIntercept: 100, demandSlope: 2, marginalCosts: [10, 12, 14, 16], firm: 1, ownCostIncrease: 3, rivalCostIncrease: 4 };
    expect(raisingRivalsCostGain(rule)).toBe(0);
    expect(raisingRivalsCostProfitable(4, 3, 4)).toBe(false);
    expect(raisingRivalsCostProfitable(4, 2.999, 4)).toBe(true);
  });
});
