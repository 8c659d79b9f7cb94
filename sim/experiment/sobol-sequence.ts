// Sobol' low-discrepancy points in the unit cube (Sobol' 1967), generated in Gray-code order
// (Antonov & Saleev 1979; Bratley & Fox 1988) from the Joe & Kuo (2008) direction numbers kept as
// data in ./data/joe-kuo-d6.ts. The points are the unscrambled sequence that SALib and scipy's
// `qmc.Sobol(d, scramble=False)` give, first point (0, ..., 0) included; an optional random digital
// shift (XOR of each coordinate with one random 32-bit word per dimension, drawn from a seedrandom
// stream) randomises them while keeping every equidistribution property of the net.
// No well-kept npm package generates Sobol' points, hence this module. Portable (no Node imports).
import { streamFor } from "../random.js";
import { JOE_KUO_D6, JOE_KUO_MAX_DIMENSION } from "./data/joe-kuo-d6.js";
import { scaleUnit, type Point, type RangeParameter } from "./sampling.js";

/** Bits of each coordinate: points are k / 2^32, so at most 2^32 of them. */
export const SOBOL_BITS = 32;

/** Most dimensions the direction-number table supports. */
export const SOBOL_MAX_DIMENSIONS = JOE_KUO_MAX_DIMENSION;

const TWO_TO_32 = 2 ** 32;

/**
 * Direction numbers v_1..v_32 of one dimension (1-based), each scaled by 2^32.
 * v_k = m_k / 2^k for k <= s; beyond, the recurrence of the primitive polynomial (Bratley & Fox 1988):
 * v_k = c_1 v_(k-1) xor c_2 v_(k-2) xor ... xor c_(s-1) v_(k-s+1) xor v_(k-s) xor (v_(k-s) / 2^s).
 */
export function directionNumbers(dimension: number): Uint32Array {
  if (!Number.isInteger(dimension) || dimension < 1 || dimension > SOBOL_MAX_DIMENSIONS)
    throw new RangeError(`Sobol' dimension must be a whole number from 1 to ${SOBOL_MAX_DIMENSIONS}, got ${dimension}`);
  const v = new Uint32Array(SOBOL_BITS + 1); // v[k] for k = 1..32; v[0] unused
  if (dimension === 1) {
    for (let k = 1; k <= SOBOL_BITS; k++) v[k] = 2 ** (SOBOL_BITS - k); // all m_k = 1
    return v;
  }
  const row = JOE_KUO_D6[dimension - 2];
  const s = row.degree;
  for (let k = 1; k <= Math.min(s, SOBOL_BITS); k++) v[k] = row.initialNumbers[k - 1] * 2 ** (SOBOL_BITS - k);
  for (let k = s + 1; k <= SOBOL_BITS; k++) {
    let next = v[k - s] ^ (v[k - s] >>> s);
    for (let i = 1; i < s; i++) if ((row.coefficients >>> (s - 1 - i)) & 1) next ^= v[k - i];
    v[k] = next >>> 0;
  }
  return v;
}

/** 1-based position of the lowest zero bit of n: c(0) = 1, c(1) = 2, c(3) = 3. */
function lowestZeroBit(n: number): number {
  let position = 1;
  while (n & 1) {
    n = Math.floor(n / 2);
    position++;
  }
  return position;
}

export interface SobolOptions {
  /** start at this index of the sequence (default 0: the first point is the origin) */
  skip?: number;
  /** randomise by a digital shift drawn from the seedrandom stream "sobol-digital-shift" of this seed */
  digitalShiftSeed?: number;
}

/**
 * `count` points of the `dimensions`-dimensional Sobol' sequence, one array per point.
 * Gray-code order: x_i = x_(i-1) xor v_(c(i-1)), with x_0 = 0 (or the point at `skip`).
 * Any 2^k consecutive points starting at a multiple of 2^k are a (t, k, d)-net.
 */
export function sobolPoints(count: number, dimensions: number, options: SobolOptions = {}): number[][] {
  const skip = options.skip ?? 0;
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`sobolPoints: count must be a whole number >= 0, got ${count}`);
  if (!Number.isInteger(skip) || skip < 0) throw new RangeError(`sobolPoints: skip must be a whole number >= 0, got ${skip}`);
  if (!Number.isInteger(dimensions) || dimensions < 1 || dimensions > SOBOL_MAX_DIMENSIONS)
    throw new RangeError(`sobolPoints: dimensions must be a whole number from 1 to ${SOBOL_MAX_DIMENSIONS}, got ${dimensions}`);
  if (count + skip > TWO_TO_32) throw new RangeError(`sobolPoints: at most 2^32 points, asked for ${count} after skipping ${skip}`);
  const directions = Array.from({ length: dimensions }, (_, j) => directionNumbers(j + 1));
  const shift = new Uint32Array(dimensions);
  if (options.digitalShiftSeed !== undefined) {
    const draw = streamFor(options.digitalShiftSeed, "sobol-digital-shift");
    for (let j = 0; j < dimensions; j++) shift[j] = Math.floor(draw() * TWO_TO_32) >>> 0;
  }
  // the point at index `skip`: x = xor of v_k over the set bits k of its Gray code g = skip xor (skip >> 1)
  const state = new Uint32Array(dimensions);
  const bit = (n: number, position: number): number => Math.floor(n / 2 ** position) % 2;
  for (let k = 1; k <= SOBOL_BITS; k++) {
    const grayBit = bit(skip, k - 1) ^ bit(skip, k);
    if (grayBit === 1) for (let j = 0; j < dimensions; j++) state[j] ^= directions[j][k];
  }
  const points: number[][] = new Array(count);
  for (let i = 0; i < count; i++) {
    if (i > 0) {
      const k = lowestZeroBit(skip + i - 1);
      for (let j = 0; j < dimensions; j++) state[j] ^= directions[j][k];
    }
    const point = new Array<number>(dimensions);
    for (let j = 0; j < dimensions; j++) point[j] = ((state[j] ^ shift[j]) >>> 0) / TWO_TO_32;
    points[i] = point;
  }
  return points;
}

/** Is n a power of two (1, 2, 4, ...)? Sobol' designs are balanced only in blocks of 2^k points. */
export function isPowerOfTwo(n: number): boolean {
  return Number.isInteger(n) && n >= 1 && (n & (n - 1)) === 0 && n <= TWO_TO_32;
}

/** The power of two nearest n on a log scale (at least 1), to suggest in an error message. */
export function nearestPowerOfTwo(n: number): number {
  return 2 ** Math.max(0, Math.round(Math.log2(Math.max(1, n))));
}

/**
 * Unit-cube rows mapped onto parameter ranges, column j onto parameters[j]: x = min + u (max - min)
 * on the linear scale, exp(ln min + u (ln max - ln min)) on the log scale, whole numbers as
 * `scaleUnit` rounds them (sampling.ts, the same mapping as Latin hypercube points).
 */
export function pointsFromUnitRows(parameters: readonly RangeParameter[], rows: readonly (readonly number[])[]): Point[] {
  return rows.map((row, r) => {
    if (row.length !== parameters.length)
      throw new RangeError(`pointsFromUnitRows: row ${r} has ${row.length} coordinates for ${parameters.length} parameters`);
    const point: Point = {};
    parameters.forEach((parameter, j) => {
      point[parameter.path] = scaleUnit(parameter, row[j]);
    });
    return point;
  });
}
