// Market metrics: concentration (HHI, CR_k) and the US merger-guideline bands, plus helpers.
// Pure and portable: no Node-only imports.

// Negative or non-finite values cannot be shares or sizes: refuse them with a message naming the position.
function assertNonNegativeFinite(values: ArrayLike<number>, what: string): void {
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (!(value >= 0) || !Number.isFinite(value))
      throw new RangeError(`${what}[${i}]: expected a finite number >= 0, found ${value}`);
  }
}

// HHI = 10000 * sum_i s_i^2 with s_i = x_i / sum_k x_k (any non-negative sizes: shares, revenue, units); 0 when the sum is 0 or the list is empty.
export function herfindahl(shares: ArrayLike<number>): number {
  assertNonNegativeFinite(shares, "shares");
  let largest = 0;
  for (let i = 0; i < shares.length; i++) if (shares[i] > largest) largest = shares[i];
  if (largest === 0) return 0;
  // Scale by the largest value so huge or tiny sizes neither overflow nor underflow; N equal sizes give exactly 10000 / N.
  let sum = 0;
  let sumOfSquares = 0;
  for (let i = 0; i < shares.length; i++) {
    const scaled = shares[i] / largest;
    sum += scaled;
    sumOfSquares += scaled * scaled;
  }
  return (10000 * sumOfSquares) / (sum * sum);
}

// share_f = sum_{j owned by f} x_j / sum_j x_j: product values (revenue, units) aggregated to owner shares (fractions; all 0 when the total is 0). Length ownerCount.
export function sharesByOwner(values: ArrayLike<number>, owner: Int32Array, ownerCount: number): Float64Array {
  if (values.length !== owner.length)
    throw new RangeError(`sharesByOwner: values has length ${values.length} but owner has length ${owner.length}`);
  assertNonNegativeFinite(values, "values");
  const shares = new Float64Array(ownerCount);
  let total = 0;
  for (let j = 0; j < values.length; j++) {
    const firm = owner[j];
    if (firm < 0 || firm >= ownerCount)
      throw new RangeError(`owner[${j}]: expected a firm index in 0..${ownerCount - 1}, found ${firm}`);
    shares[firm] += values[j];
    total += values[j];
  }
  if (total > 0) for (let f = 0; f < ownerCount; f++) shares[f] /= total;
  return shares;
}

export type ConcentrationBand = "unconcentrated" | "moderately concentrated" | "highly concentrated";

// 2023 US Merger Guidelines: HHI > 1800 is highly concentrated. The 2023 text defines no lower
// band; the 1000 boundary for "unconcentrated" is that of the 1982-1997 guidelines, used here as
// asked: HHI < 1000 unconcentrated, 1000 <= HHI <= 1800 moderately, HHI > 1800 highly concentrated.
export function hhiBand2023(hhi: number): ConcentrationBand {
  if (hhi > 1800) return "highly concentrated";
  if (hhi >= 1000) return "moderately concentrated";
  return "unconcentrated";
}

// 2010 US Horizontal Merger Guidelines (section 5.3): HHI < 1500 unconcentrated, 1500 <= HHI <= 2500 moderately, HHI > 2500 highly concentrated.
export function hhiBand2010(hhi: number): ConcentrationBand {
  if (hhi > 2500) return "highly concentrated";
  if (hhi >= 1500) return "moderately concentrated";
  return "unconcentrated";
}

// 2023 Guideline 1 structural presumption: Delta HHI > 100 and post-merger HHI > 1800.
export function hhiChangeSignificant2023(hhiBefore: number, hhiAfter: number): boolean {
  return hhiAfter - hhiBefore > 100 && hhiAfter > 1800;
}

// CR_k = sum of the k largest shares s_i = x_i / sum x (a fraction in [0, 1]); 0 when the sum is 0.
export function concentrationRatio(shares: ArrayLike<number>, k = 4): number {
  assertNonNegativeFinite(shares, "shares");
  let total = 0;
  for (let i = 0; i < shares.length; i++) total += shares[i];
  if (total === 0) return 0;
  const descending = Float64Array.from(shares).sort().reverse();
  let top = 0;
  for (let i = 0; i < Math.min(k, descending.length); i++) top += descending[i];
  return Math.min(1, top / total);
}

// mean = sum_i w_i x_i / sum_i w_i; NaN when the weights sum to 0 (nothing to average).
export function weightedMean(values: ArrayLike<number>, weights: ArrayLike<number>): number {
  if (values.length !== weights.length)
    throw new RangeError(`weightedMean: values has length ${values.length} but weights has length ${weights.length}`);
  let weightSum = 0;
  let weightedSum = 0;
  for (let i = 0; i < values.length; i++) {
    const weight = weights[i];
    if (weight === 0) continue;
    weightSum += weight;
    weightedSum += weight * values[i];
  }
  return weightSum === 0 ? Number.NaN : weightedSum / weightSum;
}
