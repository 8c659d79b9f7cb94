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
