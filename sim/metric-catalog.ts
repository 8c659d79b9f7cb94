// The metric registry: every metric a run reports, once, with its id, label, unit kind, wording and
// the function that computes it from the observation of one period (sim/observation.ts).
// Observation, charts, the CLI summaries, the page's readout, the claims report and `moat metrics`
// read it. The order here is the order of the rows in metrics.csv.
// Metrics "by kind" are reported once per provider kind as `<id>.<kindId>` (e.g. `entries.startup`),
// and a family over segments once per buyer segment (`hhi_segment.developers`).
// To add a metric: add an entry here (and, if it needs a fact the observation lacks, the field in
// sim/observation.ts); test/metric-catalog.test.ts checks it is emitted. Portable.
import {
  kindLabel,
  unitText,
  unitWords,
  type ByKindMetric,
  type MetricDefinition,
  type MetricInfo,
  type MetricMeasure,
  type ScalarMetric,
} from "./metric-definition.js";
import { concentrationRatio, herfindahl, herfindahlWithFringe } from "./metrics.js";
import {
  bestCapabilityOnSale,
  differentiated,
  firmsAmongProducts,
  flopLine,
  frontierFirms,
  isLicensed,
  kindUsageMtok,
  lineCapability,
  shareOfHomeUsage,
  sumOverKinds,
  sumOverProducts,
  type PeriodObservation,
} from "./observation.js";
import { modelStanding } from "./regime/standing.js";
import { periodOperatingProfitUsdM, periodProfitUsdM } from "./state.js";
import { frontierCapability, frontierCapabilityGrowthPerYear } from "./technology.js";

export * from "./metric-definition.js";

const FIRMS: MetricMeasure = { kind: "count", of: "firms", perPeriod: false };
const FIRMS_PER_PERIOD: MetricMeasure = { kind: "count", of: "firms", perPeriod: true };
const MODELS_PER_PERIOD: MetricMeasure = { kind: "count", of: "models", perPeriod: true };
const USD_M_PER_PERIOD: MetricMeasure = { kind: "money-per-period" };
const SHARE_OF_HOME_USAGE: MetricMeasure = { kind: "share", of: "home usage" };

/** Per firm (in first-seen product order), the summed usage(j) of its products that pass `include`. */
function usageByFirm(o: PeriodObservation, include: (j: number) => boolean, usage: (j: number) => number): number[] {
  const m = o.market!;
  const byFirm = new Map<number, number>();
  for (let j = 0; j < m.products.length; j++) {
    const firm = m.providers[j];
    if (!firm || !include(j)) continue;
    byFirm.set(firm.id, (byFirm.get(firm.id) ?? 0) + usage(j));
  }
  return [...byFirm.values()];
}

/** A product sold lawfully to home buyers: a provider's, not gray, with home usage. */
const lawfulAtHome = (o: PeriodObservation, j: number): boolean => o.market!.providers[j] !== null && !o.market!.gray[j] && o.market!.homeUsageMtok[j] > 0;

/** Open weights and leaked copies are hosted by anyone at cost: a competitive fringe, not their releaser's sales. */
const hostedByAnyone = (o: PeriodObservation, j: number): boolean => o.market!.providers[j] === null || o.market!.products[j].open;

// u_sj = M_s s_sj: usage of product j in segment s, Mtok per period
const segmentUsageMtok = (o: PeriodObservation, s: number, j: number): number =>
  o.market!.segments[s].marketSizeMtok * o.market!.sharesBySegment[s * o.market!.products.length + j];

/**
 * Frontier window tied to realised progress: w = k*(t) - k*(t - q), the capability the best model on
 * sale gained over the last q = metrics.frontierWindowQuarters quarters; before q quarters have been
 * observed, the technology trend over q quarters.
 */
function realisedFrontierWindow(o: PeriodObservation): number {
  const ppy = o.scenario.periodsPerYear;
  const lag = Math.max(1, Math.round((o.scenario.metrics.frontierWindowQuarters * ppy) / 4));
  const h = o.bestCapabilityHistory;
  if (h.length > lag) return Math.max(0, h[h.length - 1] - h[h.length - 1 - lag]);
  return (frontierCapabilityGrowthPerYear(o.scenario.technology) * lag) / ppy;
}

/** Capabilities of the products sold lawfully at home within the realised frontier window of the best model on sale. */
function lawfulFrontierProducts(o: PeriodObservation): number[] {
  const best = bestCapabilityOnSale(o);
  const window = realisedFrontierWindow(o);
  const products: number[] = [];
  for (let j = 0; j < o.market!.products.length; j++) if (lawfulAtHome(o, j) && o.market!.products[j].capability >= best - window) products.push(j);
  return products;
}

/** Distinct levels among sorted values: a value more than `tolerance` above the previous level starts a new one. */
function distinctLevels(values: readonly number[], tolerance: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  let levels = 0;
  let level = -Infinity;
  for (const v of sorted) if (v > level + tolerance) {
    levels++;
    level = v;
  }
  return levels;
}

/**
 * theta = sum_s u_s (beta_s / alpha_s) / sum_s u_s over home segments: the usage-weighted willingness
 * to pay for one capability point, USD per Mtok per point.
 */
function capabilityPriceUsdPerPoint(o: PeriodObservation): number {
  let weighted = 0;
  let usage = 0;
  for (const segment of o.market!.segments) {
    if (!segment.home) continue;
    const used = segment.marketSizeMtok * (1 - segment.outsideShare);
    weighted += used * (segment.capabilityTaste / segment.priceSensitivity);
    usage += used;
  }
  return usage > 0 ? weighted / usage : 0;
}

// ---------------------------------------------------------------------------------------------
// The registry, in the order of the rows of metrics.csv

export const METRIC_REGISTRY: readonly MetricDefinition[] = [
  {
    id: "hhi_usage",
    label: "HHI (usage shares)",
    measure: { kind: "index-points", index: "HHI" },
    description: "Herfindahl-Hirschman index on providers' shares of home-market usage",
    noun: "market concentration",
    headline: 1,
    directionForBuyers: "lower-is-better",
    compute: (o) => herfindahl(o.traded.map((f) => f.period.homeUsageMtok)),
  },
  {
    id: "hhi_lawful",
    label: "HHI (lawful home supply)",
    measure: { kind: "index-points", index: "HHI" },
    description: "HHI on providers' shares of lawful home usage: gray, offshore-unlicensed and leaked supply left out (H1: concentration among the suppliers buyers may lawfully use)",
    noun: "concentration of lawful supply",
    directionForBuyers: "lower-is-better",
    compute: (o) => differentiated(o, () => herfindahl(usageByFirm(o, (j) => lawfulAtHome(o, j), (j) => o.market!.homeUsageMtok[j]))),
  },
  {
    id: "hhi_regulated",
    label: "HHI (regulated buyers)",
    measure: { kind: "index-points", index: "HHI" },
    description: "HHI on providers' shares of usage within the home segments that buy only licensed or exempt models (requiresLicensed): the market a licence reserves",
    noun: "concentration among regulated buyers",
    directionForBuyers: "lower-is-better",
    compute: (o) =>
      differentiated(o, () => {
        const m = o.market!;
        const regulated = m.segments.map((segment, s) => (segment.home && segment.requiresLicensed ? s : -1)).filter((s) => s >= 0);
        return herfindahl(usageByFirm(o, () => true, (j) => regulated.reduce((sum, s) => sum + segmentUsageMtok(o, s, j), 0)));
      }),
  },
  {
    id: "hhi_hosted",
    label: "HHI (open weights hosted by all)",
    measure: { kind: "index-points", index: "HHI" },
    description: "HHI of home usage with open-weight and leaked models served by a competitive fringe of hosts (atomistic) rather than credited to the releasing firm; closed models credited to their provider",
    noun: "concentration with open weights as a competitive fringe",
    directionForBuyers: "lower-is-better",
    compute: (o) =>
      differentiated(o, () => {
        const m = o.market!;
        const fringe = sumOverProducts(o, (j) => (hostedByAnyone(o, j) ? m.homeUsageMtok[j] : 0));
        return herfindahlWithFringe(usageByFirm(o, (j) => !hostedByAnyone(o, j), (j) => m.homeUsageMtok[j]), fringe);
      }),
  },
  {
    id: "hhi_segment",
    byKind: true,
    members: "segments",
    label: "HHI by buyer segment",
    measure: { kind: "index-points", index: "HHI" },
    description:
      "HHI on providers' shares of usage within one buyer segment (its vettable and unvetted parts summed); like hhi_usage, every provider counts (gray and offshore too), open-weight usage is credited to the releasing firm and leaked copies are left out",
    directionForBuyers: "lower-is-better",
    labelOf: (segmentId) => `HHI: ${segmentId}`,
    nounOf: (segmentId) => `concentration among ${segmentId} buyers`,
    compute: (o, segmentId) =>
      differentiated(o, () => {
        const parts = o.market!.segments.flatMap((segment, s) => (segment.id === segmentId ? [s] : []));
        return herfindahl(usageByFirm(o, () => true, (j) => parts.reduce((sum, s) => sum + segmentUsageMtok(o, s, j), 0)));
      }),
  },
  {
    id: "hhi_revenue",
    label: "HHI (revenue shares)",
    measure: { kind: "index-points", index: "HHI" },
    description: "Herfindahl-Hirschman index on providers' shares of home-market revenue",
    noun: "revenue concentration",
    directionForBuyers: "lower-is-better",
    compute: (o) => herfindahl(o.traded.map((f) => f.period.homeRevenueUsdM)),
  },
  {
    id: "cr4_usage",
    label: "CR4 (usage)",
    measure: { kind: "share", of: null },
    description: "combined home-market usage share of the four largest providers",
    noun: "the top four's usage share",
    directionForBuyers: "lower-is-better",
    compute: (o) => concentrationRatio(o.traded.map((f) => f.period.homeUsageMtok), 4),
  },
  {
    id: "cr4_revenue",
    label: "CR4 (revenue)",
    measure: { kind: "share", of: null },
    description: "combined home-market revenue share of the four largest providers",
    noun: "the top four's revenue share",
    directionForBuyers: "lower-is-better",
    compute: (o) => concentrationRatio(o.traded.map((f) => f.period.homeRevenueUsdM), 4),
  },
  {
    id: "providers",
    label: "Providers",
    measure: FIRMS,
    description: "firms with at least one model on sale anywhere",
    noun: "the number of providers",
    directionForBuyers: "higher-is-better",
    compute: (o) => o.selling.length,
  },
  {
    id: "providers",
    byKind: true,
    label: "Providers by kind",
    measure: FIRMS,
    description: "firms of each kind with a model on sale",
    labelOf: (kindId) => `Providers: ${kindId}`,
    nounOf: (kindId) => `the number of providers: ${kindId}`,
    compute: (o, kindId) => o.selling.filter((f) => f.kindId === kindId).length,
  },
  {
    id: "revenue",
    label: "Provider revenue",
    measure: USD_M_PER_PERIOD,
    description: "buyers' spending on models, all markets",
    noun: "the provider revenue",
    compute: (o) => {
      let revenue = 0;
      for (const f of o.traded) revenue += f.period.revenueUsdM;
      return revenue;
    },
  },
  {
    id: "compliance_spend",
    label: "Compliance spend",
    measure: USD_M_PER_PERIOD,
    description: "all payments to the compliance industry and licence fees (fixed + variable)",
    noun: "compliance spending",
    headline: 6,
    zeroWithoutRegime: true,
    compute: (o) => o.events.complianceSpendUsdM,
  },
  {
    id: "compliance_spend_fixed",
    label: "Compliance spend, fixed",
    measure: USD_M_PER_PERIOD,
    description: "licence fees, weight security, per-model monitoring and red-teaming: paid whatever a model sells",
    noun: "fixed compliance spending",
    zeroWithoutRegime: true,
    compute: (o) => o.events.complianceSpendFixedUsdM,
  },
  {
    id: "compliance_spend_variable",
    label: "Compliance spend, variable",
    measure: USD_M_PER_PERIOD,
    description: "vetting per enterprise customer and the monitoring serving overhead: paid with sales",
    noun: "variable compliance spending",
    zeroWithoutRegime: true,
    compute: (o) => o.events.complianceSpendVariableUsdM,
  },
  {
    id: "entries",
    byKind: true,
    label: "Entries by kind",
    measure: FIRMS_PER_PERIOD,
    description: "entries by provider kind",
    labelOf: (kindId) => `Entries: ${kindId}`,
    nounOf: (kindId) => `the number of entries: ${kindId}`,
    compute: (o, kindId) => o.events.entries.get(kindId) ?? 0,
  },
  {
    id: "entries",
    label: "Entries",
    measure: FIRMS_PER_PERIOD,
    description: "firms entering the market this period",
    noun: "the number of entries",
    compute: (o) => sumOverKinds(o, o.events.entries),
  },
  {
    id: "exits",
    byKind: true,
    label: "Exits by kind",
    measure: FIRMS_PER_PERIOD,
    description: "exits by provider kind",
    labelOf: (kindId) => `Exits: ${kindId}`,
    nounOf: (kindId) => `the number of exits: ${kindId}`,
    compute: (o, kindId) => o.events.exits.get(kindId) ?? 0,
  },
  {
    id: "exits",
    label: "Exits",
    measure: FIRMS_PER_PERIOD,
    description: "firms leaving the market this period",
    noun: "the number of exits",
    compute: (o) => sumOverKinds(o, o.events.exits),
  },
  {
    id: "relocations",
    byKind: true,
    label: "Relocations by kind",
    measure: FIRMS_PER_PERIOD,
    description: "relocations by provider kind",
    labelOf: (kindId) => `Relocations: ${kindId}`,
    nounOf: (kindId) => `the number of relocations: ${kindId}`,
    compute: (o, kindId) => o.events.relocations.get(kindId) ?? 0,
  },
  {
    id: "relocations",
    label: "Relocations",
    measure: FIRMS_PER_PERIOD,
    description: "firms moving out of (or into) the home jurisdiction this period",
    noun: "the number of relocations",
    compute: (o) => sumOverKinds(o, o.events.relocations),
  },
  {
    id: "incumbent_operating_profit",
    label: "Incumbents' operating profit",
    measure: USD_M_PER_PERIOD,
    description: "revenue - serving - compliance - penalties - overhead of the firms in the initial roster (investment not subtracted)",
    noun: "the incumbents' operating profit",
    compute: (o) => o.traded.filter((f) => f.incumbent).reduce((sum, f) => sum + periodOperatingProfitUsdM(f.period), 0),
  },
  {
    id: "incumbent_investment",
    label: "Incumbents' investment",
    measure: USD_M_PER_PERIOD,
    description: "training runs, entry and relocation paid by the firms in the initial roster",
    noun: "the incumbents' investment",
    compute: (o) => o.traded.filter((f) => f.incumbent).reduce((sum, f) => sum + f.period.investmentUsdM, 0),
  },
  {
    id: "incumbent_cash_flow",
    label: "Incumbents' cash flow",
    measure: USD_M_PER_PERIOD,
    description: "operating profit - investment of the firms in the initial roster (before funding)",
    noun: "the incumbents' cash flow",
    compute: (o) => o.traded.filter((f) => f.incumbent).reduce((sum, f) => sum + periodProfitUsdM(f.period), 0),
  },
  {
    id: "providers_licensed",
    label: "Licensed providers",
    measure: FIRMS,
    description: "firms holding a home licence for at least one model on sale",
    noun: "the number of licensed providers",
    zeroWithoutRegime: true,
    compute: (o) => differentiated(o, () => firmsAmongProducts(o, (j) => isLicensed(o, j))),
  },
  {
    id: "providers_exempt",
    label: "Exempt providers",
    measure: FIRMS,
    description: "home-jurisdiction firms whose models on sale are all below every licensing line",
    noun: "the number of exempt providers",
    zeroWithoutRegime: true,
    compute: (o) =>
      differentiated(o, () => {
        const regime = o.regime;
        if (regime === null) return 0;
        return o.selling.filter((f) => f.jurisdiction === regime.jurisdiction && f.models.every((m) => modelStanding(m, f.jurisdiction, regime).status === "exempt")).length;
      }),
  },
  {
    id: "providers_gray",
    label: "Gray providers",
    measure: FIRMS,
    description: "firms serving home buyers with an unlicensed model above a licensing line",
    noun: "the number of gray providers",
    compute: (o) => differentiated(o, () => firmsAmongProducts(o, (j) => o.market!.gray[j] === 1 && o.market!.homeUsageMtok[j] > 0)),
  },
  {
    id: "providers_outside_home",
    label: "Providers outside home",
    measure: FIRMS,
    description: "firms located outside the home jurisdiction with a model on sale",
    noun: "the number of providers outside home",
    compute: (o) => differentiated(o, () => o.selling.filter((f) => f.jurisdiction !== o.scenario.homeJurisdiction).length),
  },
  {
    id: "gray_share",
    label: "Gray-market share",
    measure: SHARE_OF_HOME_USAGE,
    description: "home usage, while a regime is in force, of unlicensed above-line models, offshore/foreign providers of above-line models without a licence, and leaked weights that are unlawful to serve (in a tier or above an open-release line) (0 without a regime)",
    noun: "the gray-market share",
    headline: 3,
    compute: (o) => differentiated(o, () => shareOfHomeUsage(o, o.market!.homeUsageSums.grayMtok)),
  },
  {
    id: "usage_share",
    byKind: true,
    extraBands: ["gray"],
    label: "Usage share by provider kind",
    measure: SHARE_OF_HOME_USAGE,
    description: "home usage share of each provider kind's lawful sales; the gray market is its own band `usage_share.gray`",
    labelOf: (kindId) => `Usage share: ${kindId}`,
    nounOf: (kindId) => `the ${kindLabel(kindId).toLowerCase()} usage share`,
    compute: (o, kindId) =>
      differentiated(o, () =>
        shareOfHomeUsage(o, kindId === "gray" ? o.market!.homeUsageSums.grayMtok : kindUsageMtok(o, kindId)),
      ),
  },
  {
    id: "open_weight_share",
    label: "Open-weight share",
    measure: SHARE_OF_HOME_USAGE,
    description: "home usage of open-weight models released by their developers (local inference users control); leaked copies are not counted",
    noun: "the open-weight share",
    compute: (o) => differentiated(o, () => shareOfHomeUsage(o, o.market!.homeUsageSums.openReleasedMtok)),
  },
  {
    id: "leaked_share",
    label: "Leaked-weights share",
    measure: SHARE_OF_HOME_USAGE,
    description: "home usage of leaked copies of closed models (served at cost by anyone; also gray while a regime is in force if the model is in a tier or above an open-release line)",
    noun: "the leaked-weights share",
    compute: (o) => differentiated(o, () => shareOfHomeUsage(o, o.market!.homeUsageSums.leakedMtok)),
  },
  {
    id: "outside_lawful_share",
    label: "Share outside lawful supply",
    measure: SHARE_OF_HOME_USAGE,
    description:
      "home usage of gray products and of every leaked copy (infringing with or without a regime): use that moved underground, counted the same in every arm, where gray_share relabels existing leaks once a line exists",
    noun: "the share outside lawful supply",
    compute: (o) => differentiated(o, () => shareOfHomeUsage(o, o.market!.homeUsageSums.outsideLawfulMtok)),
  },
  {
    id: "mean_price",
    label: "Mean price",
    measure: { kind: "price" },
    description: "usage-weighted mean price paid in the home market",
    noun: "the mean price",
    headline: 4,
    directionForBuyers: "lower-is-better",
    // p = sum_j p_j u_j / sum_j u_j over home usage u_j (the Cournot market has one price)
    compute: (o) => {
      if (o.cournot) return o.cournot.priceUsdPerMtok;
      const m = o.market!;
      const total = m.homeUsageTotalMtok;
      // undefined (NaN) when nobody at home buys: no price is paid
      return total > 0 ? sumOverProducts(o, (j) => m.pricesUsdPerMtok[j] * m.homeUsageMtok[j]) / total : Number.NaN;
    },
  },
  {
    id: "licensed_price_premium",
    label: "Licensed price premium",
    measure: { kind: "ratio-minus-one" },
    description: "usage-weighted mean price of licensed models over that of other models, minus one (0 when either group is empty)",
    noun: "the licensed price premium",
    zeroWithoutRegime: true,
    // premium = (sum_L p u / sum_L u) / (sum_O p u / sum_O u) - 1, L licensed products, O the others
    compute: (o) =>
      differentiated(o, () => {
        const m = o.market!;
        const priceUsage = sumOverProducts(o, (j) => m.pricesUsdPerMtok[j] * m.homeUsageMtok[j]);
        const licensedPriceUsage = sumOverProducts(o, (j) => (isLicensed(o, j) ? m.pricesUsdPerMtok[j] * m.homeUsageMtok[j] : 0));
        const licensedUsage = sumOverProducts(o, (j) => (isLicensed(o, j) ? m.homeUsageMtok[j] : 0));
        const otherUsage = m.homeUsageTotalMtok - licensedUsage;
        const otherPriceUsage = priceUsage - licensedPriceUsage;
        return licensedUsage > 0 && otherUsage > 0 ? licensedPriceUsage / licensedUsage / (otherPriceUsage / otherUsage) - 1 : 0;
      }),
  },
  {
    id: "licensed_premium_quality_adjusted",
    label: "Licensed premium, quality-adjusted",
    measure: { kind: "price" },
    description: "usage-weighted mean quality-adjusted price of licensed models minus that of the other models sold at home; quality-adjusted price = p - theta (k - k*), theta the home buyers' usage-weighted beta/alpha (USD per Mtok per capability point), k* the best capability on sale (NaN when either group is empty)",
    noun: "the quality-adjusted licensed premium",
    // premium = mean_L(p~) - mean_O(p~), p~_j = p_j - theta (k_j - k*), means weighted by home usage
    compute: (o) =>
      differentiated(o, () => {
        const m = o.market!;
        const theta = capabilityPriceUsdPerPoint(o);
        const best = bestCapabilityOnSale(o);
        const adjusted = (j: number) => m.pricesUsdPerMtok[j] - theta * (m.products[j].capability - best);
        const licensedUsage = sumOverProducts(o, (j) => (isLicensed(o, j) ? m.homeUsageMtok[j] : 0));
        const otherUsage = sumOverProducts(o, (j) => (isLicensed(o, j) ? 0 : m.homeUsageMtok[j]));
        if (!(licensedUsage > 0 && otherUsage > 0)) return Number.NaN;
        const licensed = sumOverProducts(o, (j) => (isLicensed(o, j) ? adjusted(j) * m.homeUsageMtok[j] : 0)) / licensedUsage;
        const other = sumOverProducts(o, (j) => (isLicensed(o, j) ? 0 : adjusted(j) * m.homeUsageMtok[j])) / otherUsage;
        return licensed - other;
      }),
  },
  {
    id: "consumer_surplus",
    label: "Consumer surplus",
    measure: USD_M_PER_PERIOD,
    description: "home buyers' surplus by the logit log-sum formula",
    noun: "consumer surplus",
    headline: 5,
    directionForBuyers: "higher-is-better",
    compute: (o) => {
      if (o.cournot) return o.cournot.consumerSurplusUsdM;
      const m = o.market!;
      let surplus = 0;
      for (let s = 0; s < m.segments.length; s++) if (m.segments[s].home) surplus += m.segments[s].surplusUsd / 1e6;
      return surplus;
    },
  },
  {
    id: "enterprise_adoption",
    label: "Enterprise adoption",
    measure: { kind: "share", of: "enterprise buyers" },
    description: "share of home enterprise buyers using any model rather than the outside option",
    noun: "enterprise adoption",
    // adoption = sum_s N_s (1 - s_0s) / sum_s N_s over home enterprise segments s
    compute: (o) =>
      differentiated(o, () => {
        let buyers = 0;
        let adopters = 0;
        for (const segment of o.market!.segments) {
          if (!segment.home || !segment.enterprise) continue;
          buyers += segment.buyers;
          adopters += segment.buyers * (1 - segment.outsideShare);
        }
        return buyers > 0 ? adopters / buyers : 0;
      }),
  },
  {
    id: "frontier_providers",
    label: "Frontier providers",
    measure: FIRMS,
    description: "firms with a model within the frontier window of the best capability on sale",
    noun: "the number of frontier providers",
    headline: 2,
    directionForBuyers: "higher-is-better",
    compute: (o) => (o.cournot ? o.cournot.firmCount : frontierFirms(o).length),
  },
  {
    id: "frontier_providers_lawful",
    label: "Lawful frontier providers",
    measure: FIRMS,
    description: "firms selling lawfully to home buyers a model within the realised frontier window (the best model's progress over metrics.frontierWindowQuarters) of the best model on sale anywhere",
    noun: "the number of lawful frontier providers at home",
    directionForBuyers: "higher-is-better",
    compute: (o) => differentiated(o, () => new Set(lawfulFrontierProducts(o).map((j) => o.market!.providers[j]!.id)).size),
  },
  {
    id: "frontier_levels",
    label: "Distinct frontier models",
    measure: { kind: "count", of: "models", perPeriod: false },
    description: "distinct capability levels (0.01 points apart) among the models sold lawfully at home within the realised frontier window: copies of one run count once",
    noun: "the number of distinct frontier models at home",
    directionForBuyers: "higher-is-better",
    compute: (o) => differentiated(o, () => distinctLevels(lawfulFrontierProducts(o).map((j) => o.market!.products[j].capability), 0.01)),
  },
  {
    id: "frontier_share_outside_home",
    label: "Frontier outside home",
    measure: { kind: "share", of: null },
    description: "share of frontier-window models whose provider is outside the home jurisdiction",
    noun: "the frontier outside home",
    compute: (o) =>
      differentiated(o, () => {
        const frontier = frontierFirms(o);
        return frontier.length > 0 ? frontier.filter((f) => f.jurisdiction !== o.scenario.homeJurisdiction).length / frontier.length : 0;
      }),
  },
  {
    id: "best_capability",
    label: "Best capability",
    measure: { kind: "capability-index" },
    description: "capability of the best model on sale",
    noun: "the best capability",
    compute: (o) =>
      differentiated(o, () => {
        const best = bestCapabilityOnSale(o);
        return Number.isFinite(best) ? best : 0;
      }),
  },
  {
    id: "mean_release_delay",
    label: "Release delay",
    measure: { kind: "duration-quarters" },
    description: "mean quarters between the end of training and release, over releases this period (0 when none)",
    noun: "the release delay",
    // mean delay in periods / (periods per quarter)
    compute: (o) =>
      differentiated(o, () => {
        const delays = o.events.releaseDelays;
        return delays.length > 0 ? delays.reduce((a, b) => a + b, 0) / delays.length / (o.scenario.periodsPerYear / 4) : 0;
      }),
  },
  {
    id: "threshold_capability_gap",
    label: "Best model above the FLOP line",
    measure: { kind: "capability-points" },
    description: "capability of the best model on sale minus the capability a run at the licensing FLOP line reaches this period (only with a FLOP line)",
    noun: "the best model above the FLOP line",
    // gap = best capability on sale (the frontier when nothing is on sale) - capability of a run at the line
    compute: (o) => {
      const line = flopLine(o);
      if (!o.market || line === null) return undefined;
      const best = bestCapabilityOnSale(o);
      return (Number.isFinite(best) ? best : frontierCapability(o.scenario.technology, o.years)) - lineCapability(o, line);
    },
  },
  {
    id: "line_capability_above_start_frontier",
    label: "Line capability vs 2026 frontier",
    measure: { kind: "capability-points" },
    description:
      "capability a run at the licensing FLOP line reaches this period minus the start-of-run frontier: positive means a model just under the line beats the start-of-run frontier (threshold erosion, H7; only with a FLOP line)",
    noun: "the line capability vs 2026 frontier",
    // threshold erosion (H7): log10 A(t) + log10(line / C0), a run at the line now against the start-of-run frontier
    compute: (o) => {
      const line = flopLine(o);
      if (!o.market || line === null) return undefined;
      return lineCapability(o, line) - frontierCapability(o.scenario.technology, 0);
    },
  },
  {
    id: "capable_models_below_line",
    label: "Capable models below the line",
    measure: { kind: "count", of: "models", perPeriod: false },
    description: "models on sale below every FLOP line whose capability exceeds the start-of-run frontier",
    noun: "the number of capable models below the line",
    compute: (o) => {
      const line = flopLine(o);
      if (!o.market || line === null) return undefined;
      const startFrontier = frontierCapability(o.scenario.technology, 0);
      let capableBelow = 0;
      for (const f of o.selling) for (const m of f.models) if (m.trainingFlop < line && m.capability > startFrontier) capableBelow++;
      return capableBelow;
    },
  },
  {
    id: "training_runs",
    label: "Training runs started",
    measure: { kind: "count", of: "runs", perPeriod: true },
    description: "training runs started this period",
    noun: "the number of training runs started",
    compute: (o) => differentiated(o, () => o.events.trainingRuns),
  },
  {
    id: "releases",
    label: "Releases",
    measure: MODELS_PER_PERIOD,
    description: "models released this period",
    noun: "the number of releases",
    compute: (o) => differentiated(o, () => o.events.releases),
  },
  {
    id: "blocked_releases",
    label: "Blocked releases",
    measure: MODELS_PER_PERIOD,
    description: "models the regulator blocked at pre-release audit",
    noun: "the number of blocked releases",
    zeroWithoutRegime: true,
    compute: (o) => differentiated(o, () => o.events.blockedReleases),
  },
  {
    id: "leaks",
    label: "Weight leaks",
    measure: MODELS_PER_PERIOD,
    description: "closed models whose weights leaked this period",
    noun: "the number of weight leaks",
    compute: (o) => differentiated(o, () => o.events.leaks),
  },
  {
    id: "detections",
    label: "Enforcement actions",
    measure: { kind: "rate" },
    description: "unlicensed operations detected and penalised",
    noun: "the number of enforcement actions",
    zeroWithoutRegime: true,
    compute: (o) => differentiated(o, () => o.events.detections),
  },
  {
    id: "pricing_converged",
    label: "Pricing converged",
    measure: { kind: "flag" },
    description: "whether the Bertrand-Nash fixed point converged this period",
    noun: "the pricing converged",
    compute: (o) => differentiated(o, () => (o.events.pricingConverged ? 1 : 0)),
  },
];

// ---------------------------------------------------------------------------------------------
// Reading the registry

function describe(metric: MetricDefinition, id: string, label: string, noun: string): MetricInfo {
  const info: MetricInfo = { id, label, unit: unitText(metric.measure), measure: metric.measure, description: metric.description, noun };
  if (metric.byKind) info.byKind = true;
  if (metric.byKind && metric.members === "segments") info.members = "segments";
  if (metric.headline !== undefined) info.headline = metric.headline;
  if (metric.zeroWithoutRegime) info.zeroWithoutRegime = true;
  if (metric.directionForBuyers) info.directionForBuyers = metric.directionForBuyers;
  return info;
}

/** Every registry entry as readers see it (a by-kind family once, under its base id, with `byKind: true`). */
export const METRICS: readonly MetricInfo[] = METRIC_REGISTRY.map((m) => describe(m, m.id, m.label, m.byKind ? m.nounOf(m.members === "segments" ? "<segment>" : "<kind>") : m.noun));

const scalarById = new Map<string, ScalarMetric>();
const familyById = new Map<string, ByKindMetric>();
for (const m of METRIC_REGISTRY) {
  if (m.byKind) familyById.set(m.id, m);
  else scalarById.set(m.id, m);
}

/** Look up a metric, including by-kind ids such as `entries.startup`; undefined when unknown. */
export function metricInfo(metricId: string): MetricInfo | undefined {
  const scalar = scalarById.get(metricId);
  if (scalar) return describe(scalar, scalar.id, scalar.label, scalar.noun);
  const dot = metricId.indexOf(".");
  if (dot < 0) return undefined;
  const family = familyById.get(metricId.slice(0, dot));
  if (!family) return undefined;
  const kindId = metricId.slice(dot + 1);
  return describe(family, metricId, family.labelOf(kindId), family.nounOf(kindId));
}

/** The by-kind family of a base id (`usage_share`), undefined when the id names none. */
export function byKindFamily(baseId: string): ByKindMetric | undefined {
  return familyById.get(baseId);
}

/** The label of a metric id (the id itself when unknown). */
export function metricLabel(metricId: string): string {
  return metricInfo(metricId)?.label ?? metricId;
}

/** The unit of a metric id in words, without its range: "share of home usage" ("" when unknown). */
export function metricUnitWords(metricId: string): string {
  const info = metricInfo(metricId);
  return info ? unitWords(info.measure) : "";
}

/** The members a family reports in a scenario: its provider kinds and extra bands, or its buyer segments. */
export function familyMembers(metric: ByKindMetric, kindIds: readonly string[], segmentIds: readonly string[]): string[] {
  return metric.members === "segments" ? [...segmentIds] : [...kindIds, ...(metric.extraBands ?? [])];
}

/** The ids a run of a scenario with these provider kinds and buyer segments can report, in the order of metrics.csv. */
export function metricIds(kindIds: readonly string[], segmentIds: readonly string[] = []): string[] {
  const ids: string[] = [];
  for (const m of METRIC_REGISTRY) {
    if (m.byKind) for (const member of familyMembers(m, kindIds, segmentIds)) ids.push(`${m.id}.${member}`);
    else ids.push(m.id);
  }
  return ids;
}

/** The headline metrics of the run and study summaries, in rank order. */
export const HEADLINE_METRICS: readonly string[] = METRIC_REGISTRY.filter((m) => m.headline !== undefined)
  .sort((a, b) => a.headline! - b.headline!)
  .map((m) => m.id);

/** Headline metrics that exist without a regime: what a regime does to them is a comparison, not a level. */
export const REGIME_EFFECT_METRICS: readonly string[] = HEADLINE_METRICS.filter((id) => !metricInfo(id)!.zeroWithoutRegime);
