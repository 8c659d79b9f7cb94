// Test oracles: textbook Cournot with linear inverse demand P = A - B Q: equilibrium with any
// costs, free entry, the Mankiw-Whinston social optimum and Salop-Scheffman raising rivals' costs.
// These closed forms are the analytic benchmarks the simulation is checked against; the engine's
// own Cournot market (sim/cournot.ts) uses only the symmetric case.
import { cournotSymmetricProfit } from "../../sim/cournot.js";

export interface LinearCournotMarket {
  /** A: price intercept of inverse demand P = A - B Q (money per unit). */
  demandIntercept: number;
  /** B > 0: price drop per unit of total quantity. */
  demandSlope: number;
  /** c_i per firm (money per unit). */
  marginalCosts: readonly number[];
}

export interface CournotEquilibrium {
  /** q_i per firm. */
  quantities: number[];
  /** P = A - B Q. */
  price: number;
  /** (P - c_i) q_i per firm, gross of fixed costs. */
  profits: number[];
  /** Q = sum_i q_i. */
  totalQuantity: number;
  /**
   * True when every q_i >= 0, so the closed form is the Nash equilibrium. False means some firm
   * would produce a negative quantity: the numbers are then not an equilibrium (use
   * cournotEquilibriumWithExit, which drops such firms).
   */
  interior: boolean;
}

// P = (A + sum_i c_i) / (N + 1), q_i = (P - c_i) / B = (A - N c_i + sum_{j != i} c_j) / (B (N + 1)).
export function cournotEquilibrium(market: LinearCournotMarket): CournotEquilibrium {
  const { demandIntercept: A, demandSlope: B, marginalCosts } = market;
  const firmCount = marginalCosts.length;
  let costSum = 0;
  for (const cost of marginalCosts) costSum += cost;
  const price = (A + costSum) / (firmCount + 1);
  const quantities = marginalCosts.map((cost) => (price - cost) / B);
  const profits = marginalCosts.map((cost, i) => (price - cost) * quantities[i]);
  const totalQuantity = quantities.reduce((sum, quantity) => sum + quantity, 0);
  return { quantities, price, profits, totalQuantity, interior: quantities.every((quantity) => quantity >= 0) };
}

// Cournot with exit of unprofitable firms: the active firms are the cheapest ones; drop the costliest while its q_i < 0. Inactive firms get q_i = 0.
export function cournotEquilibriumWithExit(market: LinearCournotMarket): CournotEquilibrium {
  const { demandIntercept: A, demandSlope: B, marginalCosts } = market;
  const byCost = marginalCosts.map((_, i) => i).sort((a, b) => marginalCosts[a] - marginalCosts[b]);
  let activeCount = byCost.length;
  let costSum = 0;
  for (const cost of marginalCosts) costSum += cost;
  // With k active firms, P_k = (A + sum of the k cheapest costs) / (k + 1); the costliest active firm stays iff P_k >= its cost.
  while (activeCount > 0) {
    const costliest = marginalCosts[byCost[activeCount - 1]];
    const price = (A + costSum) / (activeCount + 1);
    if (price >= costliest) break;
    costSum -= costliest;
    activeCount--;
  }
  const price = (A + costSum) / (activeCount + 1);
  const quantities = new Array<number>(marginalCosts.length).fill(0);
  for (let rank = 0; rank < activeCount; rank++) {
    const firm = byCost[rank];
    quantities[firm] = (price - marginalCosts[firm]) / B;
  }
  const profits = quantities.map((quantity, i) => (price - marginalCosts[i]) * quantity);
  const totalQuantity = quantities.reduce((sum, quantity) => sum + quantity, 0);
  return { quantities, price: activeCount > 0 ? price : A, profits, totalQuantity, interior: true };
}

// Relative slack when comparing profit with fixed cost, so exact break-even (e.g. A=10, c=0, B=1, F=1, N=9) counts as entry despite rounding.
const BREAK_EVEN_RELATIVE_TOLERANCE = 1e-12;

// Entry is worthwhile iff pi - F >= 0 (up to a 1e-12 relative rounding slack).
export function coversFixedCost(profit: number, fixedCost: number): boolean {
  return profit - fixedCost >= -BREAK_EVEN_RELATIVE_TOLERANCE * Math.max(Math.abs(profit), Math.abs(fixedCost));
}

// N_e = largest N >= 0 with (A - c)^2 / (B (N + 1)^2) - F >= 0, i.e. floor((A - c) / sqrt(B F) - 1).
// 0 when A <= c (no firm can sell at a profit); Infinity when F <= 0 and A > c.
export function freeEntryFirmCount(A: number, B: number, c: number, fixedCost: number): number {
  if (!(A > c)) return 0;
  if (!(fixedCost > 0)) return Number.POSITIVE_INFINITY;
  let firmCount = Math.max(0, Math.floor((A - c) / Math.sqrt(B * fixedCost) - 1));
  // The closed form can be off by one at exact integers: adjust with the profit inequality itself.
  while (coversFixedCost(cournotSymmetricProfit(A, B, c, firmCount + 1), fixedCost)) firmCount++;
  while (firmCount > 0 && !coversFixedCost(cournotSymmetricProfit(A, B, c, firmCount), fixedCost)) firmCount--;
  return firmCount;
}

// W(N) = A_w N (N + 2) / (2 (N + 1)^2) - N F with A_w = (A - c)^2 / B: consumer surplus plus profits net of fixed costs, N symmetric firms (N real).
export function cournotTotalSurplus(A: number, B: number, c: number, fixedCost: number, N: number): number {
  const welfareScale = ((A - c) * (A - c)) / B;
  return (welfareScale * N * (N + 2)) / (2 * (N + 1) * (N + 1)) - N * fixedCost;
}

// N* = (A_w / F)^(1/3) - 1 with A_w = (A - c)^2 / B (Mankiw & Whinston 1986; real number, where dW/dN = A_w / (N + 1)^3 - F = 0).
export function sociallyOptimalFirmCount(A: number, B: number, c: number, fixedCost: number): number {
  const welfareScale = ((A - c) * (A - c)) / B;
  return Math.cbrt(welfareScale / fixedCost) - 1;
}

export interface RaisingRivalsCostCase extends LinearCournotMarket {
  /** i: the firm whose profit change is measured. */
  firm: number;
  /** d: rise in firm i's own marginal cost. */
  ownCostIncrease: number;
  /** D: rise in each rival's marginal cost. */
  rivalCostIncrease: number;
}

// Delta pi_i = B (q_i'^2 - q_i^2) with q_i' - q_i = ((N - 1) D - N d) / (B (N + 1)) (Salop & Scheffman 1983; assumes an interior equilibrium before and after).
export function raisingRivalsCostGain(rule: RaisingRivalsCostCase): number {
  const { demandSlope: B, marginalCosts, firm, ownCostIncrease: d, rivalCostIncrease: D } = rule;
  const N = marginalCosts.length;
  const quantityBefore = cournotEquilibrium(rule).quantities[firm];
  const quantityChange = ((N - 1) * D - N * d) / (B * (N + 1));
  return B * quantityChange * (2 * quantityBefore + quantityChange);
}

// A firm gains from a rule raising its cost by d and each of N - 1 rivals' by D iff d < (N - 1) D / N.
export function raisingRivalsCostProfitable(firmCount: number, ownCostIncrease: number, rivalCostIncrease: number): boolean {
  return ownCostIncrease < ((firmCount - 1) * rivalCostIncrease) / firmCount;
}
