// Test oracles for sim/demand.ts: a market validator, the single-segment logit shares, buyers'
// spending and revenues, computed independently of the market core so tests can check its
// invariants (spending equals revenue, shares match the closed form). No code under sim/ calls them.
import type { LogitMarket } from "../../sim/demand.js";

// Problems with a market's shape or values, one readable line each; empty when the market is usable.
export function logitMarketProblems(market: LogitMarket): string[] {
  const problems: string[] = [];
  const { productCount: J, segmentCount: S } = market;
  if (!Number.isInteger(J) || J < 0) problems.push(`productCount: expected a non-negative integer, found ${J}`);
  if (!Number.isInteger(S) || S < 0) problems.push(`segmentCount: expected a non-negative integer, found ${S}`);
  if (problems.length > 0) return problems;
  if (market.meanUtility.length !== S * J)
    problems.push(`meanUtility: expected length S*J = ${S * J}, found ${market.meanUtility.length}`);
  if (market.available.length !== S * J)
    problems.push(`available: expected length S*J = ${S * J}, found ${market.available.length}`);
  if (market.priceSensitivity.length !== S)
    problems.push(`priceSensitivity: expected length S = ${S}, found ${market.priceSensitivity.length}`);
  if (market.marketSize.length !== S)
    problems.push(`marketSize: expected length S = ${S}, found ${market.marketSize.length}`);
  for (let s = 0; s < Math.min(S, market.priceSensitivity.length); s++) {
    const alpha = market.priceSensitivity[s];
    if (!(alpha > 0) || !Number.isFinite(alpha))
      problems.push(`priceSensitivity[${s}]: expected a finite number > 0, found ${alpha}`);
  }
  for (let s = 0; s < Math.min(S, market.marketSize.length); s++) {
    const size = market.marketSize[s];
    if (!(size >= 0) || !Number.isFinite(size))
      problems.push(`marketSize[${s}]: expected a finite number >= 0, found ${size}`);
  }
  for (let i = 0; i < market.meanUtility.length; i++) {
    if (Number.isNaN(market.meanUtility[i]) || market.meanUtility[i] === Number.POSITIVE_INFINITY) {
      problems.push(`meanUtility[${i}] (segment ${Math.floor(i / J)}, product ${i % J}): expected a number < Infinity, found ${market.meanUtility[i]}`);
      break;
    }
  }
  return problems;
}

// s_j = exp(v_j) / (1 + sum_k exp(v_k)); fills out (length J), returns the outside share 1 / (1 + sum_k exp(v_k)).
export function logitShares(utilities: ArrayLike<number>, out: Float64Array): number {
  let largest = 0; // the outside option's utility
  for (let j = 0; j < utilities.length; j++) if (utilities[j] > largest) largest = utilities[j];
  let denominator = Math.exp(-largest);
  for (let j = 0; j < utilities.length; j++) {
    const weight = Math.exp(utilities[j] - largest);
    out[j] = weight;
    denominator += weight;
  }
  const inverse = 1 / denominator;
  for (let j = 0; j < utilities.length; j++) out[j] *= inverse;
  return Math.exp(-largest) * inverse;
}

// Spending = sum_s M_s sum_j s_sj p_j (price x units per period); equals total revenue sum_j p_j q_j.
export function buyerSpending(market: LogitMarket, prices: ArrayLike<number>, shares: Float64Array): number {
  const J = market.productCount;
  let total = 0;
  for (let s = 0; s < market.segmentCount; s++) {
    const row = s * J;
    let segmentSpendingPerBuyer = 0;
    for (let j = 0; j < J; j++) {
      const share = shares[row + j];
      if (share !== 0) segmentSpendingPerBuyer += share * prices[j];
    }
    total += market.marketSize[s] * segmentSpendingPerBuyer;
  }
  return total;
}

// Revenue_j = p_j q_j (price x units per period); fills out (length J).
export function productRevenues(prices: ArrayLike<number>, quantities: Float64Array, out: Float64Array): void {
  for (let j = 0; j < quantities.length; j++) out[j] = prices[j] * quantities[j];
}
