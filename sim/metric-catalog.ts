// The metrics a run reports each period: id, label, unit and meaning. Charts, reports and the
// what-if page read labels and units from here, so a metric is described once.
// Metrics "by kind" are reported as `<base>.<kindId>` (e.g. `entries.startup`); their entry here is
// the base id with `byKind: true`.

export interface MetricInfo {
  id: string;
  label: string;
  unit: string;
  description: string;
  /** reported once per provider kind as `<id>.<kindId>` (and `usage_share.gray`) */
  byKind?: boolean;
  /** true when higher values are better for buyers (used only for wording in reports) */
  higherIsBetterForBuyers?: boolean;
}

export const METRICS: readonly MetricInfo[] = [
  { id: "hhi_usage", label: "HHI (usage shares)", unit: "points (0-10,000)", description: "Herfindahl-Hirschman index on providers' shares of home-market usage" },
  { id: "hhi_revenue", label: "HHI (revenue shares)", unit: "points (0-10,000)", description: "Herfindahl-Hirschman index on providers' shares of home-market revenue" },
  { id: "cr4_usage", label: "CR4 (usage)", unit: "share (0-1)", description: "combined home-market usage share of the four largest providers" },
  { id: "cr4_revenue", label: "CR4 (revenue)", unit: "share (0-1)", description: "combined home-market revenue share of the four largest providers" },
  { id: "providers", label: "Providers", unit: "firms", description: "firms with at least one model on sale anywhere", higherIsBetterForBuyers: true },
  { id: "providers", label: "Providers by kind", unit: "firms", description: "firms of each kind with a model on sale", byKind: true },
  { id: "providers_licensed", label: "Licensed providers", unit: "firms", description: "firms holding a home licence for at least one model on sale" },
  { id: "providers_exempt", label: "Exempt providers", unit: "firms", description: "home-jurisdiction firms whose models on sale are all below every licensing line" },
  { id: "providers_gray", label: "Gray providers", unit: "firms", description: "firms serving home buyers with an unlicensed model above a licensing line" },
  { id: "providers_outside_home", label: "Providers outside home", unit: "firms", description: "firms located outside the home jurisdiction with a model on sale" },
  { id: "frontier_providers", label: "Frontier providers", unit: "firms", description: "firms with a model within the frontier window of the best capability on sale", higherIsBetterForBuyers: true },
  { id: "gray_share", label: "Gray-market share", unit: "share of home usage (0-1)", description: "home usage of unlicensed above-line models, leaked weights and offshore/foreign providers of above-line models without a licence" },
  { id: "mean_price", label: "Mean price", unit: "USD per million tokens", description: "usage-weighted mean price paid in the home market" },
  { id: "licensed_price_premium", label: "Licensed price premium", unit: "ratio - 1", description: "usage-weighted mean price of licensed models over that of other models, minus one (0 when either group is empty)" },
  { id: "consumer_surplus", label: "Consumer surplus", unit: "USD M per quarter", description: "home buyers' surplus by the logit log-sum formula", higherIsBetterForBuyers: true },
  { id: "compliance_spend", label: "Compliance spend", unit: "USD M per quarter", description: "all payments to the compliance industry and licence fees" },
  { id: "revenue", label: "Provider revenue", unit: "USD M per quarter", description: "buyers' spending on models, all markets" },
  { id: "entries", label: "Entries", unit: "firms per quarter", description: "firms entering the market this period" },
  { id: "entries", label: "Entries by kind", unit: "firms per quarter", description: "entries by provider kind", byKind: true },
  { id: "exits", label: "Exits", unit: "firms per quarter", description: "firms leaving the market this period" },
  { id: "exits", label: "Exits by kind", unit: "firms per quarter", description: "exits by provider kind", byKind: true },
  { id: "relocations", label: "Relocations", unit: "firms per quarter", description: "firms moving out of (or into) the home jurisdiction this period" },
  { id: "relocations", label: "Relocations by kind", unit: "firms per quarter", description: "relocations by provider kind", byKind: true },
  { id: "usage_share", label: "Usage share by provider kind", unit: "share of home usage (0-1)", description: "home usage share of each provider kind's lawful sales; the gray market is its own band `usage_share.gray`", byKind: true },
  { id: "open_weight_share", label: "Open-weight share", unit: "share of home usage (0-1)", description: "home usage of open-weight models (local inference users control)" },
  { id: "enterprise_adoption", label: "Enterprise adoption", unit: "share of enterprise buyers (0-1)", description: "share of home enterprise buyers using any model rather than the outside option" },
  { id: "frontier_share_outside_home", label: "Frontier outside home", unit: "share (0-1)", description: "share of frontier-window models whose provider is outside the home jurisdiction" },
  { id: "mean_release_delay", label: "Release delay", unit: "quarters", description: "mean quarters between the end of training and release, over releases this period (0 when none)" },
  { id: "best_capability", label: "Best capability", unit: "capability index (log10 effective FLOP)", description: "capability of the best model on sale" },
  { id: "threshold_capability_gap", label: "Best model above the FLOP line", unit: "capability points", description: "capability of the best model on sale minus the capability a run at the licensing FLOP line reaches this period (only with a FLOP line)" },
  { id: "line_capability_above_start_frontier", label: "Line capability vs 2026 frontier", unit: "capability points", description: "capability a run at the licensing FLOP line reaches this period minus the start-of-run frontier: positive means a model just under the line beats the start-of-run frontier (threshold erosion, H7; only with a FLOP line)" },
  { id: "capable_models_below_line", label: "Capable models below the line", unit: "models", description: "models on sale below every FLOP line whose capability exceeds the start-of-run frontier" },
  { id: "incumbent_profit", label: "Incumbents' profit", unit: "USD M per quarter", description: "operating profit net of compliance, of the firms in the initial roster" },
  { id: "training_runs", label: "Training runs started", unit: "runs per quarter", description: "training runs started this period" },
  { id: "releases", label: "Releases", unit: "models per quarter", description: "models released this period" },
  { id: "blocked_releases", label: "Blocked releases", unit: "models per quarter", description: "models the regulator blocked at pre-release audit" },
  { id: "leaks", label: "Weight leaks", unit: "models per quarter", description: "closed models whose weights leaked this period" },
  { id: "detections", label: "Enforcement actions", unit: "per quarter", description: "unlicensed operations detected and penalised" },
  { id: "pricing_converged", label: "Pricing converged", unit: "1 = yes", description: "whether the Bertrand-Nash fixed point converged this period" },
];

const byId = new Map<string, MetricInfo>();
for (const m of METRICS) if (!byId.has(m.id) || m.byKind) byId.set(m.byKind ? `${m.id}.*` : m.id, m);

/** Look up a metric, including by-kind ids such as `entries.startup`; undefined when unknown. */
export function metricInfo(metricId: string): MetricInfo | undefined {
  const direct = byId.get(metricId);
  if (direct) return direct;
  const dot = metricId.indexOf(".");
  if (dot < 0) return undefined;
  const base = byId.get(`${metricId.slice(0, dot)}.*`);
  if (!base) return undefined;
  const kind = metricId.slice(dot + 1);
  return { ...base, id: metricId, label: `${base.label.replace(/ by (provider )?kind$/, "")}: ${kind}` };
}
