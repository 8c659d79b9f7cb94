// One period's market: which products are on sale to whom, at what cost; Bertrand-Nash prices;
// who buys what. Builds the typed arrays of the pricing core from the world's records.
import type { Regime, Segment, Technology } from "./scenario/schema.js";
import type { FirmState, ModelState, World } from "./state.js";
import type { SegmentOutlook } from "./decisions.js";
import { solveBertrandNash, type PricingProblem, type PricingResult } from "./pricing.js";
import { consumerSurplus } from "./demand.js";
import { isGrayStatus, modelStanding, type LicenceStatus, type ModelStanding } from "./regime/standing.js";
import { segmentAccess, segmentMayBuy, type SegmentAccess } from "./regime/access.js";
import { monitoringLatencyUtilityLoss, servingCostOf } from "./regime/charges.js";
import { frontierCapability, servingCostCurve, servingCostOnCurve } from "./technology.js";

/** M_s(t) = buyers_s (1 + g_s)^years * usage per buyer per quarter * (4 / periodsPerYear): million tokens per period */
export function segmentMarketSizeMtok(segment: Segment, years: number, periodsPerYear: number): number {
  return segmentBuyers(segment, years) * segment.usageMtokPerBuyerPerQuarter * (4 / periodsPerYear);
}

/** buyers_s(t) = buyers_s (1 + g_s)^years */
export function segmentBuyers(segment: Segment, years: number): number {
  return segment.buyers * Math.pow(1 + segment.buyersGrowthPerYear, years);
}

/**
 * delta_sj = base_s + trend_s * years + beta_s (k_j - k_frontier(t)) + omega_s open_j - penalty * gray_j - latency loss_j
 * (buyers judge capability against the moving frontier; gray only where the regime applies; leaked
 * weights carry the penalty everywhere, as infringing copies with no support; latency loss of monitored models)
 */
export function meanUtilityFor(
  segment: Segment,
  access: SegmentAccess,
  capability: number,
  open: boolean,
  status: LicenceStatus,
  frontierCapabilityNow: number,
  years: number,
  grayUtilityPenalty: number,
  latencyUtilityLoss: number,
): number {
  const grayHere = status === "leaked" || (access.regulated && isGrayStatus(status));
  return (
    segment.baseUtility +
    segment.adoptionTrendPerYear * years +
    segment.capabilityTaste * (capability - frontierCapabilityNow) +
    (open ? segment.openWeightsValue : 0) -
    (grayHere ? grayUtilityPenalty : 0) -
    latencyUtilityLoss
  );
}

/** k*(t) = max_j k_j over products on sale (the technological frontier when nothing is on sale) */
export function bestCapabilityOnSale(products: readonly { capability: number }[], tech: Technology, years: number): number {
  let best = -Infinity;
  for (const p of products) if (p.capability > best) best = p.capability;
  return Number.isFinite(best) ? best : frontierCapability(tech, years);
}

/** g = (k*_t - k*_{t-L}) / L over the last L = periodsPerYear clearings, floored at 0: observed progress per period */
export function observedFrontierGrowthPerPeriod(history: readonly number[], periodsPerYear: number): number {
  const n = history.length;
  if (n < 2) return 0;
  const lag = Math.min(periodsPerYear, n - 1);
  return Math.max(0, (history[n - 1] - history[n - 1 - lag]) / lag);
}

export interface ClearedMarket {
  /** best capability on sale: buyers' reference point this period */
  bestCapability: number;
  products: ModelState[];
  providers: (FirmState | null)[];
  standings: ModelStanding[];
  /** the pricing problem; its marginal cost c_j = base + monitoring overhead, USD per Mtok */
  problem: PricingProblem;
  result: PricingResult;
  /** J: serving cost paid to compute, USD per Mtok */
  baseServingCostUsdPerMtok: Float64Array;
  /** J: monitoring overhead paid to the compliance industry, USD per Mtok (0 for unmonitored models) */
  monitoringOverheadUsdPerMtok: Float64Array;
  /** S: home-jurisdiction flag per segment */
  homeSegment: Uint8Array;
  /** S: consumer surplus per segment, USD per period */
  surplusUsd: Float64Array;
  segmentBuyers: Float64Array;
  /** S: sum_j exp(v_sj) at the equilibrium prices */
  expUtilitySum: Float64Array;
}

/** Collect the products on sale, build the pricing problem, solve it. */
export function clearMarket(world: World, regime: Regime | null, years: number): ClearedMarket {
  const { scenario } = world;
  const products: ModelState[] = [];
  const providers: (FirmState | null)[] = [];
  for (const firm of world.firms) {
    if (!firm.alive) continue;
    for (const model of firm.models) {
      products.push(model);
      providers.push(firm);
    }
  }
  for (const copy of world.leakedCopies) {
    products.push(copy);
    providers.push(null);
  }
  const J = products.length;
  const S = world.segmentIds.length;
  const segments = world.demandSegments.map((d) => d.segment);
  const accesses = world.demandSegments.map((d) => segmentAccess(d, regime));
  const meanUtility = new Float64Array(S * J);
  const available = new Uint8Array(S * J);
  const priceSensitivity = new Float64Array(S);
  const marketSize = new Float64Array(S);
  const buyers = new Float64Array(S);
  const homeSegment = new Uint8Array(S);
  for (let s = 0; s < S; s++) {
    priceSensitivity[s] = segments[s].priceSensitivityPerUsd;
    marketSize[s] = segmentMarketSizeMtok(segments[s], years, scenario.periodsPerYear);
    buyers[s] = segmentBuyers(segments[s], years);
    homeSegment[s] = segments[s].jurisdiction === scenario.homeJurisdiction ? 1 : 0;
  }
  const marginalCost = new Float64Array(J);
  const baseServingCost = new Float64Array(J);
  const monitoringOverhead = new Float64Array(J);
  const owner = new Int32Array(J);
  const priceTaker = new Uint8Array(J);
  const initialPrices = new Float64Array(J);
  const standings: ModelStanding[] = [];
  const ownerIndex = new Map<number, number>();
  const frontierNow = bestCapabilityOnSale(products, scenario.technology, years);
  const servingCurve = servingCostCurve(scenario.technology, years);
  const latencyUtilityPerOverhead = scenario.market.latencyUtilityPerOverhead;
  for (let j = 0; j < J; j++) {
    const model = products[j];
    const firm = providers[j];
    const standing = modelStanding(model, firm ? firm.jurisdiction : "", regime);
    standings.push(standing);
    const kindMultiplier = firm ? firm.kind.inferenceCostMultiplier : 1;
    const serving = servingCostOf(servingCostOnCurve(servingCurve, model.capability) * kindMultiplier, regime, standing.monitored);
    marginalCost[j] = serving.marginalUsdPerMtok;
    baseServingCost[j] = serving.baseUsdPerMtok;
    monitoringOverhead[j] = serving.monitoringOverheadUsdPerMtok;
    if (firm) {
      let index = ownerIndex.get(firm.id);
      if (index === undefined) {
        index = ownerIndex.size;
        ownerIndex.set(firm.id, index);
      }
      owner[j] = index;
    } else {
      owner[j] = -1; // filled below: every leaked copy is its own price-taking owner
    }
    // open weights (released or leaked) are hosted by anyone: competitive hosting prices them at serving cost
    if (!firm || model.open) priceTaker[j] = 1;
    initialPrices[j] = model.lastPriceUsdPerMtok > 0 ? model.lastPriceUsdPerMtok : marginalCost[j] * 2;
    const latencyLoss = monitoringLatencyUtilityLoss(regime, standing.monitored, latencyUtilityPerOverhead);
    for (let s = 0; s < S; s++) {
      if (!segmentMayBuy(accesses[s], standing.access)) continue;
      available[s * J + j] = 1;
      meanUtility[s * J + j] = meanUtilityFor(segments[s], accesses[s], model.capability, model.open, standing.status, frontierNow, years, scenario.market.grayUtilityPenalty, latencyLoss);
    }
  }
  let nextOwner = ownerIndex.size;
  for (let j = 0; j < J; j++) if (owner[j] < 0) owner[j] = nextOwner++;
  const problem: PricingProblem = { productCount: J, segmentCount: S, meanUtility, available, priceSensitivity, marketSize, marginalCost, owner, priceTaker };
  const result = solveBertrandNash(problem, { tolerance: scenario.market.pricingTolerance, maxIterations: scenario.market.pricingMaxIterations, initialPrices });
  const surplusUsd = new Float64Array(S);
  consumerSurplus(problem, result.prices, surplusUsd);
  const expUtilitySum = new Float64Array(S);
  for (let s = 0; s < S; s++) {
    // sum_j exp(v_sj) = (1 - s_0) / s_0
    const outside = result.outsideShares[s];
    expUtilitySum[s] = outside > 0 ? (1 - outside) / outside : Number.MAX_VALUE;
  }
  for (let j = 0; j < J; j++) products[j].lastPriceUsdPerMtok = result.prices[j];
  return {
    bestCapability: frontierNow,
    products,
    providers,
    standings,
    problem,
    result,
    baseServingCostUsdPerMtok: baseServingCost,
    monitoringOverheadUsdPerMtok: monitoringOverhead,
    homeSegment,
    surplusUsd,
    segmentBuyers: buyers,
    expUtilitySum,
  };
}

/** What agents will know next period about each segment: last equilibrium's rival attractiveness. */
export function outlookFrom(world: World, market: ClearedMarket | null, years: number): SegmentOutlook[] {
  return world.demandSegments.map(({ segment }, s) => {
    return {
      marketSizeMtok: segmentMarketSizeMtok(segment, years, world.scenario.periodsPerYear),
      buyers: segmentBuyers(segment, years),
      priceSensitivity: segment.priceSensitivityPerUsd,
      capabilityTaste: segment.capabilityTaste,
      openWeightsValue: segment.openWeightsValue,
      baseUtility: segment.baseUtility,
      enterprise: segment.enterprise,
      rivalsExpUtility: market ? market.expUtilitySum[s] : 0,
    };
  });
}
