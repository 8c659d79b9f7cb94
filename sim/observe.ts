// Observation: the metric rows of one period, computed by the registry (sim/metric-catalog.ts) from
// the period's observation (sim/observation.ts), and the firm rows.
import type { FirmRow, MetricRow } from "./output.js";
import type { World } from "./state.js";
import { periodOperatingProfitUsdM, periodProfitUsdM } from "./state.js";
import type { StepOutcome } from "./engine.js";
import { familyMembers, METRIC_REGISTRY, type ByKindMetric, type MetricDefinition, type ScalarMetric } from "./metric-catalog.js";
import { observation } from "./observation.js";
import { modelStanding, regimeInForce } from "./regime/standing.js";

/** The metric rows of one period: each registered metric that applies, in registry order. */
export function observePeriod(world: World, outcome: StepOutcome): MetricRow[] {
  const o = observation(world, outcome);
  const period = o.period;
  const year = o.scenario.startYear + o.period / o.scenario.periodsPerYear;
  const rows: MetricRow[] = [];
  for (const { metric, kindId, id } of emissionsOf(o.kindIds, o.segmentIds)) {
    const value = kindId === null ? (metric as ScalarMetric).compute(o) : (metric as ByKindMetric).compute(o, kindId);
    if (value !== undefined) rows.push({ period, year, metric: id, value });
  }
  return rows;
}

/** Each metric a run emits, in registry order: a scalar once, a family once per member (kind and extra band, or buyer segment). */
interface Emission {
  metric: MetricDefinition;
  /** the family member (kind or segment id), null for a scalar */
  kindId: string | null;
  /** the row's metric id: `<id>` or `<id>.<member>` */
  id: string;
}
// keyed by the world's kind list: one world has one scenario, so its segments are fixed with it
const emissionsByKinds = new WeakMap<readonly string[], Emission[]>();
function emissionsOf(kindIds: readonly string[], segmentIds: readonly string[]): Emission[] {
  let emissions = emissionsByKinds.get(kindIds);
  if (!emissions) {
    emissions = [];
    for (const metric of METRIC_REGISTRY) {
      if (metric.byKind) for (const member of familyMembers(metric, kindIds, segmentIds)) emissions.push({ metric, kindId: member, id: `${metric.id}.${member}` });
      else emissions.push({ metric, kindId: null, id: metric.id });
    }
    emissionsByKinds.set(kindIds, emissions);
  }
  return emissions;
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
      operatingProfitUsdM: periodOperatingProfitUsdM(f.period),
      investmentUsdM: f.period.investmentUsdM,
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
