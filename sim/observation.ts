// The observation of one period: what the period leaves for the metrics to read (the world at the
// end of the period and the market that cleared in it), built once per period, and the readings
// several metrics share (shares of home usage, the frontier, the FLOP line). The metrics' compute
// functions (sim/metric-catalog.ts) read only this. Portable.
import type { Regime, Scenario } from "./scenario/schema.js";
import type { FirmState, ModelState, PeriodEvents, World } from "./state.js";
import type { StepOutcome } from "./engine.js";
import { regimeInForce, type ModelStanding } from "./regime/standing.js";
import { capabilityOf } from "./technology.js";

/** One period as the metrics see it. */
export interface PeriodObservation {
  scenario: Scenario;
  period: number;
  /** years since the start of the run: period / periodsPerYear */
  years: number;
  /** the regime in force this period (null before its start, or without one) */
  regime: Regime | null;
  kindIds: readonly string[];
  /** the scenario's buyer segments, each once (a segment split by vetting is one id over several market segments) */
  segmentIds: readonly string[];
  /** firms that traded this period: still in the market, or left at its end */
  traded: readonly FirmState[];
  /** firms with a model on sale at the end of the period (in the Cournot market: every firm in it) */
  selling: readonly FirmState[];
  events: PeriodEvents;
  /** the Cournot market of the period (textbook mode), else null */
  cournot: { firmCount: number; priceUsdPerMtok: number; consumerSurplusUsdM: number } | null;
  /** the differentiated market of the period, else null */
  market: MarketObservation | null;
  /** best capability on sale at each clearing so far, this period's last */
  bestCapabilityHistory: readonly number[];
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
  /** J: 1 when the product's home usage is gray-market use while a regime is in force (unlicensed above a line, offshore, a leaked copy unlawful to serve: ModelStanding.gray) */
  gray: Uint8Array;
  /** home usage summed once for the metrics that share it (in product order, so to the bit what a sum over products gives), Mtok per period */
  homeUsageSums: HomeUsageSums;
  segments: readonly SegmentObservation[];
  /** S x J: share of segment s buying product j (row s at s * J) */
  sharesBySegment: Float64Array;
}

export interface HomeUsageSums {
  /** sum of u_j over gray products */
  grayMtok: number;
  /** sum of u_j over the lawful (not gray) products of each provider kind (kinds without any: absent) */
  lawfulByKindMtok: ReadonlyMap<string, number>;
  /** sum of u_j over open-weight products released by their developers (leaked copies excluded) */
  openReleasedMtok: number;
  /** sum of u_j over products outside lawful supply: gray products and every leaked copy (infringing with or without a regime) */
  outsideLawfulMtok: number;
  /** sum of u_j over leaked copies */
  leakedMtok: number;
}

export interface SegmentObservation {
  /** the scenario's segment id (the vettable and unvetted parts of a segment share it) */
  id: string;
  /** buyers in the home jurisdiction */
  home: boolean;
  /** buys only licensed or exempt models from providers under the regime */
  requiresLicensed: boolean;
  /** market size M_s, Mtok per period */
  marketSizeMtok: number;
  /** alpha_s, utility per USD per Mtok */
  priceSensitivity: number;
  /** beta_s, utility per capability point */
  capabilityTaste: number;
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
    segmentIds: Object.keys(scenario.segments),
    traded: world.firms.filter((f) => f.alive || f.exitedPeriod === t),
    selling: scenario.market.competition === "cournot" ? alive : alive.filter((f) => f.models.length > 0),
    events: world.events,
    cournot: cournot ? { firmCount: cournot.firmCount, priceUsdPerMtok: cournot.price, consumerSurplusUsdM: cournot.consumerSurplus } : null,
    market: cournot || !outcome.market ? null : marketObservation(world, outcome.market, regime),
    bestCapabilityHistory: world.bestCapabilityHistory,
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
  // gray = the standing's rule: unlicensed operation exists only under a regime, and a leaked copy is gray only where serving it is unlawful
  const gray = Uint8Array.from(market.standings, (standing) => (standing.gray ? 1 : 0));
  const segments = world.segmentIds.map((id, s) => ({
    id,
    home: market.homeSegment[s] !== 0,
    requiresLicensed: world.scenario.segments[id].requiresLicensed,
    marketSizeMtok: problem.marketSize[s],
    priceSensitivity: world.scenario.segments[id].priceSensitivityPerUsd,
    capabilityTaste: world.scenario.segments[id].capabilityTaste,
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
    homeUsageSums: homeUsageSumsOf({ products: market.products, providers: market.providers, standings: market.standings, homeUsageMtok, gray }),
    segments,
    sharesBySegment: result.shares,
  };
}

/** The home-usage sums of a cleared market, in one pass over the products in order. */
export function homeUsageSumsOf(m: Pick<MarketObservation, "products" | "providers" | "standings" | "homeUsageMtok" | "gray">): HomeUsageSums {
  const sums = { grayMtok: 0, lawfulByKindMtok: new Map<string, number>(), openReleasedMtok: 0, outsideLawfulMtok: 0, leakedMtok: 0 };
  for (let j = 0; j < m.products.length; j++) {
    const usage = m.homeUsageMtok[j];
    const provider = m.providers[j];
    const leaked = m.standings[j].status === "leaked";
    if (m.gray[j]) sums.grayMtok += usage;
    else if (provider) sums.lawfulByKindMtok.set(provider.kindId, (sums.lawfulByKindMtok.get(provider.kindId) ?? 0) + usage);
    if (m.products[j].open && !leaked) sums.openReleasedMtok += usage;
    if (leaked) sums.leakedMtok += usage;
    if (m.gray[j] || leaked) sums.outsideLawfulMtok += usage;
  }
  return sums;
}

// ---------------------------------------------------------------------------------------------
// Readings several metrics share

// s = u / U, the share of home usage; undefined (NaN) when nobody at home buys (0/0)
export function shareOfHomeUsage(o: PeriodObservation, usageMtok: number): number {
  const total = o.market!.homeUsageTotalMtok;
  return total > 0 ? usageMtok / total : Number.NaN;
}

/** Sum of f(j) over the products j of the market (in product order, so sums are reproducible to the bit). */
export function sumOverProducts(o: PeriodObservation, term: (j: number) => number): number {
  let sum = 0;
  for (let j = 0; j < o.market!.products.length; j++) sum += term(j);
  return sum;
}

/** The product holds a home licence (full or light tier). */
/** product j is a leaked copy of a closed model (served at cost by anyone) */
export const isLeaked = (o: PeriodObservation, j: number): boolean => o.market!.standings[j].status === "leaked";

export const isLicensed = (o: PeriodObservation, j: number): boolean => {
  const status = o.market!.standings[j].status;
  return status === "licensed" || status === "light";
};

/** Home usage of lawful sales by providers of one kind, Mtok per period. */
export function kindUsageMtok(o: PeriodObservation, kindId: string): number {
  return o.market!.homeUsageSums.lawfulByKindMtok.get(kindId) ?? 0;
}

/** Distinct firms among the providers of the products that pass `include`. */
export function firmsAmongProducts(o: PeriodObservation, include: (j: number) => boolean): number {
  const firms = new Set<number>();
  for (let j = 0; j < o.market!.products.length; j++) {
    const firm = o.market!.providers[j];
    if (firm && include(j)) firms.add(firm.id);
  }
  return firms.size;
}

/** Best capability on sale at the end of the period, -Infinity when nothing is on sale. */
export function bestCapabilityOnSale(o: PeriodObservation): number {
  let best = -Infinity;
  for (const f of o.selling) for (const m of f.models) best = Math.max(best, m.capability);
  return best;
}

/** Firms with a model within the frontier window of the best capability on sale. */
export function frontierFirms(o: PeriodObservation): FirmState[] {
  const best = bestCapabilityOnSale(o);
  const window = o.scenario.metrics.frontierWindowCapability;
  return o.selling.filter((f) => f.models.some((m) => m.capability >= best - window));
}

/** The licensing FLOP line of the scenario's regime (whether or not it is in force yet), null without one. */
export function flopLine(o: PeriodObservation): number | null {
  const line = o.scenario.regime?.thresholdFlop ?? null;
  return line !== null && line > 0 ? line : null;
}

/** Capability a run at the FLOP line reaches now: log10(line) + log10 A(t). */
export const lineCapability = (o: PeriodObservation, line: number): number => capabilityOf(o.scenario.technology, line, o.years, false);

/** Total over the scenario's provider kinds of a count by kind. */
export function sumOverKinds(o: PeriodObservation, counts: ReadonlyMap<string, number>): number {
  let total = 0;
  for (const kindId of o.kindIds) total += counts.get(kindId) ?? 0;
  return total;
}

/** The value in the differentiated market; undefined in the Cournot market (the metric does not apply). */
export const differentiated = <T>(o: PeriodObservation, value: () => T): T | undefined => (o.market ? value() : undefined);
