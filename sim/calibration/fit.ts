// Fitting the model to the target moments by rejection ABC (approximate Bayesian computation) with
// an SMM-style distance: parameter draws from the priors (a Latin-hypercube sweep of the study
// machinery), each run on the same seeds; for each draw the mean over seeds of the moment vector;
// the weighted distance to the data; the closest draws are the posterior sample and the closest
// one the point estimate. docs/CALIBRATION.md states the method, the weights and what is identified.
// Portable.
import { quantile } from "../statistics.js";
import { EPOCH_CREDIT, MIN_COST_ESTIMATES_PER_YEAR, trainingComputeTrend, trainingCostTrend, type MomentId, type MomentRow } from "./moments.js";

/** Components of the fitted vector: a moment in a year (`<moment>@<year>`) or a trend (`trend:<name>`). */
export type FitVector = Map<string, number>;

const COUNT_MOMENT = /^(organizations|models)_/;
const LOG_MOMENTS: readonly MomentId[] = ["largest_training_flop", "largest_training_cost_usd"];

// counts enter as ln(1 + n), FLOP and costs as log10, shares as they are, trends as log10(growth per year)
export function transformMoment(moment: MomentId, value: number): number {
  if (COUNT_MOMENT.test(moment)) return Math.log1p(value);
  if (LOG_MOMENTS.includes(moment)) return value > 0 ? Math.log10(value) : Number.NaN;
  return value;
}

/**
 * The vector a fit compares: every moment-year with a defined value (a cost year only with at least
 * MIN_COST_ESTIMATES_PER_YEAR estimates, as for the cost trend), and the two trends.
 */
export function fitVector(rows: readonly MomentRow[]): FitVector {
  const vector: FitVector = new Map();
  for (const r of rows) {
    if (r.value === null) continue;
    if (r.moment === "largest_training_cost_usd" && r.basis < MIN_COST_ESTIMATES_PER_YEAR) continue;
    const value = transformMoment(r.moment, r.value);
    if (Number.isFinite(value)) vector.set(`${r.moment}@${r.year}`, value);
  }
  for (const [name, trend] of [["training compute", trainingComputeTrend(rows)], ["training cost", trainingCostTrend(rows)]] as const)
    if (Number.isFinite(trend.growthPerYear) && trend.growthPerYear > 0) vector.set(`trend:${name}`, Math.log10(trend.growthPerYear));
  return vector;
}

/** Mean over seeds of each component, over the seeds where it is defined. */
export function meanVector(vectors: readonly FitVector[]): FitVector {
  const sums = new Map<string, { sum: number; n: number }>();
  for (const v of vectors)
    for (const [key, value] of v) {
      const s = sums.get(key) ?? { sum: 0, n: 0 };
      s.sum += value;
      s.n += 1;
      sums.set(key, s);
    }
  return new Map([...sums].map(([key, s]) => [key, s.sum / s.n]));
}

// w_i = 1 / Var(m_i) over every run of every draw (the spread of the moment under the priors);
// a component that never varies carries no information about the parameters and gets no weight
export function priorPredictiveWeights(byDraw: readonly (readonly FitVector[])[]): FitVector {
  const all = byDraw.flat();
  const mean = meanVector(all);
  const squares = new Map<string, { sum: number; n: number }>();
  for (const v of all)
    for (const [key, value] of v) {
      const s = squares.get(key) ?? { sum: 0, n: 0 };
      s.sum += (value - mean.get(key)!) ** 2;
      s.n += 1;
      squares.set(key, s);
    }
  const weights: FitVector = new Map();
  for (const [key, s] of squares) {
    const variance = s.n > 1 ? s.sum / (s.n - 1) : 0;
    if (variance > 0) weights.set(key, 1 / variance);
  }
  return weights;
}

// J(theta) = sum_i w_i (d_i - m_i(theta))^2 over the components defined in the data, the draw's mean and the weights
export function fitDistance(data: FitVector, simulatedMean: FitVector, weights: FitVector): number {
  let distance = 0;
  for (const [key, d] of data) {
    const m = simulatedMean.get(key);
    const w = weights.get(key);
    if (m === undefined || w === undefined) continue;
    distance += w * (d - m) ** 2;
  }
  return distance;
}

export interface Draw {
  point: number;
  params: Record<string, number>;
  distance: number;
  accepted: boolean;
}

export interface PosteriorSummary {
  path: string;
  priorMin: number;
  priorMax: number;
  /** the prior's scale: uniform, or uniform in log10 */
  scale: "linear" | "log";
  mean: number;
  q05: number;
  q95: number;
  /** width of the 90% posterior interval over the prior's width, on the prior's scale */
  intervalShareOfPrior: number;
  /** the interval is at most IDENTIFIED_INTERVAL_SHARE of the prior: the moments narrow the parameter */
  identified: boolean;
}

/** A parameter counts as identified by the moments when its 90% posterior interval spans at most this share of its prior. */
export const IDENTIFIED_INTERVAL_SHARE = 0.5;

// share = (g(q95) - g(q05)) / (g(max) - g(min)), g = identity or log10 (the prior's scale)
export function intervalShareOfPrior(q05: number, q95: number, min: number, max: number, scale: "linear" | "log"): number {
  const g = scale === "log" ? Math.log10 : (x: number) => x;
  return (g(q95) - g(q05)) / (g(max) - g(min));
}

export interface AbcResult {
  draws: Draw[];
  /** the draw with the smallest distance (ties: the lower point number) */
  best: Draw;
  posterior: PosteriorSummary[];
  /** components of the distance and their weights */
  weights: FitVector;
  accepted: number;
}

/**
 * Rejection ABC: `simulated[k][s]` is the moment rows of draw k, seed s; `params[k]` its parameter
 * values. Accepts the ceil(acceptShare x K) draws closest to the data.
 */
export function rejectionAbc(
  data: readonly MomentRow[],
  simulated: readonly (readonly (readonly MomentRow[])[])[],
  params: readonly Record<string, number>[],
  priors: readonly { path: string; min: number; max: number; scale?: "linear" | "log" }[],
  acceptShare: number,
): AbcResult {
  if (simulated.length === 0) throw new RangeError("rejectionAbc: expected at least one draw");
  if (!(acceptShare > 0 && acceptShare <= 1)) throw new RangeError(`rejectionAbc: acceptShare must be in (0, 1], got ${acceptShare}`);
  const target = fitVector(data);
  const vectors = simulated.map((seeds) => seeds.map(fitVector));
  const weights = priorPredictiveWeights(vectors);
  const draws: Draw[] = vectors.map((seeds, point) => ({ point, params: params[point], distance: fitDistance(target, meanVector(seeds), weights), accepted: false }));
  const ranked = [...draws].sort((a, b) => a.distance - b.distance || a.point - b.point);
  const accepted = Math.max(1, Math.ceil(acceptShare * draws.length));
  for (const d of ranked.slice(0, accepted)) d.accepted = true;
  const kept = draws.filter((d) => d.accepted);
  const posterior = priors.map(({ path, min, max, scale = "linear" }) => {
    const values = kept.map((d) => d.params[path]);
    const q05 = quantile(values, 0.05);
    const q95 = quantile(values, 0.95);
    const share = intervalShareOfPrior(q05, q95, min, max, scale);
    return { path, priorMin: min, priorMax: max, scale, mean: values.reduce((a, b) => a + b, 0) / values.length, q05, q95, intervalShareOfPrior: share, identified: share <= IDENTIFIED_INTERVAL_SHARE };
  });
  return { draws, best: ranked[0], posterior, weights, accepted };
}

/** A parameter value for a table: 3 decimals, or exponent form for very large or very small magnitudes (2.000e-18). */
export function formatParameter(x: number): string {
  return Math.abs(x) >= 1e4 || (Math.abs(x) < 1e-2 && x !== 0) ? x.toExponential(3) : x.toFixed(3);
}

/** The fit as Markdown: the posterior of each parameter against its prior, the best draw, the credit line. */
export function abcMarkdown(
  result: AbcResult,
  context: { study: string; scenario: string; seeds: number; masterSeed: number; fitYears?: readonly number[] },
  after = "",
): string {
  const fmt = formatParameter;
  const lines = [
    `# Calibration fit: ${context.study}`,
    "",
    `Rejection ABC on scenario ${context.scenario}: ${result.draws.length} draws from the priors (Latin hypercube, master seed ${context.masterSeed}), ` +
      `each on the same ${context.seeds} seeds; distance J = sum of w_i (data_i - model mean_i)^2 over ${result.weights.size} moment components, ` +
      `w_i = 1 / the component's variance over all runs (components that never vary left out); the ${result.accepted} closest draws form the posterior sample.` +
      (context.fitYears ? ` Fitted on the moments of ${context.fitYears[0]}-${context.fitYears[context.fitYears.length - 1]} only (the trends too).` : ""),
    "",
    "| parameter | prior | posterior mean | posterior 5% | posterior 95% | best draw | 90% interval / prior | identified |",
    "|---|---|---|---|---|---|---|---|",
    ...result.posterior.map(
      (p) =>
        `| ${p.path} | ${fmt(p.priorMin)}-${fmt(p.priorMax)}${p.scale === "log" ? " (log)" : ""} | ${fmt(p.mean)} | ${fmt(p.q05)} | ${fmt(p.q95)} | ${fmt(result.best.params[p.path])} | ` +
        `${(100 * p.intervalShareOfPrior).toFixed(0)}% | ${p.identified ? "yes" : "no"} |`,
    ),
    "",
    `A parameter is identified when its 90% posterior interval spans at most ${100 * IDENTIFIED_INTERVAL_SHARE}% of its prior (on the prior's scale); ` +
      "the others are not identified by these moments: the data leave them about where the prior put them, and they stay assumptions.",
    "",
    `Best draw: point ${result.best.point}, J = ${fmt(result.best.distance)}.`,
    "",
    ...(after ? [after] : []),
    EPOCH_CREDIT,
    "",
  ];
  return lines.join("\n");
}

/** A parameter's estimate to write into a scenario: the posterior mean to 4 significant digits. */
export function scenarioEstimate(mean: number): number {
  return Number(mean.toPrecision(4));
}
