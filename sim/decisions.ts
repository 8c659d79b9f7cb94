// How agents value their options. Every choice (enter, train and how big, open or closed, comply,
// evade, relocate, exit) is scored by the expected discounted profit over a horizon, then chosen by
// a logit rule: argmax over options of value + noise * Gumbel draw from the firm's own stream.
//
// Expectations (documented in docs/MODEL.md, "Prediction"): an agent takes last period's market as
// given - the number and attractiveness of rival products per segment (their summed exp-utility) -
// assumes rivals keep pace with the frontier (their attractiveness grows by exp(beta g) a period),
// prices its own prospective model as a best response to them, and expects its model to lose ground
// at the same rate once released.
import type { Stream } from "./random.js";
import { gumbelDraw } from "./random.js";

/** What an agent knows about one buyer segment when it decides (from last period's market). */
export interface SegmentOutlook {
  /** M_s: million tokens per period */
  marketSizeMtok: number;
  buyers: number;
  priceSensitivity: number;
  capabilityTaste: number;
  openWeightsValue: number;
  baseUtility: number;
  enterprise: boolean;
  /** sum over products on sale of exp(v_sj) at last period's prices */
  rivalsExpUtility: number;
}

/** A prospective (or existing) model as it would be offered to each segment. */
export interface Prospect {
  /** utility before price for each segment, or NaN where the segment may not buy it */
  meanUtility: Float64Array;
  /** USD per Mtok */
  servingCostUsdPerMtok: number;
  /** priced at serving cost (open weights: anyone can host them) */
  priceTaker: boolean;
}

export interface ModelEarnings {
  priceUsdPerMtok: number;
  /** (p - c) * q / 1e6: USD M per period */
  operatingProfitUsdM: number;
  /** expected enterprise customers (buyers in enterprise segments times share) */
  enterpriseCustomers: number;
  /** q = sum_s M_s s_s: Mtok per period */
  quantityMtok: number;
}

/**
 * Best-response price of a single product facing fixed rivals R_s in each segment:
 * p = c + sum_s M_s s_s / sum_s M_s alpha_s s_s (1 - s_s), s_s = e^{v_s} / (1 + R_s + e^{v_s}).
 * `rivalGrowth` multiplies every R_s (rivals' expected progress until release).
 */
export function bestResponseEarnings(segments: readonly SegmentOutlook[], prospect: Prospect, rivalGrowth: number[]): ModelEarnings {
  const c = prospect.servingCostUsdPerMtok;
  let meanAlpha = 0;
  let count = 0;
  for (let s = 0; s < segments.length; s++) {
    if (!Number.isNaN(prospect.meanUtility[s])) {
      meanAlpha += segments[s].priceSensitivity;
      count++;
    }
  }
  if (count === 0) return { priceUsdPerMtok: c, operatingProfitUsdM: 0, enterpriseCustomers: 0, quantityMtok: 0 };
  // Newton on the first-order condition F(p) = Q(p) - (p - c) Q'(p)... written with
  // Q = sum_s M_s s_s, D = sum_s M_s alpha_s s_s (1 - s_s) (= -dQ/dp), K = sum_s M_s alpha_s^2 s_s (1 - s_s)(1 - 2 s_s):
  // F = Q - (p - c) D, F' = -2 D + (p - c) K; the fixed-point step p = c + Q / D when Newton misbehaves.
  let price = prospect.priceTaker ? c : c + count / meanAlpha;
  for (let iteration = 0; iteration < (prospect.priceTaker ? 0 : 100); iteration++) {
    let quantity = 0;
    let slope = 0;
    let curvature = 0;
    for (let s = 0; s < segments.length; s++) {
      const delta = prospect.meanUtility[s];
      if (Number.isNaN(delta)) continue;
      const seg = segments[s];
      const share = logitShareAgainst(delta - seg.priceSensitivity * price, seg.rivalsExpUtility * rivalGrowth[s]);
      const weight = seg.marketSizeMtok * seg.priceSensitivity * share * (1 - share);
      quantity += seg.marketSizeMtok * share;
      slope += weight;
      curvature += weight * seg.priceSensitivity * (1 - 2 * share);
    }
    if (quantity <= 0 || slope <= 0) break;
    const markup = price - c;
    const foc = quantity - markup * slope;
    const focSlope = -2 * slope + markup * curvature;
    let next = focSlope < 0 ? price - foc / focSlope : c + quantity / slope;
    if (!(next > c) || !Number.isFinite(next)) next = c + quantity / slope;
    const converged = Math.abs(next - price) < 1e-10 * Math.max(1, price);
    price = next;
    if (converged) break;
  }
  let quantity = 0;
  let enterpriseCustomers = 0;
  for (let s = 0; s < segments.length; s++) {
    const delta = prospect.meanUtility[s];
    if (Number.isNaN(delta)) continue;
    const seg = segments[s];
    const share = logitShareAgainst(delta - seg.priceSensitivity * price, seg.rivalsExpUtility * rivalGrowth[s]);
    quantity += seg.marketSizeMtok * share;
    if (seg.enterprise) enterpriseCustomers += seg.buyers * share;
  }
  return { priceUsdPerMtok: price, operatingProfitUsdM: ((price - c) * quantity) / 1e6, enterpriseCustomers, quantityMtok: quantity };
}

/** s = e^v / (1 + R + e^v), computed stably */
export function logitShareAgainst(utility: number, rivalsExpUtility: number): number {
  if (utility > 700) return 1 / (1 + (1 + rivalsExpUtility) * Math.exp(-utility));
  const e = Math.exp(utility);
  return e / (1 + rivalsExpUtility + e);
}

/** delta per period = (1 + r)^(-1 / periodsPerYear) */
export function discountFactorPerPeriod(discountRatePerYear: number, periodsPerYear: number): number {
  return Math.pow(1 + discountRatePerYear, -1 / periodsPerYear);
}

/** sum_{h=start}^{start+length-1} (delta * decay)^h ... as used for a decaying stream: sum delta^h decay^(h-start) */
export function decayingAnnuity(delta: number, decay: number, start: number, length: number): number {
  let total = 0;
  let weight = Math.pow(delta, start);
  for (let h = 0; h < length; h++) {
    total += weight;
    weight *= delta * decay;
  }
  return total;
}

/** The cash and profit terms of one option, all in USD M. */
export interface OptionTerms {
  /** paid now: training, one-off compliance, entry, relocation */
  upfrontUsdM: number;
  /** operating profit per period once on sale (before compliance) */
  profitPerPeriodUsdM: number;
  /** recurring compliance + expected penalties + stigma, per period while on sale */
  recurringCostPerPeriodUsdM: number;
  /** periods until the model earns (training + audit) */
  delayPeriods: number;
  /** chance the model never reaches the market (audit block) */
  blockProbability: number;
  /** chance per period the model is withdrawn (detection) */
  withdrawalProbabilityPerPeriod: number;
  /** one-off non-pecuniary value (e.g. a kind's preference for open weights) */
  preferenceUsdM: number;
}

/**
 * V = (1 - block) * sum_{h=d}^{d+H-1} delta^h [(rho (1-w))^(h-d) pi - (1-w)^(h-d) k] - upfront + preference,
 * with rho the per-period obsolescence of the model's earnings and w the withdrawal probability.
 */
export function optionValue(terms: OptionTerms, delta: number, obsolescence: number, horizonPeriods: number): number {
  const survive = 1 - terms.withdrawalProbabilityPerPeriod;
  const earning = decayingAnnuity(delta, obsolescence * survive, terms.delayPeriods, horizonPeriods);
  const paying = decayingAnnuity(delta, survive, terms.delayPeriods, horizonPeriods);
  return (
    (1 - terms.blockProbability) * (earning * terms.profitPerPeriodUsdM - paying * terms.recurringCostPerPeriodUsdM) - terms.upfrontUsdM + terms.preferenceUsdM
  );
}

/**
 * Logit choice: index of argmax_a (V_a + noise * G_a), G_a standard Gumbel from the stream; so
 * P(a) = exp(V_a / noise) / sum_b exp(V_b / noise). noise = 0 picks the best (first on ties).
 * Draws exactly one number per option so a firm's stream stays aligned across regimes.
 */
export function logitChoice(values: readonly number[], noiseUsdM: number, rng: Stream): number {
  let best = -1;
  let bestScore = -Infinity;
  for (let a = 0; a < values.length; a++) {
    const draw = gumbelDraw(rng);
    const score = values[a] + (noiseUsdM > 0 ? noiseUsdM * draw : 0);
    if (score > bestScore) {
      bestScore = score;
      best = a;
    }
  }
  return best;
}

/** P(choose V over an option worth 0) = 1 / (1 + exp(-V / noise)); a hard threshold V >= 0 when noise = 0 */
export function logitBinary(value: number, noiseUsdM: number, rng: Stream): boolean {
  const u = rng();
  if (noiseUsdM <= 0) return value >= 0;
  return u < 1 / (1 + Math.exp(-value / noiseUsdM));
}
