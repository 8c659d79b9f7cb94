// Observation: the metrics of one period (ids and units in sim/metric-catalog.ts) and the firm rows.
import type { Regime } from "./scenario/schema.js";
import type { FirmRow, MetricRow } from "./output.js";
import type { World } from "./state.js";
import { periodProfitUsdM } from "./state.js";
import type { StepOutcome } from "./engine.js";
import { concentrationRatio, herfindahl } from "./metrics.js";
import { isGrayStatus, modelStanding, regimeInForce } from "./regime/standing.js";
import { capabilityOf, frontierCapability } from "./technology.js";

export function observePeriod(world: World, outcome: StepOutcome): MetricRow[] {
  const { scenario } = world;
  const t = world.period;
  const ppy = scenario.periodsPerYear;
  const year = scenario.startYear + t / ppy;
  const regime: Regime | null = regimeInForce(scenario.regime, t) ? scenario.regime : null;
  const rows: MetricRow[] = [];
  const put = (metric: string, value: number) => rows.push({ period: t, year, metric, value });
  const alive = world.firms.filter((f) => f.alive);
  // firms that traded this period: still in the market, or left at its end
  const traded = world.firms.filter((f) => f.alive || f.exitedPeriod === t);
  const firmsWithHomeUsage = traded.map((f) => f.period.homeUsageMtok);
  const firmsWithHomeRevenue = traded.map((f) => f.period.homeRevenueUsdM);

  put("hhi_usage", herfindahl(firmsWithHomeUsage));
  put("hhi_revenue", herfindahl(firmsWithHomeRevenue));
  put("cr4_usage", concentrationRatio(firmsWithHomeUsage, 4));
  put("cr4_revenue", concentrationRatio(firmsWithHomeRevenue, 4));

  const selling = world.scenario.market.competition === "cournot" ? alive : alive.filter((f) => f.models.length > 0);
  put("providers", selling.length);
  for (const kindId of world.kindIds) put(`providers.${kindId}`, selling.filter((f) => f.kindId === kindId).length);

  let revenue = 0;
  for (const f of traded) revenue += f.period.revenueUsdM;
  put("revenue", revenue);
  put("compliance_spend", world.events.complianceSpendUsdM);
  for (const [name, counts] of [
    ["entries", world.events.entries],
    ["exits", world.events.exits],
    ["relocations", world.events.relocations],
  ] as const) {
    let total = 0;
    for (const kindId of world.kindIds) {
      const n = counts.get(kindId) ?? 0;
      total += n;
      put(`${name}.${kindId}`, n);
    }
    put(name, total);
  }
  put("incumbent_profit", traded.filter((f) => f.incumbent).reduce((sum, f) => sum + periodProfitUsdM(f.period), 0));

  if (outcome.cournot) {
    const c = outcome.cournot;
    put("mean_price", c.price);
    put("consumer_surplus", c.consumerSurplus);
    put("frontier_providers", c.firmCount);
    return rows;
  }
  const market = outcome.market!;
  const { problem, result } = market;
  const J = problem.productCount;
  const S = problem.segmentCount;

  // home usage by product
  const homeUsage = new Float64Array(J);
  let homeTotal = 0;
  for (let j = 0; j < J; j++) {
    for (let s = 0; s < S; s++) if (market.homeSegment[s]) homeUsage[j] += problem.marketSize[s] * result.shares[s * J + j];
    homeTotal += homeUsage[j];
  }
  const share = (u: number) => (homeTotal > 0 ? u / homeTotal : 0);

  // status counts
  const licensedFirms = new Set<number>();
  const grayFirms = new Set<number>();
  let grayUsage = 0;
  let openUsage = 0;
  let priceUsage = 0;
  let licensedPriceUsage = 0;
  let licensedUsage = 0;
  const kindUsage = new Map(world.kindIds.map((k) => [k, 0]));
  for (let j = 0; j < J; j++) {
    const standing = market.standings[j];
    const firm = market.providers[j];
    const model = market.products[j];
    const gray = isGrayStatus(standing.status) && (regime !== null || standing.status === "leaked");
    if (gray) grayUsage += homeUsage[j];
    else if (firm) kindUsage.set(firm.kindId, kindUsage.get(firm.kindId)! + homeUsage[j]);
    if (model.open) openUsage += homeUsage[j];
    priceUsage += result.prices[j] * homeUsage[j];
    if (standing.status === "licensed" || standing.status === "light") {
      licensedPriceUsage += result.prices[j] * homeUsage[j];
      licensedUsage += homeUsage[j];
      if (firm) licensedFirms.add(firm.id);
    }
    if (firm && gray && homeUsage[j] > 0) grayFirms.add(firm.id);
  }
  put("providers_licensed", licensedFirms.size);
  put(
    "providers_exempt",
    selling.filter((f) => regime !== null && f.jurisdiction === regime.jurisdiction && f.models.every((m) => modelStanding(m, f.jurisdiction, regime).status === "exempt")).length,
  );
  put("providers_gray", grayFirms.size);
  put("providers_outside_home", selling.filter((f) => f.jurisdiction !== scenario.homeJurisdiction).length);
  put("gray_share", share(grayUsage));
  for (const kindId of world.kindIds) put(`usage_share.${kindId}`, share(kindUsage.get(kindId)!));
  put("usage_share.gray", share(grayUsage));
  put("open_weight_share", share(openUsage));
  put("mean_price", homeTotal > 0 ? priceUsage / homeTotal : 0);
  const otherUsage = homeTotal - licensedUsage;
  const otherPriceUsage = priceUsage - licensedPriceUsage;
  put("licensed_price_premium", licensedUsage > 0 && otherUsage > 0 ? licensedPriceUsage / licensedUsage / (otherPriceUsage / otherUsage) - 1 : 0);
  let surplus = 0;
  for (let s = 0; s < S; s++) if (market.homeSegment[s]) surplus += market.surplusUsd[s] / 1e6;
  put("consumer_surplus", surplus);
  let enterpriseBuyers = 0;
  let enterpriseAdopters = 0;
  for (let s = 0; s < S; s++) {
    if (!market.homeSegment[s] || !scenario.segments[world.segmentIds[s]].enterprise) continue;
    enterpriseBuyers += market.segmentBuyers[s];
    enterpriseAdopters += market.segmentBuyers[s] * (1 - result.outsideShares[s]);
  }
  put("enterprise_adoption", enterpriseBuyers > 0 ? enterpriseAdopters / enterpriseBuyers : 0);

  // the frontier: firms whose best model is within the window of the best model on sale
  let best = -Infinity;
  for (const f of selling) for (const m of f.models) best = Math.max(best, m.capability);
  const window = scenario.metrics.frontierWindowCapability;
  const frontierFirms = selling.filter((f) => f.models.some((m) => m.capability >= best - window));
  put("frontier_providers", frontierFirms.length);
  put("frontier_share_outside_home", frontierFirms.length > 0 ? frontierFirms.filter((f) => f.jurisdiction !== scenario.homeJurisdiction).length / frontierFirms.length : 0);
  put("best_capability", Number.isFinite(best) ? best : 0);
  const delays = world.events.releaseDelays;
  put("mean_release_delay", delays.length > 0 ? delays.reduce((a, b) => a + b, 0) / delays.length / (ppy / 4) : 0);
  const line = scenario.regime?.thresholdFlop ?? null;
  if (line !== null && line > 0) {
    const years = t / ppy;
    const lineCapability = capabilityOf(scenario.technology, line, years, false);
    const startFrontier = frontierCapability(scenario.technology, 0);
    // how far the market's best model is above what a run at the line reaches now
    put("threshold_capability_gap", (Number.isFinite(best) ? best : frontierCapability(scenario.technology, years)) - lineCapability);
    // threshold erosion (H7): a run at the line now beats the start-of-run frontier by this much (log10 A(t) + log10(line / C0))
    put("line_capability_above_start_frontier", lineCapability - startFrontier);
    let capableBelow = 0;
    for (const f of selling) for (const m of f.models) if (m.trainingFlop < line && m.capability > startFrontier) capableBelow++;
    put("capable_models_below_line", capableBelow);
  }
  put("training_runs", world.events.trainingRuns);
  put("releases", world.events.releases);
  put("blocked_releases", world.events.blockedReleases);
  put("leaks", world.events.leaks);
  put("detections", world.events.detections);
  put("pricing_converged", world.events.pricingConverged ? 1 : 0);
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
