// Observation: what one period leaves for the metrics to read (the world at the end of the period
// and the market that cleared in it), the metric rows computed from it by the registry
// (sim/metric-catalog.ts), and the firm rows.
import type { Regime, Scenario } from "./scenario/schema.js";
import type { FirmRow, MetricRow } from "./output.js";
import type { FirmState, ModelState, PeriodEvents, World } from "./state.js";
import { periodProfitUsdM } from "./state.js";
import type { StepOutcome } from "./engine.js";
import { METRIC_REGISTRY } from "./metric-catalog.js";
import { isGrayStatus, modelStanding, regimeInForce, type ModelStanding } from "./regime/standing.js";

/** One period as the metrics see it. */
export interface PeriodObservation {
  scenario: Scenario;
  period: number;
  /** years since the start of the run: period / periodsPerYear */
  years: number;
  /** the regime in force this period (null before its start, or without one) */
  regime: Regime | null;
  kindIds: readonly string[];
  /** firms that traded this period: still in the market, or left at its end */
  traded: readonly FirmState[];
  /** firms with a model on sale at the end of the period (in the Cournot market: every firm in it) */
  selling: readonly FirmState[];
  events: PeriodEvents;
  /** the Cournot market of the period (textbook mode), else null */
  cournot: { firmCount: number; priceUsdPerMtok: number; consumerSurplusUsdM: number } | null;
  /** the differentiated market of the period, else null */
  market: MarketObservation | null;
}

/** The cleared differentiated market: J products (models on sale and leaked copies) and S segments. */
export interface MarketObservation {
  products: readonly ModelState[];
  /** J: the firm selling each product, null for a leaked copy */
  providers: readonly (FirmState | null)[];
  standings: readonly ModelStanding[];
  pricesUsdPerMtok: Float64Array;
  /** J: home usage of each product, Mtok per period: u_j = sum over home segments s of N_s s_sj */
  homeUsageMtok: Float64Array;
  /** U = sum_j u_j */
  homeUsageTotalMtok: number;
  /** J: 1 when the product's home usage is gray-market use (unlicensed above a line, offshore, leaked) */
  gray: Uint8Array;
  segments: readonly SegmentObservation[];
}

export interface SegmentObservation {
  /** buyers in the home jurisdiction */
  home: boolean;
  enterprise: boolean;
  /** market size N_s */
  buyers: number;
  /** share choosing the outside option s_0s */
  outsideShare: number;
  /** consumer surplus, USD per period */
  surplusUsd: number;
}

/** The observation of the period just stepped. */
export function observation(world: World, outcome: StepOutcome): PeriodObservation {
  const { scenario } = world;
  const t = world.period;
  const regime: Regime | null = regimeInForce(scenario.regime, t) ? scenario.regime : null;
  const alive = world.firms.filter((f) => f.alive);
  const cournot = outcome.cournot;
  return {
    scenario,
    period: t,
    years: t / scenario.periodsPerYear,
    regime,
    kindIds: world.kindIds,
    traded: world.firms.filter((f) => f.alive || f.exitedPeriod === t),
    selling: scenario.market.competition === "cournot" ? alive : alive.filter((f) => f.models.length > 0),
    events: world.events,
    cournot: cournot ? { firmCount: cournot.firmCount, priceUsdPerMtok: cournot.price, consumerSurplusUsdM: cournot.consumerSurplus } : null,
    market: cournot || !outcome.market ? null : marketObservation(world, outcome.market, regime),
  };
}

function marketObservation(world: World, market: NonNullable<StepOutcome["market"]>, regime: Regime | null): MarketObservation {
  const { problem, result } = market;
  const J = problem.productCount;
  const S = problem.segmentCount;
  const homeUsageMtok = new Float64Array(J);
  let homeUsageTotalMtok = 0;
  for (let j = 0; j < J; j++) {
    for (let s = 0; s < S; s++) if (market.homeSegment[s]) homeUsageMtok[j] += problem.marketSize[s] * result.shares[s * J + j];
    homeUsageTotalMtok += homeUsageMtok[j];
  }
  // leaked weights are gray-market use even without a regime; other unlicensed statuses only under one
  const gray = Uint8Array.from(market.standings, (standing) => (isGrayStatus(standing.status) && (regime !== null || standing.status === "leaked") ? 1 : 0));
  const segments = world.segmentIds.map((id, s) => ({
    home: market.homeSegment[s] !== 0,
    enterprise: world.scenario.segments[id].enterprise,
    buyers: market.segmentBuyers[s],
    outsideShare: result.outsideShares[s],
    surplusUsd: market.surplusUsd[s],
  }));
  return {
    products: market.products,
    providers: market.providers,
    standings: market.standings,
    pricesUsdPerMtok: result.prices,
    homeUsageMtok,
    homeUsageTotalMtok,
    gray,
    segments,
  };
}

/** The metric rows of one period: each registered metric that applies, in registry order. */
export function observePeriod(world: World, outcome: StepOutcome): MetricRow[] {
  const o = observation(world, outcome);
  const year = o.scenario.startYear + o.period / o.scenario.periodsPerYear;
  const rows: MetricRow[] = [];
  const put = (metric: string, value: number | undefined) => {
    if (value !== undefined) rows.push({ period: o.period, year, metric, value });
  };
  for (const metric of METRIC_REGISTRY) {
    if (metric.byKind) for (const kindId of [...o.kindIds, ...(metric.extraBands ?? [])]) put(`${metric.id}.${kindId}`, metric.compute(o, kindId));
    else put(metric.id, metric.compute(o));
  }
  return rows;
}

export function firmRows(world: World): FirmRow[] {
  const { scenario } = world;
  const t = world.period;
  const year = scenario.startYear + t / scenario.periodsPerYear;
  const regime = regimeInForce(scenario.regime, t) ? scenario.regime : null;
  let homeUsage = 0;
  let homeRevenue = 0;
  for (const f of world.firms) {
    if (!f.alive && f.exitedPeriod !== t) continue;
    homeUsage += f.period.homeUsageMtok;
    homeRevenue += f.period.homeRevenueUsdM;
  }
  const rows: FirmRow[] = [];
  for (const f of world.firms) {
    if (!f.alive && f.exitedPeriod !== t) continue;
    const bestModel = f.models.reduce<(typeof f.models)[number] | null>((b, m) => (b === null || m.capability > b.capability ? m : b), null);
    rows.push({
      period: t,
      year,
      firm: f.id,
      name: f.name,
      kind: f.kindId,
      jurisdiction: f.jurisdiction,
      status: f.alive ? "active" : "exited",
      cashUsdM: world.ledger.firmCash[f.id],
      revenueUsdM: f.period.revenueUsdM,
      profitUsdM: periodProfitUsdM(f.period),
      complianceUsdM: f.period.complianceUsdM,
      fundingUsdM: f.period.fundingUsdM,
      usageShare: homeUsage > 0 ? f.period.homeUsageMtok / homeUsage : 0,
      revenueShare: homeRevenue > 0 ? f.period.homeRevenueUsdM / homeRevenue : 0,
      bestCapability: bestModel ? bestModel.capability : 0,
      modelsOnSale: f.models.length,
      licence: bestModel ? modelStanding(bestModel, f.jurisdiction, regime).status : "none",
    });
  }
  return rows;
}
