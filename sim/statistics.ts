// Statistics across replicate seeds, defined once for the what-if page and the claims report (the
// study tables compute the same with arquero: sim/experiment/tables.ts):
//   quantiles by linear interpolation between order statistics, Hyndman & Fan type 7 (R's and
//   numpy's default, and arquero's op.quantile); simple-statistics' quantileSorted uses another
//   definition and arquero's op.quantile works only inside table queries, hence the function here;
//   mean and standard deviation with plain sums, as arquero's op.mean and op.stdev, so the page's
//   numbers equal the CLI's tables to the last bit.
// Portable.
import type { StatRow } from "./report/charts.js";

// q_p = x_(floor h) + (h - floor h) (x_(floor h + 1) - x_(floor h)),  h = (n - 1) p  (0-based, sorted x)
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** n, mean, median, q05, q95, se of the non-NaN values. */
export function seedStatistics(values: readonly number[]): Pick<StatRow, "n" | "mean" | "median" | "q05" | "q95" | "se"> {
  const valid = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  const n = valid.length;
  if (n === 0) return { n: 0, mean: Number.NaN, median: Number.NaN, q05: Number.NaN, q95: Number.NaN, se: Number.NaN };
  let sum = 0;
  for (const v of valid) sum += v;
  const mean = sum / n;
  let squares = 0;
  for (const v of valid) squares += (v - mean) ** 2;
  // se = sd / sqrt(n), sd with the n - 1 denominator
  const se = n > 1 ? Math.sqrt(squares / (n - 1)) / Math.sqrt(n) : Number.NaN;
  return { n, mean, median: quantileSorted(valid, 0.5), q05: quantileSorted(valid, 0.05), q95: quantileSorted(valid, 0.95), se };
}

/** q-quantile (type 7) of the non-NaN values, in any order. */
export function quantile(values: readonly number[], p: number): number {
  return quantileSorted(values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b), p);
}
