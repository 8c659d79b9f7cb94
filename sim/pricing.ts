// Pricing: Bertrand-Nash prices of multi-product firms facing multi-segment logit demand,
// one uniform price per product across segments.
//
// First-order condition for product j of firm f (m_k = p_k - c_k is the markup):
//   FOC_j = sum_s M_s s_sj [1 - alpha_s m_j + alpha_s sum_{k in f} m_k s_sk] = 0.
// Solved with the Morrow-Skerlos (2011) zeta fixed point
//   p_j <- c_j + [S_j + sum_{k in f} Gamma_jk m_k] / Lambda_j,
//   S_j = sum_s M_s s_sj, Lambda_j = sum_s M_s alpha_s s_sj, Gamma_jk = sum_s M_s alpha_s s_sj s_sk,
// evaluated in O(S*J) per iteration through the per-(segment, firm) sums A_sf = sum_{k in f} s_sk m_k,
// since sum_{k in f} Gamma_jk m_k = sum_s M_s alpha_s s_sj A_s,owner(j).
// Pure and portable: no Node-only imports.

import { productQuantities, segmentInclusiveValue, segmentShares, type LogitMarket } from "./demand.js";

export interface PricingProblem extends LogitMarket {
  /** J: marginal cost c_j (caller's money unit per unit). */
  marginalCost: Float64Array;
  /** J: firm index 0..F-1; products with the same owner are priced jointly. */
  owner: Int32Array;
  /** J: 1 = price fixed at marginal cost (competitive fringe, e.g. leaked weights hosted by anyone). */
  priceTaker?: Uint8Array;
}

export interface PricingOptions {
  /** Stop when one zeta step moves no price by more than tolerance * max(1, |p|): max_j |p_new - p_old| / max(1, |p_new|) <= tolerance (absolute for prices up to 1). Default 1e-10. */
  tolerance?: number;
  /** Default 2000. */
  maxIterations?: number;
  /** J: starting prices (a warm start from last period's equilibrium); default marginal cost. */
  initialPrices?: Float64Array;
  /** "accelerated" (default): SQUAREM, then Anderson, then damped zeta steps; "none": plain zeta iteration p <- zeta(p), the readable reference. */
  acceleration?: "accelerated" | "none";
}

export interface PricingResult {
  /** J */
  prices: Float64Array;
  /** S*J, at the returned prices */
  shares: Float64Array;
  /** S, at the returned prices */
  outsideShares: Float64Array;
  /** J: q_j = sum_s M_s s_sj at the returned prices */
  quantities: Float64Array;
  converged: boolean;
  /** Zeta steps evaluated (the unit of work: one share evaluation each). */
  iterations: number;
  /** max_j |FOC_j| / max(1, S_j) at the returned prices (price takers and fallback products excluded). */
  maxFocResidual: number;
}

export const DEFAULT_PRICING_TOLERANCE = 1e-10;
export const DEFAULT_PRICING_MAX_ITERATIONS = 2000;

/** A stage of the solver hands over to the next after this many zeta steps without a new smallest change. */
const STAGE_STALL_STEPS = 40;
/** SQUAREM: the bound on the extrapolation length grows by this factor after an accepted full-length step (and shrinks after a refusal). */
const SQUAREM_STEP_GROWTH = 4;
/** SQUAREM: smallest extrapolation length (lengths below 1 damp a cycling zeta map). */
const SQUAREM_SMALLEST_STEP = 1 / 1024;
/** SQUAREM: refuse an extrapolated point whose zeta change exceeds this multiple of the change at the cycle's start. */
const SQUAREM_REFUSAL_FACTOR = 2;
/** Anderson: number of past differences used. */
const ANDERSON_MEMORY = 5;
/** Anderson: clear the history when the residual norm exceeds this multiple of its smallest value. */
const ANDERSON_RESTART_FACTOR = 100;
/** Anderson: Tikhonov term, relative to the mean diagonal of the Gram matrix. */
const ANDERSON_REGULARISATION = 1e-12;
/** Damped stage: successive residuals at a cosine below this count as an about-turn and halve the damping. */
const DAMPING_REVERSAL_COSINE = -0.5;
/** Damped stage: otherwise the damping grows by this factor, up to 1. */
const DAMPING_REGROWTH = 1.1;
/** Damped stage: the step is never damped below this. */
const SMALLEST_DAMPING = 1 / 1024;

// F = 1 + max_j owner_j: the number of firms the owner array refers to.
export function ownerCount(owner: Int32Array): number {
  let largest = -1;
  for (let j = 0; j < owner.length; j++) {
    const firm = owner[j];
    if (firm < 0) throw new RangeError(`owner[${j}]: expected a firm index >= 0, found ${firm}`);
    if (firm > largest) largest = firm;
  }
  return largest + 1;
}

// Fallback markup for product j when no buyer has a numerically positive share of it at any price
// (unavailable in every segment with M_s > 0): m_j = 1 / min alpha_s over the segments where it is
// available, or over all segments if none; 0 when there are no segments. Its price is then fixed.
export function fallbackMarkup(market: LogitMarket, product: number): number {
  const J = market.productCount;
  let smallestAlphaWhereAvailable = Number.POSITIVE_INFINITY;
  let smallestAlpha = Number.POSITIVE_INFINITY;
  for (let s = 0; s < market.segmentCount; s++) {
    const alpha = market.priceSensitivity[s];
    if (alpha < smallestAlpha) smallestAlpha = alpha;
    if (market.available[s * J + product] !== 0 && alpha < smallestAlphaWhereAvailable) smallestAlphaWhereAvailable = alpha;
  }
  const alpha = Number.isFinite(smallestAlphaWhereAvailable) ? smallestAlphaWhereAvailable : smallestAlpha;
  return Number.isFinite(alpha) && alpha > 0 ? 1 / alpha : 0;
}

// True when product j can never be bought: available in no segment with M_s > 0.
function hasNoBuyers(market: LogitMarket, product: number): boolean {
  const J = market.productCount;
  for (let s = 0; s < market.segmentCount; s++) {
    if (market.available[s * J + product] !== 0 && market.marketSize[s] > 0) return false;
  }
  return true;
}

// Below this many units a product's shares are near or below the smallest normal double, where the
// ratio S_j / Lambda_j loses its precision: such products get their markup from log-space weights.
const NEGLIGIBLE_QUANTITY = 1e-250;

// m_j = sum_s w_sj (1 + alpha_s A_s,owner(j)) / sum_s w_sj alpha_s with w_sj = M_s s_sj rescaled in logs:
// ln w_sj = ln M_s + v_sj - ln(1 + sum_k exp(v_sk)). The zeta markup for products with vanishing shares.
function negligibleProductMarkup(
  problem: PricingProblem,
  prices: ArrayLike<number>,
  product: number,
  inclusiveValues: Float64Array,
  firmMarkupShares: Float64Array,
  firmCount: number,
): number {
  const J = problem.productCount;
  const firm = problem.owner[product];
  let largestLogWeight = Number.NEGATIVE_INFINITY;
  for (let s = 0; s < problem.segmentCount; s++) {
    if (problem.available[s * J + product] === 0 || !(problem.marketSize[s] > 0)) continue;
    const logWeight = Math.log(problem.marketSize[s]) + problem.meanUtility[s * J + product] - problem.priceSensitivity[s] * prices[product] - inclusiveValues[s];
    if (logWeight > largestLogWeight) largestLogWeight = logWeight;
  }
  if (!Number.isFinite(largestLogWeight)) return fallbackMarkup(problem, product);
  let numerator = 0;
  let denominator = 0;
  for (let s = 0; s < problem.segmentCount; s++) {
    if (problem.available[s * J + product] === 0 || !(problem.marketSize[s] > 0)) continue;
    const alpha = problem.priceSensitivity[s];
    const logWeight = Math.log(problem.marketSize[s]) + problem.meanUtility[s * J + product] - alpha * prices[product] - inclusiveValues[s];
    const weight = Math.exp(logWeight - largestLogWeight);
    numerator += weight * (1 + alpha * firmMarkupShares[s * firmCount + firm]);
    denominator += weight * alpha;
  }
  return numerator / denominator;
}

// A_sf = sum_{k in f} s_sk (p_k - c_k): each firm's share-weighted markup per segment; fills out (S*F).
export function accumulateFirmMarkupShares(
  problem: PricingProblem,
  prices: ArrayLike<number>,
  shares: Float64Array,
  firmCount: number,
  out: Float64Array,
): void {
  const J = problem.productCount;
  const S = problem.segmentCount;
  const { marginalCost, owner } = problem;
  out.fill(0, 0, S * firmCount);
  for (let s = 0; s < S; s++) {
    const row = s * J;
    const firmRow = s * firmCount;
    for (let j = 0; j < J; j++) {
      const share = shares[row + j];
      if (share !== 0) out[firmRow + owner[j]] += share * (prices[j] - marginalCost[j]);
    }
  }
}

// FOC_j / max(1, S_j) with FOC_j = S_j - Lambda_j m_j + sum_s M_s alpha_s s_sj A_s,owner(j); 0 for price takers.
export function focResiduals(problem: PricingProblem, prices: ArrayLike<number>): Float64Array {
  const shares = new Float64Array(problem.segmentCount * problem.productCount);
  segmentShares(problem, prices, shares, new Float64Array(problem.segmentCount));
  return focResidualsAtShares(problem, prices, shares);
}

// focResiduals given the shares s_sj at these prices (segmentShares).
function focResidualsAtShares(problem: PricingProblem, prices: ArrayLike<number>, shares: Float64Array): Float64Array {
  const J = problem.productCount;
  const S = problem.segmentCount;
  const firmCount = ownerCount(problem.owner);
  const firmMarkupShares = new Float64Array(S * firmCount);
  accumulateFirmMarkupShares(problem, prices, shares, firmCount, firmMarkupShares);
  const residuals = new Float64Array(J);
  for (let j = 0; j < J; j++) {
    if (problem.priceTaker && problem.priceTaker[j] !== 0) continue;
    const markup = prices[j] - problem.marginalCost[j];
    const firm = problem.owner[j];
    let quantity = 0;
    let foc = 0;
    for (let s = 0; s < S; s++) {
      const weightedShare = problem.marketSize[s] * shares[s * J + j];
      const alpha = problem.priceSensitivity[s];
      quantity += weightedShare;
      foc += weightedShare * (1 - alpha * markup + alpha * firmMarkupShares[s * firmCount + firm]);
    }
    residuals[j] = foc / Math.max(1, quantity);
  }
  return residuals;
}

// Scratch arrays for zeta steps, allocated once per solve.
interface ZetaWorkspace {
  firmCount: number;
  /** J: 1 for products whose price the iteration does not set (price takers, products nobody can buy). */
  fixedPrice: Uint8Array;
  shares: Float64Array; // S*J
  outsideShares: Float64Array; // S
  firmMarkupShares: Float64Array; // S*F: A_sf
  quantity: Float64Array; // J: S_j
  sensitivityWeightedQuantity: Float64Array; // J: Lambda_j
  rivalryTerm: Float64Array; // J: sum_{k in f} Gamma_jk m_k
  inclusiveValues: Float64Array; // S: ln(1 + sum_k exp(v_sk)), only for negligible products
  utility: Float64Array; // J: v_sj of the segment being evaluated
}

function zetaWorkspace(problem: PricingProblem, fixedPrice: Uint8Array): ZetaWorkspace {
  const J = problem.productCount;
  const S = problem.segmentCount;
  const firmCount = ownerCount(problem.owner);
  return {
    firmCount,
    fixedPrice,
    shares: new Float64Array(S * J),
    outsideShares: new Float64Array(S),
    firmMarkupShares: new Float64Array(S * firmCount),
    quantity: new Float64Array(J),
    sensitivityWeightedQuantity: new Float64Array(J),
    rivalryTerm: new Float64Array(J),
    inclusiveValues: new Float64Array(S),
    utility: new Float64Array(J),
  };
}

// segmentShares and accumulateFirmMarkupShares segment by segment in one pass over each segment's
// row (the same operations in the same order, so the same numbers to the bit; test/pricing.test.ts
// checks them against the two), calling segmentDone(s) once segment s's shares and A_s,f are final.
// `utility` is J scratch.
export function sharesAndFirmMarkups(
  problem: PricingProblem,
  prices: ArrayLike<number>,
  utility: Float64Array,
  outShares: Float64Array,
  outOutsideShare: Float64Array,
  firmCount: number,
  outFirmMarkupShares: Float64Array,
  segmentDone?: (segment: number) => void,
): void {
  const J = problem.productCount;
  const S = problem.segmentCount;
  const { meanUtility, available, priceSensitivity, marginalCost, owner } = problem;
  for (let s = 0; s < S; s++) {
    const alpha = priceSensitivity[s];
    const row = s * J;
    let largest = 0; // the outside option's utility
    for (let j = 0; j < J; j++) {
      if (available[row + j] === 0) continue;
      const v = meanUtility[row + j] - alpha * prices[j];
      utility[j] = v;
      if (v > largest) largest = v;
    }
    const outsideWeight = Math.exp(-largest);
    let denominator = outsideWeight;
    for (let j = 0; j < J; j++) {
      if (available[row + j] === 0) {
        outShares[row + j] = 0;
        continue;
      }
      const weight = Math.exp(utility[j] - largest);
      outShares[row + j] = weight;
      denominator += weight;
    }
    const inverse = 1 / denominator;
    const firmRow = s * firmCount;
    outFirmMarkupShares.fill(0, firmRow, firmRow + firmCount);
    for (let j = 0; j < J; j++) {
      const share = outShares[row + j] * inverse;
      outShares[row + j] = share;
      if (share !== 0) outFirmMarkupShares[firmRow + owner[j]] += share * (prices[j] - marginalCost[j]);
    }
    outOutsideShare[s] = outsideWeight * inverse;
    if (segmentDone) segmentDone(s);
  }
}

// zeta(p)_j = c_j + [S_j + sum_{k in f} Gamma_jk (p_k - c_k)] / Lambda_j into out (fixed prices copied);
// returns max_j |zeta(p)_j - p_j| / max(1, |zeta(p)_j|), the convergence measure (NaN if any price is NaN).
function zetaStep(problem: PricingProblem, work: ZetaWorkspace, prices: Float64Array, out: Float64Array): number {
  const J = problem.productCount;
  const S = problem.segmentCount;
  const { marginalCost, owner, marketSize, priceSensitivity } = problem;
  const { firmCount, fixedPrice, shares, outsideShares, firmMarkupShares, quantity, sensitivityWeightedQuantity, rivalryTerm } = work;
  quantity.fill(0);
  sensitivityWeightedQuantity.fill(0);
  rivalryTerm.fill(0);
  sharesAndFirmMarkups(problem, prices, work.utility, shares, outsideShares, firmCount, firmMarkupShares, (s) => {
    const size = marketSize[s];
    const alpha = priceSensitivity[s];
    const row = s * J;
    const firmRow = s * firmCount;
    for (let j = 0; j < J; j++) {
      const weightedShare = size * shares[row + j];
      if (weightedShare === 0) continue;
      quantity[j] += weightedShare;
      sensitivityWeightedQuantity[j] += alpha * weightedShare;
      rivalryTerm[j] += alpha * weightedShare * firmMarkupShares[firmRow + owner[j]];
    }
  });
  let largestChange = 0;
  let inclusiveValuesReady = false;
  for (let j = 0; j < J; j++) {
    if (fixedPrice[j] !== 0) {
      out[j] = prices[j];
      continue;
    }
    let markup: number;
    if (quantity[j] >= NEGLIGIBLE_QUANTITY) {
      markup = (quantity[j] + rivalryTerm[j]) / sensitivityWeightedQuantity[j];
    } else {
      // Shares at or below the smallest normal double: the same ratio with log-space weights.
      if (!inclusiveValuesReady) {
        for (let s = 0; s < S; s++) work.inclusiveValues[s] = segmentInclusiveValue(problem, prices, s);
        inclusiveValuesReady = true;
      }
      markup = negligibleProductMarkup(problem, prices, j, work.inclusiveValues, firmMarkupShares, firmCount);
    }
    const zetaPrice = marginalCost[j] + markup;
    out[j] = zetaPrice;
    const change = Math.abs(zetaPrice - prices[j]) / Math.max(1, Math.abs(zetaPrice));
    if (!(change <= largestChange)) largestChange = change; // NaN propagates
  }
  return largestChange;
}

// One fixed-point search: a zeta step that records the best prices seen and the stopping state.
interface ZetaSearch {
  /** zeta(from) into to; returns the change max_j |zeta_j - p_j| / max(1, |zeta_j|). */
  step(from: Float64Array, to: Float64Array): number;
  /** False once converged, failed (NaN/infinite change), out of iterations, or the stage stalled. */
  canStep(): boolean;
}

// SQUAREM (Varadhan & Roland 2008, scheme S3) around the zeta step: from p0 take p1 = zeta(p0),
// p2 = zeta(p1); extrapolate p' = p0 + 2 a r + a^2 v with r = p1 - p0, v = p2 - 2 p1 + p0,
// a = |r| / |v| within [SQUAREM_SMALLEST_STEP, bound] (a < 1 damps a cycling map, a > 1 speeds a
// slow one); project p' onto p >= c; continue from zeta(p'). An extrapolation whose zeta change
// exceeds SQUAREM_REFUSAL_FACTOR times the change at p0 is refused: continue from p2, shrink the bound.
function squaremStage(start: Float64Array, marginalCost: Float64Array, fixedPrice: Uint8Array, search: ZetaSearch): void {
  const J = start.length;
  let current = Float64Array.from(start); // p0
  const stepped = new Float64Array(J); // p1
  let twiceStepped = new Float64Array(J); // p2
  const extrapolated = new Float64Array(J); // p'
  let stabilised = new Float64Array(J); // zeta(p')
  let stepLengthBound = 1;
  while (search.canStep()) {
    const firstChange = search.step(current, stepped);
    if (!search.canStep()) return;
    search.step(stepped, twiceStepped);
    if (!search.canStep()) return;
    let residualNormSquared = 0; // |r|^2
    let curvatureNormSquared = 0; // |v|^2
    for (let j = 0; j < J; j++) {
      const residual = stepped[j] - current[j];
      const curvature = twiceStepped[j] - 2 * stepped[j] + current[j];
      residualNormSquared += residual * residual;
      curvatureNormSquared += curvature * curvature;
    }
    const naturalLength = curvatureNormSquared > 0 ? Math.sqrt(residualNormSquared / curvatureNormSquared) : stepLengthBound;
    const stepLength = Math.min(stepLengthBound, Math.max(SQUAREM_SMALLEST_STEP, naturalLength));
    for (let j = 0; j < J; j++) {
      const residual = stepped[j] - current[j];
      const curvature = twiceStepped[j] - 2 * stepped[j] + current[j];
      const price = current[j] + 2 * stepLength * residual + stepLength * stepLength * curvature;
      // Equilibrium markups are positive; fixed prices have zero residual and curvature.
      extrapolated[j] = fixedPrice[j] !== 0 || price > marginalCost[j] ? price : marginalCost[j];
    }
    const extrapolatedChange = search.step(extrapolated, stabilised);
    if (Number.isFinite(extrapolatedChange) && extrapolatedChange <= SQUAREM_REFUSAL_FACTOR * firstChange) {
      if (stepLength === stepLengthBound) stepLengthBound *= SQUAREM_STEP_GROWTH;
      [current, stabilised] = [stabilised, current];
    } else {
      stepLengthBound = Math.max(1, stepLengthBound / SQUAREM_STEP_GROWTH);
      [current, twiceStepped] = [twiceStepped, current];
    }
  }
}

// Solves G x = b for a small dense n x n G (row-major; G and b are overwritten) by Gaussian
// elimination with partial pivoting into out; false when G is numerically singular.
function solveSmallLinearSystem(matrix: Float64Array, rightHandSide: Float64Array, n: number, out: Float64Array): boolean {
  for (let column = 0; column < n; column++) {
    let pivotRow = column;
    for (let row = column + 1; row < n; row++) {
      if (Math.abs(matrix[row * n + column]) > Math.abs(matrix[pivotRow * n + column])) pivotRow = row;
    }
    const pivot = matrix[pivotRow * n + column];
    if (!(Math.abs(pivot) > 0) || !Number.isFinite(pivot)) return false;
    if (pivotRow !== column) {
      for (let k = 0; k < n; k++) {
        const swap = matrix[column * n + k];
        matrix[column * n + k] = matrix[pivotRow * n + k];
        matrix[pivotRow * n + k] = swap;
      }
      const swap = rightHandSide[column];
      rightHandSide[column] = rightHandSide[pivotRow];
      rightHandSide[pivotRow] = swap;
    }
    for (let row = column + 1; row < n; row++) {
      const factor = matrix[row * n + column] / pivot;
      for (let k = column; k < n; k++) matrix[row * n + k] -= factor * matrix[column * n + k];
      rightHandSide[row] -= factor * rightHandSide[column];
    }
  }
  for (let row = n - 1; row >= 0; row--) {
    let sum = rightHandSide[row];
    for (let k = row + 1; k < n; k++) sum -= matrix[row * n + k] * out[k];
    out[row] = sum / matrix[row * n + row];
    if (!Number.isFinite(out[row])) return false;
  }
  return true;
}

// Anderson acceleration (type II; Walker & Ni 2011) of p <- zeta(p) with memory ANDERSON_MEMORY:
// g_k = zeta(p_k) - p_k; gamma = argmin |g_k - dG gamma| over the last differences dG of g and dP
// of p; p_{k+1} = p_k + g_k - (dP + dG) gamma, projected onto p >= c. The history is cleared when
// |g_k| exceeds ANDERSON_RESTART_FACTOR times its smallest value so far or the least squares is singular.
function andersonStage(start: Float64Array, marginalCost: Float64Array, fixedPrice: Uint8Array, search: ZetaSearch): void {
  const J = start.length;
  const memory = ANDERSON_MEMORY;
  const priceDifferences = Array.from({ length: memory }, () => new Float64Array(J));
  const residualDifferences = Array.from({ length: memory }, () => new Float64Array(J));
  const gram = new Float64Array(memory * memory);
  const projections = new Float64Array(memory);
  const coefficients = new Float64Array(memory);
  const prices = Float64Array.from(start);
  const zetaPrices = new Float64Array(J);
  const residual = new Float64Array(J);
  const previousPrices = new Float64Array(J);
  const previousResidual = new Float64Array(J);
  let hasPrevious = false;
  let stored = 0; // history columns in use
  let newest = memory - 1; // ring-buffer slot of the newest column
  let smallestResidualNorm = Number.POSITIVE_INFINITY;
  const column = (age: number) => (newest - age + memory) % memory; // slot of the column `age` steps old
  while (search.canStep()) {
    search.step(prices, zetaPrices);
    if (!search.canStep()) return;
    let residualNormSquared = 0;
    for (let j = 0; j < J; j++) {
      residual[j] = zetaPrices[j] - prices[j];
      residualNormSquared += residual[j] * residual[j];
    }
    if (hasPrevious) {
      newest = (newest + 1) % memory;
      const priceDifference = priceDifferences[newest];
      const residualDifference = residualDifferences[newest];
      for (let j = 0; j < J; j++) {
        priceDifference[j] = prices[j] - previousPrices[j];
        residualDifference[j] = residual[j] - previousResidual[j];
      }
      stored = Math.min(memory, stored + 1);
    }
    const residualNorm = Math.sqrt(residualNormSquared);
    if (residualNorm > ANDERSON_RESTART_FACTOR * smallestResidualNorm) stored = 0;
    if (residualNorm < smallestResidualNorm) smallestResidualNorm = residualNorm;
    previousPrices.set(prices);
    previousResidual.set(residual);
    hasPrevious = true;

    let solved = false;
    if (stored > 0) {
      let trace = 0;
      for (let a = 0; a < stored; a++) {
        const columnA = residualDifferences[column(a)];
        let projection = 0;
        for (let j = 0; j < J; j++) projection += columnA[j] * residual[j];
        projections[a] = projection;
        for (let b = 0; b <= a; b++) {
          const columnB = residualDifferences[column(b)];
          let product = 0;
          for (let j = 0; j < J; j++) product += columnA[j] * columnB[j];
          gram[a * stored + b] = product;
          gram[b * stored + a] = product;
        }
        trace += gram[a * stored + a];
      }
      for (let a = 0; a < stored; a++) gram[a * stored + a] += ANDERSON_REGULARISATION * (trace / stored);
      solved = solveSmallLinearSystem(gram, projections, stored, coefficients);
      if (!solved) stored = 0;
    }
    for (let j = 0; j < J; j++) prices[j] += residual[j];
    if (solved) {
      for (let a = 0; a < stored; a++) {
        const gamma = coefficients[a];
        const priceDifference = priceDifferences[column(a)];
        const residualDifference = residualDifferences[column(a)];
        for (let j = 0; j < J; j++) prices[j] -= gamma * (priceDifference[j] + residualDifference[j]);
      }
    }
    for (let j = 0; j < J; j++) {
      if (fixedPrice[j] === 0 && !(prices[j] > marginalCost[j])) prices[j] = marginalCost[j]; // markups are positive
    }
  }
}

// Damped zeta iteration p <- p + d (zeta(p) - p). The damping d follows the angle between
// successive residuals r_k = zeta(p_k) - p_k: an about-turn (cosine < DAMPING_REVERSAL_COSINE: the
// map overshoots or cycles) halves d; otherwise d regrows by DAMPING_REGROWTH up to 1.
function dampedStage(start: Float64Array, search: ZetaSearch): void {
  const J = start.length;
  const prices = Float64Array.from(start);
  const zetaPrices = new Float64Array(J);
  const previousResidual = new Float64Array(J);
  let previousResidualNormSquared = 0;
  let damping = 1;
  while (search.canStep()) {
    search.step(prices, zetaPrices);
    if (!search.canStep()) return;
    let dot = 0;
    let residualNormSquared = 0;
    for (let j = 0; j < J; j++) {
      const residual = zetaPrices[j] - prices[j];
      dot += residual * previousResidual[j];
      residualNormSquared += residual * residual;
      previousResidual[j] = residual;
      prices[j] += damping * residual;
    }
    const cosine = previousResidualNormSquared > 0 ? dot / Math.sqrt(residualNormSquared * previousResidualNormSquared) : 1;
    previousResidualNormSquared = residualNormSquared;
    damping = cosine < DAMPING_REVERSAL_COSINE ? Math.max(SMALLEST_DAMPING, damping / 2) : Math.min(1, damping * DAMPING_REGROWTH);
  }
}

// Plain zeta iteration p <- zeta(p) (Morrow & Skerlos 2011): the readable reference.
function plainStage(start: Float64Array, search: ZetaSearch): void {
  let prices = Float64Array.from(start);
  let zetaPrices = new Float64Array(start.length);
  while (search.canStep()) {
    search.step(prices, zetaPrices);
    [prices, zetaPrices] = [zetaPrices, prices];
  }
}

// Bertrand-Nash prices: the fixed point p = zeta(p), p_j = c_j + [S_j + sum_{k in f} Gamma_jk m_k] / Lambda_j.
//
// Converged when one zeta step moves no price by more than tolerance * max(1, |p|); zeta(p) is
// returned. `iterations` counts zeta steps. The default search runs three stages, each from the best
// prices so far, handing over when it finds no new smallest change for STAGE_STALL_STEPS steps (the
// last runs to maxIterations): SQUAREM (fast on ordinary markets), Anderson acceleration, then
// damped zeta steps (for segments whose price sensitivities are orders of magnitude apart, where a
// product's profit can have several local maxima and the plain map can cycle).
// Products that are price takers stay at c; products nobody can buy get c + fallbackMarkup.
// Never throws on non-convergence: returns converged = false with the prices that had the smallest
// zeta change seen, and their FOC residual.
export function solveBertrandNash(problem: PricingProblem, options: PricingOptions = {}): PricingResult {
  const J = problem.productCount;
  const S = problem.segmentCount;
  const tolerance = options.tolerance ?? DEFAULT_PRICING_TOLERANCE;
  const maxIterations = options.maxIterations ?? DEFAULT_PRICING_MAX_ITERATIONS;
  const accelerated = (options.acceleration ?? "accelerated") === "accelerated";
  const { marginalCost, priceTaker } = problem;

  // Products whose price the iteration does not set: price takers (p = c) and products nobody can buy.
  const fixedPrice = new Uint8Array(J);
  const bestPrices = new Float64Array(J);
  for (let j = 0; j < J; j++) {
    if (priceTaker && priceTaker[j] !== 0) {
      fixedPrice[j] = 1;
      bestPrices[j] = marginalCost[j];
    } else if (hasNoBuyers(problem, j)) {
      fixedPrice[j] = 1;
      bestPrices[j] = marginalCost[j] + fallbackMarkup(problem, j);
    } else {
      bestPrices[j] = options.initialPrices ? options.initialPrices[j] : marginalCost[j];
    }
  }
  const work = zetaWorkspace(problem, fixedPrice);

  let bestChange = Number.POSITIVE_INFINITY;
  let stepsSinceBest = 0;
  let converged = false;
  let failed = false; // NaN or infinite change
  let iterations = 0;
  let lastStage = true;
  const search: ZetaSearch = {
    step(from, to) {
      const change = zetaStep(problem, work, from, to);
      iterations++;
      stepsSinceBest++;
      if (change < bestChange) {
        bestChange = change;
        bestPrices.set(to);
        stepsSinceBest = 0;
      }
      if (change <= tolerance) converged = true;
      if (!Number.isFinite(change)) failed = true;
      return change;
    },
    canStep: () => !converged && !failed && iterations < maxIterations && (lastStage || stepsSinceBest < STAGE_STALL_STEPS),
  };

  if (!accelerated) {
    plainStage(bestPrices, search);
  } else {
    const stages = [
      (start: Float64Array) => squaremStage(start, marginalCost, fixedPrice, search),
      (start: Float64Array) => andersonStage(start, marginalCost, fixedPrice, search),
      (start: Float64Array) => dampedStage(start, search),
    ];
    for (let stage = 0; stage < stages.length && !converged && iterations < maxIterations; stage++) {
      lastStage = stage === stages.length - 1;
      stepsSinceBest = 0;
      failed = false; // a stage that blew up hands over to the next, from the best prices
      stages[stage](Float64Array.from(bestPrices));
    }
  }

  const prices = bestPrices;
  const shares = new Float64Array(S * J);
  const outsideShares = new Float64Array(S);
  segmentShares(problem, prices, shares, outsideShares);
  const quantities = new Float64Array(J);
  productQuantities(problem, shares, quantities);
  const residuals = focResidualsAtShares(problem, prices, shares);
  let maxFocResidual = 0;
  for (let j = 0; j < J; j++) {
    if (fixedPrice[j] !== 0) continue;
    const residual = Math.abs(residuals[j]);
    if (!(residual <= maxFocResidual)) maxFocResidual = residual;
  }
  return { prices, shares, outsideShares, quantities, converged, iterations, maxFocResidual };
}

// Profit_f = sum_{j owned by f} (p_j - c_j) q_j (price x units per period, gross of fixed costs); length F.
export function firmProfits(problem: PricingProblem, result: Pick<PricingResult, "prices" | "quantities">): Float64Array {
  const profits = new Float64Array(ownerCount(problem.owner));
  for (let j = 0; j < problem.productCount; j++) {
    const quantity = result.quantities[j];
    if (quantity !== 0) profits[problem.owner[j]] += (result.prices[j] - problem.marginalCost[j]) * quantity;
  }
  return profits;
}
