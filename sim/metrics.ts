// Market concentration: HHI, CR_k and the 2023 US merger-guideline band.
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

/**
 * HHI = 10000 sum_i (x_i / (sum_k x_k + F))^2: firms of sizes x_i beside a competitive fringe of total
 * size F made of many atomistic sellers (each too small to add to the sum of squares). F = 0 is the
 * plain HHI; 0 when there is nothing at all.
 */
export function herfindahlWithFringe(sizes: ArrayLike<number>, fringe: number): number {
  assertNonNegativeFinite(sizes, "sizes");
  if (!(fringe >= 0) || !Number.isFinite(fringe)) throw new RangeError(`herfindahlWithFringe: expected a fringe >= 0, got ${fringe}`);
  let total = fringe;
  for (let i = 0; i < sizes.length; i++) total += sizes[i];
  if (total === 0) return 0;
  let sumOfSquares = 0;
  for (let i = 0; i < sizes.length; i++) sumOfSquares += (sizes[i] / total) * (sizes[i] / total);
  return 10000 * sumOfSquares;
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
