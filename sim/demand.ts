// Demand: multinomial logit with an outside option, several buyer segments.
//
// Layout: J products, S segments. Arrays over (segment, product) are row-major Float64Array of
// length S*J, index s*J + j. Utility of product j for segment s: v_sj = delta_sj - alpha_s p_j;
// the outside option (not buying) has utility 0. Prices and money are in the caller's unit.
// Pure and portable: no Node-only imports.

export interface LogitMarket {
  /** J */
  productCount: number;
  /** S */
  segmentCount: number;
  /** S*J: non-price utility delta_sj of product j for segment s (quality taste, open-weights value, intercept folded in by the caller). */
  meanUtility: Float64Array;
  /** S*J: 1 if segment s may buy product j, else 0 (share forced to 0). */
  available: Uint8Array;
  /** S: alpha_s > 0, utility per unit of price. */
  priceSensitivity: Float64Array;
  /** S: M_s, units of demand in the segment per period. */
  marketSize: Float64Array;
}

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

// s_sj = exp(v_sj) / (1 + sum_k exp(v_sk)), v_sj = delta_sj - alpha_s p_j, over available k; unavailable products get 0.
export function segmentShares(
  market: LogitMarket,
  prices: ArrayLike<number>,
  outShares: Float64Array,
  outOutsideShare: Float64Array,
): void {
  const J = market.productCount;
  const S = market.segmentCount;
  const { meanUtility, available, priceSensitivity } = market;
  for (let s = 0; s < S; s++) {
    const alpha = priceSensitivity[s];
    const row = s * J;
    let largest = 0; // the outside option's utility
    for (let j = 0; j < J; j++) {
      if (available[row + j] === 0) continue;
      const utility = meanUtility[row + j] - alpha * prices[j];
      if (utility > largest) largest = utility;
    }
    const outsideWeight = Math.exp(-largest);
    let denominator = outsideWeight;
    for (let j = 0; j < J; j++) {
      if (available[row + j] === 0) {
        outShares[row + j] = 0;
        continue;
      }
      const weight = Math.exp(meanUtility[row + j] - alpha * prices[j] - largest);
      outShares[row + j] = weight;
      denominator += weight;
    }
    const inverse = 1 / denominator;
    for (let j = 0; j < J; j++) outShares[row + j] *= inverse;
    outOutsideShare[s] = outsideWeight * inverse;
  }
}

// q_j = sum_s M_s s_sj (units per period); fills out (length J).
export function productQuantities(market: LogitMarket, shares: Float64Array, out: Float64Array): void {
  const J = market.productCount;
  const S = market.segmentCount;
  out.fill(0, 0, J);
  for (let s = 0; s < S; s++) {
    const size = market.marketSize[s];
    const row = s * J;
    for (let j = 0; j < J; j++) out[j] += size * shares[row + j];
  }
}

// ln(1 + sum_j exp(v_sj)) over available j for segment s: the inclusive value, stable for large utilities.
export function segmentInclusiveValue(market: LogitMarket, prices: ArrayLike<number>, segment: number): number {
  const J = market.productCount;
  const row = segment * J;
  const alpha = market.priceSensitivity[segment];
  let largest = 0;
  for (let j = 0; j < J; j++) {
    if (market.available[row + j] === 0) continue;
    const utility = market.meanUtility[row + j] - alpha * prices[j];
    if (utility > largest) largest = utility;
  }
  let sum = 0;
  for (let j = 0; j < J; j++) {
    if (market.available[row + j] === 0) continue;
    sum += Math.exp(market.meanUtility[row + j] - alpha * prices[j] - largest);
  }
  return largest === 0 ? Math.log1p(sum) : largest + Math.log(Math.exp(-largest) + sum);
}

// CS = sum_s CS_s, CS_s = (M_s / alpha_s) ln(1 + sum_j exp(v_sj)) (price x units, zero when nothing is bought); optionally fills outPerSegment (length S).
export function consumerSurplus(market: LogitMarket, prices: ArrayLike<number>, outPerSegment?: Float64Array): number {
  let total = 0;
  for (let s = 0; s < market.segmentCount; s++) {
    const size = market.marketSize[s];
    const surplus = size === 0 ? 0 : (size / market.priceSensitivity[s]) * segmentInclusiveValue(market, prices, s);
    if (outPerSegment) outPerSegment[s] = surplus;
    total += surplus;
  }
  return total;
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
