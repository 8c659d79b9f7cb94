// Screening by elementary effects (Morris 1991), with Campolongo, Cariboni & Saltelli's (2007) mu*.
// Portable (no Node imports).
//
// Design: r trajectories on a p-level grid {0, 1/(p-1), .., 1} of the unit cube. Each trajectory
// starts at a random grid point and moves one parameter at a time, in a random order, by
// Delta = p / (2 (p - 1)) up or down (a random direction per parameter), so it has d + 1 points and
// gives one elementary effect per parameter:
//   EE_i = (f(x + Delta e_i) - f(x)) / Delta      (the sign of the step taken into account)
// in output units per whole range of the parameter (the unit cube's coordinates), so the effects of
// parameters with different units compare. Over the r trajectories:
//   mu_i = mean EE_i,  mu*_i = mean |EE_i| (Campolongo 2007),  sigma_i = sd EE_i (n - 1 denominator),
// as SALib reports them; mu*'s interval is a percentile bootstrap over the trajectories.
// The trajectories are Morris's random ones (not Campolongo's spread-maximising selection). Draws
// come from the seedrandom stream "morris-trajectories" of the seed; the bootstrap from "morris-bootstrap".
import { streamFor, type Stream } from "../random.js";
import { quantileSorted } from "../statistics.js";
import type { Point, RangeParameter } from "./sampling.js";
import type { IntervalEstimate } from "./saltelli.js";
import { pointsFromUnitRows } from "./sobol-sequence.js";

export interface MorrisOptions {
  /** grid levels p (even, >= 2; default 4) */
  levels?: number;
  /** seed of the trajectory stream (default 0) */
  seed?: number;
}

// Delta = p / (2 (p - 1))
export function morrisStep(levels: number): number {
  return levels / (2 * (levels - 1));
}

function checkLevels(levels: number): void {
  if (!Number.isInteger(levels) || levels < 2 || levels % 2 !== 0)
    throw new RangeError(`Morris: levels must be an even whole number >= 2 (so that every step Delta = p / (2 (p - 1)) stays on the grid), got ${levels}`);
}

function shuffled(count: number, draw: Stream): number[] {
  const order = Array.from({ length: count }, (_, i) => i);
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(draw() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

/**
 * Unit-cube rows of `trajectories` Morris trajectories of d + 1 points each, trajectory after
 * trajectory. Parameter i starts at a grid level l / (p - 1) <= 1 - Delta; going up it moves from
 * there to there + Delta, going down from there + Delta to there.
 */
export function morrisUnitRows(parameterCount: number, trajectories: number, options: MorrisOptions = {}): number[][] {
  const levels = options.levels ?? 4;
  checkLevels(levels);
  if (!Number.isInteger(parameterCount) || parameterCount < 1) throw new RangeError(`Morris: the parameter count must be a whole number >= 1, got ${parameterCount}`);
  if (!Number.isInteger(trajectories) || trajectories < 2) throw new RangeError(`Morris: at least 2 trajectories are needed for sigma, got ${trajectories}`);
  const d = parameterCount;
  const delta = morrisStep(levels);
  const lowStarts = levels / 2; // grid levels 0 .. p/2 - 1 lie at or below 1 - Delta
  const draw = streamFor(options.seed ?? 0, "morris-trajectories");
  const rows: number[][] = [];
  for (let t = 0; t < trajectories; t++) {
    const low = Array.from({ length: d }, () => Math.floor(draw() * lowStarts) / (levels - 1));
    const up = Array.from({ length: d }, () => draw() < 0.5);
    const order = shuffled(d, draw);
    let point = low.map((value, i) => (up[i] ? value : value + delta));
    rows.push(point);
    for (const i of order) {
      point = point.slice();
      point[i] = up[i] ? low[i] + delta : low[i];
      rows.push(point);
    }
  }
  return rows;
}

/** A Morris design over parameter ranges: the unit rows (needed by the analysis) and the points to run. */
export function morrisPoints(parameters: readonly RangeParameter[], trajectories: number, options: MorrisOptions = {}): { unitRows: number[][]; points: Point[] } {
  const unitRows = morrisUnitRows(parameters.length, trajectories, options);
  return { unitRows, points: pointsFromUnitRows(parameters, unitRows) };
}

export interface MorrisRow {
  parameter: string;
  /** mean elementary effect, output units per whole range of the parameter */
  mu: number;
  /** mean absolute elementary effect, with its bootstrap interval */
  muStar: IntervalEstimate;
  /** standard deviation of the elementary effects (n - 1 denominator): non-linearity or interaction */
  sigma: number;
  /** the elementary effects, one per trajectory */
  effects: number[];
}

export interface MorrisAnalysisOptions {
  /** bootstrap resamples for mu* (default 1000) */
  resamples?: number;
  /** two-sided interval level (default 0.95) */
  confidence?: number;
  /** seed of the bootstrap stream (default 0) */
  seed?: number;
}

/**
 * Elementary effects of each parameter from a Morris design's unit rows and the outputs of its runs
 * (same order). Each consecutive pair of points in a trajectory must differ in exactly one parameter.
 */
export function morrisEffects(
  unitRows: readonly (readonly number[])[],
  outputs: ArrayLike<number>,
  parameters: readonly string[],
  options: MorrisAnalysisOptions = {},
): MorrisRow[] {
  const d = parameters.length;
  const size = d + 1;
  const resamples = options.resamples ?? 1000;
  const confidence = options.confidence ?? 0.95;
  if (d < 1) throw new RangeError("Morris analysis: name at least one parameter");
  if (unitRows.length !== outputs.length) throw new RangeError(`Morris analysis: ${unitRows.length} design rows but ${outputs.length} outputs`);
  if (unitRows.length === 0 || unitRows.length % size !== 0)
    throw new RangeError(`Morris analysis: ${unitRows.length} rows is not a whole number of trajectories of ${size} points (${d} parameters)`);
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`Morris analysis: confidence must lie strictly between 0 and 1, got ${confidence}`);
  const trajectories = unitRows.length / size;
  const effects: number[][] = parameters.map(() => []);
  for (let t = 0; t < trajectories; t++) {
    for (let k = 1; k < size; k++) {
      const before = unitRows[t * size + k - 1];
      const after = unitRows[t * size + k];
      const moved = after.map((value, i) => (value !== before[i] ? i : -1)).filter((i) => i >= 0);
      if (moved.length !== 1)
        throw new RangeError(`Morris analysis: trajectory ${t} step ${k} changes ${moved.length} parameters; each step must change exactly one`);
      const i = moved[0];
      const y0 = outputs[t * size + k - 1];
      const y1 = outputs[t * size + k];
      if (!Number.isFinite(y0) || !Number.isFinite(y1)) throw new RangeError(`Morris analysis: trajectory ${t} has a non-finite output (${y0}, ${y1})`);
      // EE_i = (f(after) - f(before)) / (x_i(after) - x_i(before))
      effects[i].push((y1 - y0) / (after[i] - before[i]));
    }
  }
  const draw = streamFor(options.seed ?? 0, "morris-bootstrap");
  return parameters.map((parameter, i) => {
    const ee = effects[i];
    const n = ee.length;
    let sum = 0;
    let absolute = 0;
    for (const e of ee) {
      sum += e;
      absolute += Math.abs(e);
    }
    const mu = sum / n;
    let squares = 0;
    for (const e of ee) squares += (e - mu) ** 2;
    const boot = new Float64Array(resamples);
    for (let r = 0; r < resamples; r++) {
      let total = 0;
      for (let j = 0; j < n; j++) total += Math.abs(ee[Math.floor(draw() * n)]);
      boot[r] = total / n;
    }
    boot.sort();
    const muStar: IntervalEstimate = {
      estimate: absolute / n,
      low: resamples > 0 ? quantileSorted(boot, (1 - confidence) / 2) : Number.NaN,
      high: resamples > 0 ? quantileSorted(boot, (1 + confidence) / 2) : Number.NaN,
    };
    return { parameter, mu, muStar, sigma: n > 1 ? Math.sqrt(squares / (n - 1)) : Number.NaN, effects: ee };
  });
}
