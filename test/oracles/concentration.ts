// Reference functions only tests call (oracles): owner shares from product values, the 2010
// merger-guideline bands, the 2023 significant-change rule and a weighted mean. They moved here
// from sim/metrics.ts, which keeps what the model computes (HHI, CR_k, the 2023 band).
import type { ConcentrationBand } from "../../sim/metrics.js";

// Negative or non-finite values cannot be shares or sizes: refuse them with a message naming the position.
function assertNonNegativeFinite(values: ArrayLike<number>, what: string): void {
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (!(value >= 0) || !Number.isFinite(value))
      throw new RangeError(`${what}[${i}]: expected a finite number >= 0, found ${value}`);
  }
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
