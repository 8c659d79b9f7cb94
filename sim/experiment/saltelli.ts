// Variance-based global sensitivity: Saltelli's sampling scheme and the Sobol' indices estimated
// from it, with bootstrap intervals. Portable (no Node imports).
//
// Design (Saltelli 2002; Saltelli et al. 2010): two independent N x d matrices A and B, the first
// and last d columns of a 2d-dimensional Sobol' sequence, and for each parameter i the matrix
// A_B^(i): A with column i taken from B. The model runs on every row of A, B and each A_B^(i):
// N (d + 2) runs; with second-order indices also on each B_A^(i) (B with column i from A):
// N (2d + 2). Rows come in SALib's order, one block per base row j:
//   A_j, A_B^(1)_j .. A_B^(d)_j, [B_A^(1)_j .. B_A^(d)_j,] B_j
// so that a reader can check moat against SALib on the same outputs.
//
// Estimators, with f the outputs centred on their mean and V = Var([f(A); f(B)]) (population form):
//   first order S_i  = mean(f(B) (f(A_B^i) - f(A))) / V                 (Saltelli et al. 2010, table 2 (b))
//   total       ST_i = mean((f(A) - f(A_B^i))^2) / (2 V)                 (Jansen 1999)
//   second order S_ij = mean(f(B_A^i) f(A_B^j) - f(A) f(B)) / V - S_i - S_j   (Saltelli 2002)
// Intervals: percentile bootstrap over the N base rows (resampled with replacement, the same
// resample for every index), draws from the seedrandom stream "sobol-bootstrap" of the given seed.
import { streamFor } from "../random.js";
import { quantileSorted } from "../statistics.js";
import type { Point, RangeParameter } from "./sampling.js";
import { isPowerOfTwo, nearestPowerOfTwo, pointsFromUnitRows, sobolPoints, SOBOL_MAX_DIMENSIONS, type SobolOptions } from "./sobol-sequence.js";

export interface SaltelliOptions {
  /** also run the B_A^(i) rows, for second-order indices (default false: N (d + 2) runs) */
  secondOrder?: boolean;
  /** randomise the Sobol' points by a digital shift from this seed (default: unshifted) */
  digitalShiftSeed?: number;
}

/** Runs a Saltelli design needs: N (d + 2), or N (2d + 2) with second-order indices. */
export function saltelliRunCount(parameterCount: number, baseCount: number, secondOrder = false): number {
  return baseCount * (secondOrder ? 2 * parameterCount + 2 : parameterCount + 2);
}

/** The unit-cube rows of a Saltelli design, in the block order above. `baseCount` N must be a power of two. */
export function saltelliUnitRows(parameterCount: number, baseCount: number, options: SaltelliOptions = {}): number[][] {
  const d = parameterCount;
  if (!Number.isInteger(d) || d < 1 || 2 * d > SOBOL_MAX_DIMENSIONS)
    throw new RangeError(`Saltelli design: the parameter count must be a whole number from 1 to ${SOBOL_MAX_DIMENSIONS / 2}, got ${d}`);
  if (!isPowerOfTwo(baseCount))
    throw new RangeError(
      `Saltelli design: the base sample size N must be a power of two (Sobol' points are balanced in blocks of 2^k), got ${baseCount}; try ${nearestPowerOfTwo(baseCount)}`,
    );
  const sobolOptions: SobolOptions = options.digitalShiftSeed === undefined ? {} : { digitalShiftSeed: options.digitalShiftSeed };
  const base = sobolPoints(baseCount, 2 * d, sobolOptions);
  const rows: number[][] = [];
  for (const point of base) {
    const a = point.slice(0, d);
    const b = point.slice(d);
    rows.push(a);
    for (let i = 0; i < d; i++) rows.push(a.map((value, k) => (k === i ? b[i] : value)));
    if (options.secondOrder) for (let i = 0; i < d; i++) rows.push(b.map((value, k) => (k === i ? a[i] : value)));
    rows.push(b);
  }
  return rows;
}

/** A Saltelli design over parameter ranges (linear or log scale, as sampling.ts maps them). */
export function saltelliPoints(parameters: readonly RangeParameter[], baseCount: number, options: SaltelliOptions = {}): Point[] {
  return pointsFromUnitRows(parameters, saltelliUnitRows(parameters.length, baseCount, options));
}

/** An estimate with its bootstrap interval. */
export interface IntervalEstimate {
  estimate: number;
  /** lower end of the percentile bootstrap interval */
  low: number;
  /** upper end */
  high: number;
}

export interface SobolIndexRow {
  parameter: string;
  firstOrder: IntervalEstimate;
  total: IntervalEstimate;
}

export interface SecondOrderRow {
  parameters: [string, string];
  secondOrder: IntervalEstimate;
}

export interface SobolAnalysis {
  baseCount: number;
  /** Var of the outputs over A and B (population form), in the output's unit squared */
  outputVariance: number;
  confidence: number;
  resamples: number;
  indices: SobolIndexRow[];
  /** pairs i < j, when the design had the B_A rows */
  secondOrder?: SecondOrderRow[];
}

export interface SobolAnalysisOptions {
  /** the design had B_A^(i) rows (must match the design) */
  secondOrder?: boolean;
  /** bootstrap resamples (default 1000) */
  resamples?: number;
  /** two-sided interval level (default 0.95) */
  confidence?: number;
  /** seed of the bootstrap stream (default 0) */
  seed?: number;
}

// The outputs of one design, split into its matrices and centred on the mean of all outputs.
interface SplitOutputs {
  a: Float64Array;
  b: Float64Array;
  ab: Float64Array[]; // ab[i][j] = f(A_B^(i)_j)
  ba: Float64Array[];
}

function splitOutputs(outputs: ArrayLike<number>, d: number, secondOrder: boolean): SplitOutputs {
  const step = secondOrder ? 2 * d + 2 : d + 2;
  if (outputs.length === 0 || outputs.length % step !== 0)
    throw new RangeError(
      `Sobol' analysis: ${outputs.length} outputs is not a multiple of ${step} (${d} parameters, ${secondOrder ? "with" : "without"} second order); was the design made with the same options?`,
    );
  let sum = 0;
  for (let r = 0; r < outputs.length; r++) {
    if (!Number.isFinite(outputs[r])) throw new RangeError(`Sobol' analysis: output ${r} is ${outputs[r]}; every run of the design needs a finite value`);
    sum += outputs[r];
  }
  const mean = sum / outputs.length;
  const n = outputs.length / step;
  const split: SplitOutputs = {
    a: new Float64Array(n),
    b: new Float64Array(n),
    ab: Array.from({ length: d }, () => new Float64Array(n)),
    ba: secondOrder ? Array.from({ length: d }, () => new Float64Array(n)) : [],
  };
  for (let j = 0; j < n; j++) {
    const at = j * step;
    split.a[j] = outputs[at] - mean;
    for (let i = 0; i < d; i++) split.ab[i][j] = outputs[at + 1 + i] - mean;
    if (secondOrder) for (let i = 0; i < d; i++) split.ba[i][j] = outputs[at + 1 + d + i] - mean;
    split.b[j] = outputs[at + step - 1] - mean;
  }
  return split;
}

// V = (1 / 2N) sum_j (a_j^2 + b_j^2) - ((1 / 2N) sum_j (a_j + b_j))^2 over the rows `rows` (a resample)
function varianceOf(a: Float64Array, b: Float64Array, rows: Int32Array): number {
  let sum = 0;
  let squares = 0;
  for (let r = 0; r < rows.length; r++) {
    const j = rows[r];
    sum += a[j] + b[j];
    squares += a[j] * a[j] + b[j] * b[j];
  }
  const count = 2 * rows.length;
  const mean = sum / count;
  return squares / count - mean * mean;
}

// S_i = mean_j(b_j (ab_j - a_j)) / V   (Saltelli et al. 2010)
export function firstOrderEstimate(a: Float64Array, ab: Float64Array, b: Float64Array, rows: Int32Array, variance: number): number {
  let sum = 0;
  for (let r = 0; r < rows.length; r++) {
    const j = rows[r];
    sum += b[j] * (ab[j] - a[j]);
  }
  return sum / rows.length / variance;
}

// ST_i = mean_j((a_j - ab_j)^2) / (2 V)   (Jansen 1999)
export function totalEstimate(a: Float64Array, ab: Float64Array, rows: Int32Array, variance: number): number {
  let sum = 0;
  for (let r = 0; r < rows.length; r++) {
    const j = rows[r];
    sum += (a[j] - ab[j]) ** 2;
  }
  return sum / rows.length / (2 * variance);
}

// V_ij / V = mean_j(ba^i_j ab^k_j - a_j b_j) / V   (Saltelli 2002); S_ij = V_ij / V - S_i - S_k
function closedSecondOrderEstimate(a: Float64Array, b: Float64Array, baI: Float64Array, abK: Float64Array, rows: Int32Array, variance: number): number {
  let sum = 0;
  for (let r = 0; r < rows.length; r++) {
    const j = rows[r];
    sum += baI[j] * abK[j] - a[j] * b[j];
  }
  return sum / rows.length / variance;
}

/**
 * First-order and total Sobol' indices (and second-order ones when the design has them) of the
 * outputs of a Saltelli design, in the design's row order, one value per run. `parameters` names
 * the design's columns in order. Indices are NaN when the outputs do not vary (V = 0).
 */
export function sobolIndices(outputs: ArrayLike<number>, parameters: readonly string[], options: SobolAnalysisOptions = {}): SobolAnalysis {
  const d = parameters.length;
  const secondOrder = options.secondOrder ?? false;
  const resamples = options.resamples ?? 1000;
  const confidence = options.confidence ?? 0.95;
  if (d < 1) throw new RangeError("Sobol' analysis: name at least one parameter");
  if (!Number.isInteger(resamples) || resamples < 0) throw new RangeError(`Sobol' analysis: resamples must be a whole number >= 0, got ${resamples}`);
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`Sobol' analysis: confidence must lie strictly between 0 and 1, got ${confidence}`);
  const split = splitOutputs(outputs, d, secondOrder);
  const n = split.a.length;
  const allRows = Int32Array.from({ length: n }, (_, j) => j);

  // one estimate of every index on the rows `rows`: [S_1..S_d, ST_1..ST_d, S_12, S_13, .., S_(d-1)d]
  const pairs: [number, number][] = [];
  if (secondOrder) for (let i = 0; i < d; i++) for (let k = i + 1; k < d; k++) pairs.push([i, k]);
  const estimateAll = (rows: Int32Array): Float64Array => {
    const values = new Float64Array(2 * d + pairs.length);
    const variance = varianceOf(split.a, split.b, rows);
    for (let i = 0; i < d; i++) {
      values[i] = firstOrderEstimate(split.a, split.ab[i], split.b, rows, variance);
      values[d + i] = totalEstimate(split.a, split.ab[i], rows, variance);
    }
    pairs.forEach(([i, k], p) => {
      values[2 * d + p] = closedSecondOrderEstimate(split.a, split.b, split.ba[i], split.ab[k], rows, variance) - values[i] - values[k];
    });
    return values;
  };

  const point = estimateAll(allRows);
  const draws = Array.from({ length: point.length }, () => new Float64Array(resamples));
  const draw = streamFor(options.seed ?? 0, "sobol-bootstrap");
  const resample = new Int32Array(n);
  for (let r = 0; r < resamples; r++) {
    for (let j = 0; j < n; j++) resample[j] = Math.floor(draw() * n);
    const values = estimateAll(resample);
    for (let m = 0; m < values.length; m++) draws[m][r] = values[m];
  }
  const interval = (m: number): IntervalEstimate => {
    if (resamples === 0 || Number.isNaN(point[m])) return { estimate: point[m], low: Number.NaN, high: Number.NaN };
    const sorted = draws[m].sort();
    return { estimate: point[m], low: quantileSorted(sorted, (1 - confidence) / 2), high: quantileSorted(sorted, (1 + confidence) / 2) };
  };

  const analysis: SobolAnalysis = {
    baseCount: n,
    outputVariance: varianceOf(split.a, split.b, allRows),
    confidence,
    resamples,
    indices: parameters.map((parameter, i) => ({ parameter, firstOrder: interval(i), total: interval(d + i) })),
  };
  if (secondOrder) analysis.secondOrder = pairs.map(([i, k], p) => ({ parameters: [parameters[i], parameters[k]], secondOrder: interval(2 * d + p) }));
  return analysis;
}
