// Points of a sweep: full grids over listed values, and Latin-hypercube samples over ranges for
// global sensitivity (McKay, Beckman & Conover 1979); Sobol' points over ranges come from
// sobol-sequence.ts through the same `scaleUnit`. Portable (no Node imports).
import seedrandom from "seedrandom";
import { parameterInfo } from "../scenario/parameters.js";

export type ParameterValue = number | string | boolean | null;

/** A parameter swept over listed values (grid). */
export interface GridParameter {
  path: string;
  values: ParameterValue[];
}

/** A parameter sampled over a range (Latin hypercube). */
export interface RangeParameter {
  path: string;
  min: number;
  max: number;
  /** "log": log-uniform between min and max (default where the scenario schema declares the field log scale); "linear": uniform */
  scale: "linear" | "log";
  /** round sampled values to whole numbers (fields the scenario schema declares whole) */
  integer: boolean;
}

/** One point: a value for each varied path, in the order the parameters were given. */
export type Point = Record<string, ParameterValue>;

/** The scale the scenario schema declares for the field (log for those spanning orders of magnitude, e.g. FLOP lines); linear otherwise. */
export function defaultScale(path: string): "linear" | "log" {
  return parameterInfo(path)?.scale ?? "linear";
}

/** Cartesian product of the listed values; the last parameter varies fastest. No parameters -> one empty point. */
export function gridPoints(parameters: readonly GridParameter[]): Point[] {
  let points: Point[] = [{}];
  for (const parameter of parameters) {
    const next: Point[] = [];
    for (const point of points) for (const value of parameter.values) next.push({ ...point, [parameter.path]: value });
    points = next;
  }
  return points;
}

// x = min + u (max - min) on the linear scale, x = exp(ln min + u (ln max - ln min)) on the log scale; u in [0, 1).
// Whole-number fields on the linear scale take each of min..max with equal probability: x = min + floor(u (max - min + 1)).
export function scaleUnit(parameter: RangeParameter, u: number): number {
  if (parameter.integer && parameter.scale === "linear") {
    const low = Math.ceil(parameter.min);
    const high = Math.floor(parameter.max);
    return Math.min(high, low + Math.floor(u * (high - low + 1)));
  }
  // u = 0 (the first Sobol' point) is min exactly: exp(ln min) can miss it in the last bit
  const x =
    u === 0
      ? parameter.min
      : parameter.scale === "log"
        ? Math.exp(Math.log(parameter.min) + u * (Math.log(parameter.max) - Math.log(parameter.min)))
        : parameter.min + u * (parameter.max - parameter.min);
  return parameter.integer ? Math.round(x) : x;
}

/**
 * Latin hypercube sample of `count` points: each parameter's unit interval is cut into `count`
 * equal strata, each stratum is used exactly once (a random permutation per parameter), and the
 * point falls uniformly within its stratum: u_i = (perm_i + U_i) / count. Draws come from the
 * seedrandom stream "moat-lhs:<seed>", so the same seed gives the same points.
 */
export function latinHypercubePoints(parameters: readonly RangeParameter[], count: number, seed: number): Point[] {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`latinHypercubePoints: count must be a whole number >= 1, got ${count}`);
  const draw = seedrandom(`moat-lhs:${seed}`);
  const units: number[][] = parameters.map(() => {
    const strata = Array.from({ length: count }, (_, i) => i);
    for (let i = count - 1; i > 0; i--) {
      const j = Math.floor(draw() * (i + 1));
      [strata[i], strata[j]] = [strata[j], strata[i]];
    }
    return strata.map((stratum) => (stratum + draw()) / count);
  });
  return Array.from({ length: count }, (_, i) => {
    const point: Point = {};
    parameters.forEach((parameter, p) => {
      point[parameter.path] = scaleUnit(parameter, units[p][i]);
    });
    return point;
  });
}
