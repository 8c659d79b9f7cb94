// The scenario file format: one zod schema, the single source of truth for field names, units,
// defaults and sources. docs/MODEL.md's parameter table is generated from the metadata attached
// here (`npm run docs:params`), and a test checks every leaf field carries a unit and a source.
// Portable: no Node-only imports.
import { z } from "zod";

/**
 * Documentation attached to every scenario field: the one place a parameter's facts live. The
 * parameter table of docs/MODEL.md, the what-if page's sliders, sweep sampling and the claims
 * report's wording read them through `parameterInfo` (sim/scenario/parameters.ts).
 */
export interface ParamDoc {
  unit: string;
  source: string;
  /** plausible range [min, max] in the field's unit: the prior of an uncertain parameter, uniform on `scale` */
  range?: readonly [number, number];
  /** "log" for fields spanning orders of magnitude: sampled log-uniformly, shown on log sliders and axes (default linear) */
  scale?: "linear" | "log";
  /** short noun phrase for sentences, axis titles and tables, e.g. "FLOP threshold" */
  label?: string;
  /** the what-if page's slider extent when it reaches past the plausible range (to show the extremes) */
  explore?: readonly [number, number];
  /**
   * the prior of a field whose value differs by entry (a kind's, a segment's, a firm's): a multiplier
   * of each entry's own value (`factor`, uniform on `scale`) or an amount added to it (`shift`, in the
   * field's unit, uniform); results are kept within the field's allowed values
   */
  relativeRange?: { factor: readonly [number, number]; scale?: "linear" | "log" } | { shift: readonly [number, number] };
  /** why the range or relative range is what it is, where `source` does not say (an assumption and its reasoning) */
  rangeSource?: string;
  /** why the field has no prior: a run setting or a numerical setting, not an assumption about the world */
  fixedBecause?: string;
  description: string;
}

export const paramDocs = z.registry<ParamDoc>();

function doc<T extends z.ZodType>(schema: T, meta: ParamDoc): T {
  paramDocs.add(schema as z.ZodType, meta);
  return schema;
}

const positive = () => z.number({ error: "expected a positive number" }).positive({ error: "expected a positive number" });
const nonNegative = () => z.number({ error: "expected a number >= 0" }).min(0, { error: "expected a number >= 0" });
const probability = () =>
  z.number({ error: "expected a probability between 0 and 1" }).min(0, { error: "expected a probability between 0 and 1" }).max(1, { error: "expected a probability between 0 and 1" });
const share = probability;
const wholeNumber = (min: number, max: number) =>
  z
    .number({ error: `expected a whole number from ${min} to ${max}` })
    .int({ error: `expected a whole number from ${min} to ${max}` })
    .min(min, { error: `expected a whole number from ${min} to ${max}` })
    .max(max, { error: `expected a whole number from ${min} to ${max}` });
const identifier = () =>
  z.string({ error: "expected an identifier (letters, digits, '-' or '_')" }).regex(/^[A-Za-z][A-Za-z0-9_-]*$/, {
    error: "expected an identifier (letters, digits, '-' or '_', starting with a letter)",
  });

const CALIB = "docs/CLAIMS.md, calibration";
const CLAIMS = "policy commentary (docs/CLAIMS.md)";

// ---------------------------------------------------------------------------------------------
// Technology
export const TechnologySchema = z.strictObject({
  frontierTrainingFlopAtStart: doc(positive().default(5e26), {
    unit: "FLOP",
    source: `Epoch AI frontier compute trend; Grok-3 ~4.6e26 (${CALIB}, R)`,
    range: [2e26, 1e27], label: "frontier training compute at the start (FLOP)", scale: "log",
    description: "training compute of the largest run at the start of the simulation",
  }),
  frontierComputeGrowthPerYear: doc(positive().default(4.6), {
    unit: "x per year",
    source: `Epoch AI, compute trend post 2010: x4.6/yr (${CALIB}, R)`,
    range: [3, 6], label: "frontier compute growth per year",
    description: "growth factor of frontier training compute per year",
  }),
  costPerFlopUsdAtStart: doc(positive().default(1.2e-18), {
    unit: "USD per FLOP",
    source: `derived: Grok-3 ~$507M for ~4.6e26 FLOP, Llama 3.1-405B ~$73M for 3.8e25 (${CALIB}, R); assumption`,
    range: [5e-19, 3e-18], label: "cost per training FLOP at the start (USD)",
    description: "amortized hardware+energy cost of one training FLOP at the start",
  }),
  hardwareCostHalvingYears: doc(positive().default(2.5), {
    unit: "years",
    source: `Epoch, trends in GPU price-performance: FLOP/s per $ doubles every ~2.5 years (${CALIB}, R)`,
    range: [2, 3], label: "hardware-cost halving time (years)",
    description: "years for the cost of a FLOP to halve",
  }),
  algorithmicEfficiencyDoublingMonths: doc(positive().default(8), {
    unit: "months",
    source: `Ho et al. 2024, arXiv 2403.05812: compute for fixed performance halves every ~8 months (95% CI 5-14) (${CALIB}, R)`,
    range: [5, 14], label: "algorithmic-efficiency doubling time (months)", explore: [3, 24],
    description: "months for the compute needed for a fixed capability to halve",
  }),
  openWeightLagQuarters: doc(nonNegative().default(1), {
    unit: "quarters",
    source: `Epoch, open vs closed weights: open models ~3-4 months behind (${CALIB}, R/S)`,
    range: [0, 4], label: "open-weight lag (quarters)",
    description: "open-weight releases use the algorithmic know-how of this many quarters earlier",
  }),
  inferenceCostUsdPerMtokAtStart: doc(positive().default(1.0), {
    unit: "USD per million tokens",
    source: "assumption (serving cost of a frontier model, 2026)",
    range: [0.2, 5], label: "serving cost at the start (USD per million tokens)",
    description: "marginal serving cost of a model at the start",
  }),
  inferenceCostDeclinePerYear: doc(share().default(0.4), {
    unit: "fraction per year",
    source: "assumption (hardware ~30%/yr cheaper per unit performance plus serving efficiency; Epoch ML hardware data)",
    range: [0.2, 0.7], label: "serving-cost decline per year",
    description: "fractional fall in serving cost per year",
  }),
  serveCostPerCapabilityPoint: doc(nonNegative().default(0.3), {
    unit: "log10 factor per capability point",
    source: "assumption (bigger models cost more to serve)",
    range: [0, 0.5], label: "serving-cost rise per capability point (log10 factor)",
    description: "serving cost rises by 10^(this x (capability - frontier capability)) relative to a frontier model",
  }),
});

// ---------------------------------------------------------------------------------------------
// Jurisdictions, buyer segments, agent kinds
export const JurisdictionSchema = z.strictObject({
  label: doc(z.string().default(""), { unit: "text", source: "assumption", description: "display name" }),
});

export const SegmentSchema = z.strictObject({
  label: doc(z.string().default(""), { unit: "text", source: "assumption", description: "display name" }),
  jurisdiction: doc(identifier(), { unit: "jurisdiction id", source: "assumption", description: "where the buyers are" }),
  buyers: doc(positive(), {
    unit: "buyers",
    source: "assumption, scaled so 2026 spend matches enterprise LLM API spend (Menlo Ventures, S)",
    relativeRange: { factor: [0.5, 2], scale: "log" }, rangeSource: "assumption: the segments are scaled to one estimate of 2026 spend; half to twice the number of buyers",
    description: "potential buyers (organisations or people) at the start",
  }),
  usageMtokPerBuyerPerQuarter: doc(positive(), {
    unit: "million tokens per buyer per quarter",
    source: "assumption",
    relativeRange: { factor: [0.5, 2], scale: "log" }, rangeSource: "assumption: tokens per buyer are not observed; half to twice the assumed workload",
    description: "workload of one buyer; market size M_s = buyers x usage",
  }),
  buyersGrowthPerYear: doc(nonNegative().default(0.3), {
    unit: "fraction per year",
    source: "assumption",
    range: [0, 1], label: "growth of the number of buyers per year",
    relativeRange: { factor: [0.5, 1.5] }, rangeSource: "assumption: growth of the buyer base, half to one and a half times each segment's",
    description: "growth of the number of potential buyers",
  }),
  priceSensitivityPerUsd: doc(positive(), {
    unit: "utility per USD per million tokens",
    source: "assumption",
    relativeRange: { factor: [0.5, 2], scale: "log" }, rangeSource: "assumption: no published price elasticity of LLM API demand; half to twice each segment's alpha",
    description: "alpha_s in u = delta - alpha p",
  }),
  capabilityTaste: doc(nonNegative(), {
    unit: "utility per capability point",
    source: "assumption",
    relativeRange: { factor: [0.5, 1.5] }, rangeSource: "assumption: buyers value capability by half to one and a half times each segment's beta",
    description: "beta_s: value of one capability point (a decade of effective compute) relative to the current frontier",
  }),
  openWeightsValue: doc(z.number().default(0), {
    unit: "utility",
    source: "assumption",
    relativeRange: { shift: [-0.3, 0.3] }, rangeSource: "assumption: up to 0.3 utility (about a third of the baseline gray-market penalty) either way",
    description: "value of open weights / local inference to this segment",
  }),
  baseUtility: doc(z.number().default(0), {
    unit: "utility",
    source: "assumption",
    relativeRange: { shift: [-0.5, 0.5] }, rangeSource: "assumption: the outside option is calibrated to no adoption figure; half a utility unit either way",
    description: "utility at the start of a model at the current frontier capability, before price, relative to the outside option",
  }),
  adoptionTrendPerYear: doc(z.number().default(0.3), {
    unit: "utility per year",
    source: `assumption, set so enterprise adoption rises about as quoted (35% -> 55% in two years, ${CLAIMS})`,
    range: [0, 1], label: "adoption trend (utility per year)",
    relativeRange: { factor: [0.5, 1.5] }, rangeSource: "assumption: the quoted 35% -> 55% path is one survey; half to one and a half times each segment's trend",
    description: "yearly rise in the value of using AI at all (buyers judge capability against the moving frontier)",
  }),
  requiresLicensed: doc(z.boolean().default(false), {
    unit: "flag",
    source: CLAIMS + " H10: regulated buyers use only licensed models",
    description: "buys only models lawful in the regime jurisdiction from providers subject to it (licensed or exempt)",
  }),
  buysUnlicensed: doc(z.boolean().default(true), {
    unit: "flag",
    source: "assumption",
    description: "willing to use gray-market models (unlicensed above the line, leaked weights, offshore providers), at the gray utility penalty",
  }),
  enterprise: doc(z.boolean().default(false), {
    unit: "flag",
    source: "assumption",
    description: "buyers are enterprises: end-user vetting is charged per customer; counted in enterprise adoption",
  }),
  vettingFailShare: doc(share().default(0), {
    unit: "share of buyers",
    source:
      "assumption: buyers who cannot or will not pass end-user vetting (identity and use-case checks); individuals and hobbyists skip or fail them far more often than firms with a compliance function. The debate's 'individuals effectively locked out' is the extreme 1 (scenarios/vetting-lockout.yaml)",
    range: [0, 1], label: "share of buyers failing end-user vetting",
    relativeRange: { factor: [0.5, 2], scale: "log" }, rangeSource: "assumption: half to twice each segment's share (at most 1)",
    description:
      "share of the segment's buyers who cannot buy models under an end-user vetting obligation (the rest pass vetting and buy as before); open weights are never under vetting; 1 = the whole segment is locked out",
  }),
});

const CashRangeSchema = z.strictObject({
  min: doc(nonNegative(), { unit: "USD M", source: "assumption", relativeRange: { factor: [0.5, 2], scale: "log" }, rangeSource: "assumption: funding rounds vary by more than a factor of two; half to twice",
    description: "lowest starting cash of an entrant" }),
  max: doc(nonNegative(), { unit: "USD M", source: "assumption", relativeRange: { factor: [0.5, 2], scale: "log" }, rangeSource: "assumption: funding rounds vary by more than a factor of two; half to twice",
    description: "highest starting cash of an entrant" }),
});

export const KindSchema = z.strictObject({
  label: doc(z.string().default(""), { unit: "text", source: "assumption", description: "display name" }),
  homeJurisdiction: doc(identifier(), { unit: "jurisdiction id", source: "assumption", description: "where entrants of this kind are located" }),
  arrivalsPerYear: doc(nonNegative().default(0), {
    unit: "potential entrants per year",
    source: `assumption; ~2 models/month above 1e25 in 2024 from 12 developers (${CALIB}, R)`,
    range: [0, 20], label: "entrant arrivals per year",
    relativeRange: { factor: [0.5, 2], scale: "log" }, rangeSource: "assumption: half to twice each kind's arrival rate",
    description: "arrival rate of potential entrants",
  }),
  arrivalProcess: doc(z.enum(["poisson", "deterministic"]).default("poisson"), {
    unit: "choice",
    source: "assumption",
    description: "poisson draws arrivals from the seeded stream; deterministic accumulates the rate and lets whole arrivals in",
  }),
  startingCashUsdM: doc(CashRangeSchema.prefault({ min: 0, max: 0 }), {
    unit: "USD M",
    source: "assumption",
    description: "an entrant's funding is drawn uniformly from [min, max]",
  }),
  entryCostUsdM: doc(nonNegative().default(0), {
    unit: "USD M",
    source: "assumption",
    relativeRange: { factor: [0.5, 2], scale: "log" }, rangeSource: "assumption: half to twice each kind's set-up cost",
    description: "sunk cost of setting up (team, infrastructure), paid on entry besides the first training run",
  }),
  creditLimitUsdM: doc(nonNegative().default(0), {
    unit: "USD M",
    source: "assumption (access to capital: hyperscaler backing for labs, little for startups)",
    relativeRange: { factor: [0.5, 2], scale: "log" }, rangeSource: "assumption: access to capital, half to twice each kind's limit",
    description: "how far cash may go below zero (debt to investors); beyond it the firm is insolvent and exits",
  }),
  externalFundingPerYearUsdM: doc(nonNegative().default(0), {
    unit: "USD M per year",
    source: "assumption",
    relativeRange: { factor: [0.5, 2], scale: "log" }, rangeSource: "assumption: half to twice each kind's yearly funding",
    description: "funding that arrives regardless of sales (investors, grants, parent company)",
  }),
  fixedCostPerYearUsdM: doc(nonNegative().default(0), {
    unit: "USD M per year",
    source: `assumption; staff 29-49% of frontier training cost (${CALIB}, R)`,
    relativeRange: { factor: [0.7, 1.4] }, rangeSource: "staff are 29-49% of frontier training cost (docs/CLAIMS.md, calibration): about x0.75-1.25 around the middle, widened for other overheads",
    description: "overhead paid every period while in the market",
  }),
  maxComputeShareOfFrontier: doc(nonNegative().default(1), {
    unit: "fraction of frontier training FLOP",
    source: "assumption",
    range: [0.001, 1], label: "largest run as a share of the frontier run",
    relativeRange: { factor: [0.5, 2], scale: "log" }, rangeSource: "assumption: half to twice each kind's largest run",
    description: "largest training run the kind contemplates, as a fraction of the frontier run",
  }),
  trainingCostMultiplier: doc(positive().default(1), {
    unit: "x",
    source: "assumption (export controls raise foreign compute costs)",
    relativeRange: { factor: [0.8, 1.25] }, rangeSource: "assumption: a kind's compute-price disadvantage (export controls), 20% lower to 25% higher",
    description: "multiplies the cost per FLOP",
  }),
  trainingQuarters: doc(wholeNumber(0, 12).default(2), {
    unit: "quarters",
    source: "assumption",
    relativeRange: { shift: [-1, 1] }, rangeSource: "assumption: a quarter shorter or longer than each kind's",
    description: "time from the start of a training run to a model ready for release",
  }),
  releaseIntervalQuarters: doc(wholeNumber(1, 40).default(4), {
    unit: "quarters",
    source: "assumption (frontier labs release roughly yearly)",
    relativeRange: { shift: [-1, 2] }, rangeSource: "assumption: a quarter shorter to two quarters longer than each kind's cadence",
    description: "minimum quarters between the starts of two training runs",
  }),
  modelsOnSale: doc(wholeNumber(1, 10).default(2), {
    unit: "models",
    source: "assumption",
    relativeRange: { shift: [-1, 1] }, rangeSource: "assumption: one model fewer or more on sale",
    description: "newest models a firm keeps on sale; older ones are retired",
  }),
  inferenceCostMultiplier: doc(positive().default(1), {
    unit: "x",
    source: "assumption",
    relativeRange: { factor: [0.8, 1.25] }, rangeSource: "assumption: a kind's serving-cost disadvantage, 20% lower to 25% higher",
    description: "multiplies the serving cost",
  }),
  openWeightsPreferenceUsdM: doc(z.number().default(0), {
    unit: "USD M per release",
    source: "assumption (mission or ecosystem value of an open release)",
    relativeRange: { factor: [0.5, 2], scale: "log" }, rangeSource: "assumption: the strength of each kind's preference, half to twice (its sign kept)",
    description: "value the kind attaches to releasing open weights (negative = prefers closed)",
  }),
  openUsageValueUsdPerMtok: doc(nonNegative().default(0), {
    unit: "USD per million tokens of use",
    source: "assumption (mission, ecosystem or strategic value of open models being used)",
    relativeRange: { factor: [0.5, 2], scale: "log" }, rangeSource: "assumption: half to twice each kind's value of open use",
    description: "value the kind attaches to each Mtok served by its open-weight models (open weights are hosted by anyone at cost, so this, not sales, is why they are released)",
  }),
  unlicensedStigmaUsdMPerYear: doc(nonNegative().default(0), {
    unit: "USD M per year",
    source: "assumption (reputation and legal exposure; low = high appetite for operating unlicensed)",
    relativeRange: { factor: [0.5, 2], scale: "log" }, rangeSource: "assumption: half to twice each kind's stigma",
    description: "non-pecuniary cost of operating an unlicensed above-line model",
  }),
  discountRatePerYear: doc(nonNegative().default(0.1), {
    unit: "fraction per year",
    source: "assumption",
    range: [0.05, 0.5], label: "discount rate per year",
    relativeRange: { factor: [0.5, 2], scale: "log" }, rangeSource: "assumption: half to twice each kind's rate (venture rates run 20-50%, large firms' cost of capital near 10%)",
    description: "rate at which the kind discounts future profit",
  }),
  relocationCostUsdM: doc(nonNegative().default(50), {
    unit: "USD M",
    source: "assumption",
    relativeRange: { factor: [0.5, 2], scale: "log" }, rangeSource: "assumption: half to twice each kind's cost of moving",
    description: "one-off cost of moving to another jurisdiction",
  }),
  relocationTargets: doc(z.array(identifier()).default([]), {
    unit: "jurisdiction ids",
    source: "assumption",
    description: "jurisdictions the kind can move to",
  }),
  decisionNoiseUsdM: doc(nonNegative().default(10), {
    unit: "USD M",
    source: "assumption",
    relativeRange: { factor: [0.5, 2], scale: "log" }, rangeSource: "assumption: half to twice each kind's decision noise",
    description: "scale of the logit noise in choices (0 = always the best option)",
  }),
});

const FirmModelSchema = z.strictObject({
  name: doc(z.string(), { unit: "text", source: CLAIMS, description: "model name" }),
  trainingFlop: doc(positive(), { unit: "FLOP", source: CLAIMS + "; Epoch AI", scale: "log", relativeRange: { factor: [0.5, 2], scale: "log" }, rangeSource: "compute of named models is estimated from reported hardware and time (Epoch AI); a factor of two either way", description: "training compute" }),
  open: doc(z.boolean().default(false), { unit: "flag", source: CLAIMS, description: "open weights" }),
  ageQuarters: doc(wholeNumber(0, 40).default(0), { unit: "quarters", source: "assumption", fixedBecause: "observed: release dates are known", description: "quarters since release at the start" }),
});

export const FirmSchema = z.strictObject({
  name: doc(z.string().min(1), { unit: "text", source: CLAIMS, description: "firm name" }),
  kind: doc(identifier(), { unit: "kind id", source: CLAIMS, description: "agent kind" }),
  jurisdiction: doc(identifier().optional(), { unit: "jurisdiction id", source: "assumption", description: "location (default: the kind's home)" }),
  cashUsdM: doc(z.number().default(0), { unit: "USD M", source: "assumption", relativeRange: { factor: [0.5, 2], scale: "log" }, rangeSource: "assumption: reported funding and cash differ by more than a factor of two; half to twice", description: "cash at the start" }),
  models: doc(z.array(FirmModelSchema).default([]), { unit: "list", source: CLAIMS, description: "models on sale at the start" }),
});

// ---------------------------------------------------------------------------------------------
// Regime
const ObligationsSchema = z.strictObject({
  weightSecurity: doc(z.boolean().default(true), { unit: "flag", source: CLAIMS, description: "HSM and multi-party authorization (one-off cost)" }),
  inferenceMonitoring: doc(z.boolean().default(true), { unit: "flag", source: CLAIMS, description: "mandatory real-time monitoring per deployment" }),
  redTeaming: doc(z.boolean().default(true), { unit: "flag", source: CLAIMS, description: "monthly standardized red-teaming" }),
  endUserVetting: doc(z.boolean().default(true), { unit: "flag", source: CLAIMS, description: "background checks and use-case approval of customers" }),
});

const LightTierSchema = z.strictObject({
  minTrainingFlop: doc(positive(), { unit: "FLOP", source: "EU AI Act systemic-risk line 1e25 (Art. 51(2), R)", range: [1e24, 1e26], label: "light-tier line (FLOP)", scale: "log", description: "lower line of the light tier; models below are exempt" }),
  obligations: doc(ObligationsSchema.prefault({ weightSecurity: false, inferenceMonitoring: false, redTeaming: true, endUserVetting: false }), {
    unit: "flags",
    source: "assumption",
    description: "obligations of the light tier",
  }),
  licenceFeePerYearUsdM: doc(nonNegative().default(0.2), { unit: "USD M per year", source: "assumption", range: [0, 2], label: "light-tier fee (USD M per year)", rangeSource: "assumption: a registration fee, up to twice the full licence's default", description: "registration fee of the light tier" }),
});

const ComplianceCostsSchema = z.strictObject({
  weightSecurityOneOffUsdM: doc(nonNegative().default(12.5), { unit: "USD M per firm (one-off)", source: CLAIMS + ": $5-20M", range: [5, 20], label: "weight-security cost (USD M, one-off)", explore: [0, 40], description: "weight security set-up" }),
  inferenceMonitoringPerDeploymentPerYearUsdM: doc(nonNegative().default(5), { unit: "USD M per model per year", source: CLAIMS + ": $2-8M", range: [2, 8], label: "monitoring cost per model (USD M per year)", explore: [0, 16], description: "monitoring of each deployed model" }),
  monitoringServingCostOverhead: doc(nonNegative().default(0.05), {
    unit: "fraction of serving cost",
    source: "assumption: a classifier pass over each request and response, a small model beside a large one (the debate's 15-30% is latency, monitoringLatencyOverhead)",
    range: [0, 0.3], label: "monitoring serving-cost overhead", explore: [0, 0.6],
    description: "extra serving cost of monitored models (a variable compliance cost, paid to the compliance industry)",
  }),
  redTeamingPerYearUsdM: doc(nonNegative().default(2), { unit: "USD M per model per year", source: CLAIMS + ": $1-3M", range: [1, 3], label: "red-teaming cost per model (USD M per year)", explore: [0, 6], description: "red-teaming of each licensed model" }),
  endUserVettingPerEnterpriseCustomerPerYearUsdM: doc(nonNegative().default(0.05), {
    unit: "USD M per enterprise customer per year",
    source: CLAIMS + ": $0.5-2M per enterprise quoted; default assumes the cost is shared across a provider's customers (assumption)",
    range: [0.01, 2], label: "end-user vetting cost per enterprise customer (USD M per year)", scale: "log", explore: [1e-4, 10 ** 0.5],
    description: "vetting cost per enterprise customer served",
  }),
  scale: doc(nonNegative().default(1), { unit: "x", source: "assumption (sweep knob)", range: [0, 5], label: "compliance-cost scale", description: "multiplies every compliance cost" }),
});

const PreReleaseSchema = z.strictObject({
  auditDelayQuarters: doc(wholeNumber(0, 20).default(2), { unit: "quarters", source: CLAIMS + ": audits take months", range: [0, 8], label: "audit delay (quarters)", description: "time an audit holds a licensed model before release" }),
  blockProbability: doc(probability().default(0.1), { unit: "probability per audit", source: "assumption", range: [0, 0.5], label: "audit block probability", rangeSource: "assumption: no licensing audit has run yet; from never to half of the models audited", description: "chance the regulator blocks a model" }),
  openWeightsAllowed: doc(z.boolean().default(false), { unit: "flag", source: CLAIMS + ": open release above the line becomes illegal", description: "whether an audited model may be released with open weights" }),
});

const EnforcementSchema = z.strictObject({
  detectionProbabilityPerQuarter: doc(probability().default(0.15), { unit: "probability per quarter", source: "assumption", range: [0, 1], label: "detection probability per quarter", rangeSource: "assumption: from no enforcement to certain detection within a quarter", description: "chance an unlicensed above-line operation in the jurisdiction is caught" }),
  penaltyUsdM: doc(nonNegative().default(100), { unit: "USD M per detection", source: "assumption; SB 53 allows up to $1M per violation (S)", range: [1, 1000], label: "penalty per detection (USD M)", description: "fine paid to the government when caught" }),
  withdrawOnDetection: doc(z.boolean().default(true), { unit: "flag", source: "assumption", description: "a detected model is withdrawn from the home market" }),
});

export const RegimeSchema = z.strictObject({
  name: doc(z.string().default("regime"), { unit: "text", source: "assumption", description: "regime name" }),
  jurisdiction: doc(identifier().default("home"), { unit: "jurisdiction id", source: "assumption", description: "the regulating jurisdiction" }),
  startPeriod: doc(wholeNumber(0, 400).default(0), { unit: "period", source: "assumption", range: [0, 8], label: "regime start (period)", rangeSource: "policy lever: from the start to two years in", description: "first period in which the regime applies" }),
  thresholdFlop: doc(nonNegative().nullable().default(1e26), {
    unit: "FLOP",
    source: `US EO 14110 and California SB 53 use 1e26 (${CALIB}, R/S)`,
    range: [1e24, 1e28], label: "FLOP threshold", scale: "log",
    description: "licensing line: models trained with at least this compute need a full licence (null = no compute line)",
  }),
  thresholdCapability: doc(z.number().nullable().default(null), {
    unit: "capability index",
    source: CLAIMS + ": capability triggers",
    range: [26, 29], label: "capability threshold (capability index)", rangeSource: "policy lever: from below the 2026 frontier (about 26.7) to 100x past it",
    description: "optional capability line (log10 effective FLOP in start-year FLOP); a model at or above it needs a full licence",
  }),
  obligations: doc(ObligationsSchema.prefault({}), { unit: "flags", source: CLAIMS, description: "obligations of the full licence" }),
  licenceFeePerYearUsdM: doc(nonNegative().default(1), { unit: "USD M per firm per year", source: "assumption", range: [0, 50], label: "licence fee (USD M per year)", rangeSource: "policy lever: from no fee to a fee that matters to a startup (its yearly overhead is about 60)", description: "fee paid to the regulator per licensed firm" }),
  lightTier: doc(LightTierSchema.nullable().default(null), { unit: "object", source: CLAIMS + ": tiered licensing", description: "optional lighter tier below the licensing line (tiered licensing)" }),
  complianceCosts: doc(ComplianceCostsSchema.prefault({}), { unit: "object", source: CLAIMS, description: "cost of each obligation" }),
  monitoringLatencyOverhead: doc(nonNegative().default(0.2), {
    unit: "fraction of response time",
    source: CLAIMS + ": monitoring adds 15-30% latency",
    range: [0.15, 0.3], label: "monitoring latency overhead", explore: [0, 0.6],
    description: "slower responses of monitored models; buyers lose market.latencyUtilityPerOverhead x this in utility (not a cost, not scaled by complianceCosts.scale)",
  }),
  preReleaseApproval: doc(PreReleaseSchema.nullable().default(null), { unit: "object", source: CLAIMS + ": FAA for AI", description: "pre-release audit of fully licensed models (null = none)" }),
  openWeightBanFlop: doc(positive().nullable().default(null), { unit: "FLOP", source: CLAIMS + ": open-weight ban", range: [1e24, 1e28], label: "open-weight ban line (FLOP)", scale: "log", description: "open release of models at or above this compute is illegal (null = no ban)" }),
  foreignReview: doc(
    z
      .strictObject({
        blockedJurisdictions: doc(z.array(identifier()).min(1), { unit: "jurisdiction ids", source: CLAIMS, description: "providers located here are reviewed out" }),
        segments: doc(z.array(identifier()).min(1), { unit: "segment ids", source: CLAIMS, description: "segments they are shut out of" }),
      })
      .nullable()
      .default(null),
    { unit: "object", source: CLAIMS + ": foreign-entity review", description: "foreign-entity review (null = none)" },
  ),
  enforcement: doc(EnforcementSchema.prefault({}), { unit: "object", source: "assumption", description: "detection and penalties for operating unlicensed" }),
});

// ---------------------------------------------------------------------------------------------
// Market, decisions, security, metrics
const CournotSchema = z.strictObject({
  demandIntercept: doc(positive(), { unit: "USD per unit", source: "textbook (docs/CLAIMS.md, textbook results)", fixedBecause: "a textbook exercise's parameter, set by the exercise (teaching scenarios only)", description: "A in P = A - B Q" }),
  demandSlope: doc(positive(), { unit: "USD per unit per unit of market size", source: "textbook", fixedBecause: "a textbook exercise's parameter, set by the exercise (teaching scenarios only)", description: "b; the inverse-demand slope is B = b / marketSize" }),
  marketSize: doc(positive().default(1), { unit: "market-size units", source: "textbook (Bresnahan-Reiss scan)", fixedBecause: "a textbook exercise's parameter, set by the exercise (teaching scenarios only)", description: "S; scales demand" }),
  marginalCost: doc(nonNegative(), { unit: "USD per unit", source: "textbook", fixedBecause: "a textbook exercise's parameter, set by the exercise (teaching scenarios only)", description: "c" }),
});

export const MarketSchema = z.strictObject({
  competition: doc(z.enum(["logit-bertrand", "cournot"]).default("logit-bertrand"), {
    unit: "choice",
    source: "textbook results (docs/CLAIMS.md)",
    description: "logit demand with Bertrand-Nash prices, or textbook Cournot with linear demand",
  }),
  cournot: doc(CournotSchema.optional(), { unit: "object", source: "textbook", description: "parameters of the Cournot market (required when competition is cournot)" }),
  grayUtilityPenalty: doc(nonNegative().default(0.5), { unit: "utility", source: "assumption (legal risk, no support)", range: [0, 3], label: "gray-market utility penalty", description: "disutility of a gray-market model to buyers who accept them" }),
  latencyUtilityPerOverhead: doc(nonNegative().default(0.5), {
    unit: "utility per unit of latency overhead",
    source:
      "assumption: a 20% slower model loses 0.1 utility, a tenth of the baseline gray-market penalty, worth 0.1-0.4 USD per Mtok at the baseline segments' price sensitivities; latency matters to interactive use, less to batch work",
    range: [0, 2], label: "utility lost per unit of latency overhead",
    description: "buyers' disutility of a slower model: a monitored model's mean utility falls by this x regime.monitoringLatencyOverhead in every segment",
  }),
  pricingTolerance: doc(positive().default(1e-9), { unit: "USD per million tokens", source: "assumption", fixedBecause: "numerical setting of the price solver", description: "fixed-point convergence tolerance on prices" }),
  pricingMaxIterations: doc(wholeNumber(1, 100000).default(2000), { unit: "iterations", source: "assumption", fixedBecause: "numerical setting of the price solver", description: "iteration cap of the price solver" }),
});

export const DecisionsSchema = z.strictObject({
  horizonQuarters: doc(wholeNumber(1, 80).default(8), { unit: "quarters", source: "assumption", range: [4, 16], label: "planning horizon (quarters)", rangeSource: "assumption: one to four years, about a model's commercial life to a lab's planning cycle", description: "how far ahead agents value a model's profit" }),
  runSizeOptions: doc(z.array(positive()).min(1).default([3, 1, 0.3, 0.1, 0.03]), {
    unit: "multiples of the FLOP that matches the best model on sale at release",
    source: "assumption",
    description: "menu of training-run sizes considered (capped by the kind's largest run; plus 'just under' each line)",
  }),
  underThresholdMargin: doc(z.number().gt(0).lt(1).default(0.05), {
    unit: "fraction",
    source: CLAIMS + ": training just under the line",
    range: [0.01, 0.2], label: "under-the-line margin", rangeSource: "assumption: a deliberate under-the-line run lands 1-20% below it",
    description: "a run placed just under a line uses line x (1 - margin)",
  }),
});

export const SecuritySchema = z.strictObject({
  leakProbabilityPerYear: doc(probability().default(0.04), { unit: "probability per model per year", source: "assumption", range: [0, 0.2], label: "leak probability per model per year", rangeSource: "assumption: from never to one model in five a year (a few known leaks of major weights, e.g. LLaMA 2023)", description: "chance a closed model's weights leak" }),
  weightSecurityLeakReduction: doc(share().default(0.8), { unit: "fraction", source: "assumption", range: [0.5, 0.95], label: "leak reduction by weight security", rangeSource: "assumption: HSMs and multi-party control close most leak routes, not insiders", description: "weight security cuts the leak probability by this fraction" }),
  leakedModelLifetimeQuarters: doc(wholeNumber(1, 80).default(8), { unit: "quarters", source: "assumption", range: [4, 12], label: "leaked model lifetime (quarters)", rangeSource: "assumption: one to three years of use, as a model stays near the frontier for about a year", description: "how long leaked weights keep being served before they are obsolete" }),
});

export const MetricsSchema = z.strictObject({
  frontierWindowCapability: doc(nonNegative().default(0.6), {
    unit: "capability points",
    source: "assumption (about six months of frontier progress)",
    range: [0.4, 1.2], label: "frontier window (capability points)", rangeSource: "measurement choice: about three to nine months of frontier progress",
    description: "frontier_providers (worldwide, fixed window): a provider is at the frontier if its best model is within this of the best model on sale",
  }),
  frontierWindowQuarters: doc(positive().default(6), {
    unit: "quarters",
    source: "assumption: a model released about a year and a half behind the best is still sold as frontier-class; the window follows realised progress",
    range: [2, 12],
    label: "frontier window (quarters of realised progress)",
    description: "frontier_providers_lawful and frontier_levels: a model is at the frontier if its capability is within the progress the best model on sale made over this many quarters",
  }),
});

export const ScenarioSchema = z
  .strictObject({
    name: doc(z.string().default("scenario"), { unit: "text", source: "assumption", description: "scenario name (default: file name)" }),
    description: doc(z.string().default(""), { unit: "text", source: "assumption", description: "what the scenario represents" }),
    extends: doc(z.string().optional(), { unit: "path", source: "assumption", description: "scenario this one overrides (relative path or name in scenarios/)" }),
    startYear: doc(z.number().default(2026), { unit: "year", source: "assumption", fixedBecause: "run setting (calendar, length, seed), not an assumption about the world", description: "calendar year of period 0" }),
    periods: doc(wholeNumber(1, 400).default(40), { unit: "periods", source: "assumption", fixedBecause: "run setting (calendar, length, seed), not an assumption about the world", description: "number of periods simulated" }),
    periodsPerYear: doc(wholeNumber(1, 12).default(4), { unit: "periods per year", source: "assumption (quarterly)", fixedBecause: "run setting (calendar, length, seed), not an assumption about the world", description: "length of a period" }),
    seed: doc(wholeNumber(0, 2 ** 31 - 1).default(1), { unit: "integer", source: "assumption", fixedBecause: "run setting (calendar, length, seed), not an assumption about the world", description: "default run seed" }),
    homeJurisdiction: doc(identifier().default("home"), { unit: "jurisdiction id", source: "assumption", description: "the market the metrics describe" }),
    jurisdictions: doc(z.record(identifier(), JurisdictionSchema).default({}), { unit: "map", source: "assumption", description: "jurisdictions by id" }),
    technology: doc(TechnologySchema.prefault({}), { unit: "object", source: CALIB, description: "technology trends" }),
    market: doc(MarketSchema.prefault({}), { unit: "object", source: "textbook results (docs/CLAIMS.md)", description: "competition model" }),
    segments: doc(z.record(identifier(), SegmentSchema).default({}), { unit: "map", source: "assumption", description: "buyer segments by id" }),
    kinds: doc(z.record(identifier(), KindSchema).default({}), { unit: "map", source: "assumption", description: "agent kinds by id" }),
    firms: doc(z.array(FirmSchema).default([]), { unit: "list", source: CLAIMS, description: "initial roster" }),
    regime: doc(RegimeSchema.nullable().default(null), { unit: "object", source: CLAIMS, description: "licensing regime (null = none)" }),
    decisions: doc(DecisionsSchema.prefault({}), { unit: "object", source: "assumption", description: "decision rules" }),
    security: doc(SecuritySchema.prefault({}), { unit: "object", source: "assumption", description: "weight leaks" }),
    metrics: doc(MetricsSchema.prefault({}), { unit: "object", source: "assumption", description: "metric settings" }),
  })
  .superRefine((s, ctx) => {
    const jurisdictions = new Set(Object.keys(s.jurisdictions));
    const needJurisdiction = (id: string | undefined, path: (string | number)[]) => {
      if (id !== undefined && !jurisdictions.has(id))
        ctx.addIssue({ code: "custom", path, input: id, message: `expected one of the jurisdictions (${[...jurisdictions].join(", ") || "none defined"})` });
    };
    needJurisdiction(s.homeJurisdiction, ["homeJurisdiction"]);
    for (const [id, seg] of Object.entries(s.segments)) needJurisdiction(seg.jurisdiction, ["segments", id, "jurisdiction"]);
    for (const [id, kind] of Object.entries(s.kinds)) {
      needJurisdiction(kind.homeJurisdiction, ["kinds", id, "homeJurisdiction"]);
      kind.relocationTargets.forEach((j, i) => needJurisdiction(j, ["kinds", id, "relocationTargets", i]));
      if (kind.startingCashUsdM.min > kind.startingCashUsdM.max)
        ctx.addIssue({ code: "custom", path: ["kinds", id, "startingCashUsdM", "min"], input: kind.startingCashUsdM.min, message: `expected min <= max (${kind.startingCashUsdM.max})` });
    }
    const kinds = new Set(Object.keys(s.kinds));
    s.firms.forEach((f, i) => {
      if (!kinds.has(f.kind)) ctx.addIssue({ code: "custom", path: ["firms", i, "kind"], input: f.kind, message: `expected one of the kinds (${[...kinds].join(", ") || "none defined"})` });
      needJurisdiction(f.jurisdiction, ["firms", i, "jurisdiction"]);
    });
    if (Object.keys(s.segments).length === 0 && s.market.competition === "logit-bertrand")
      ctx.addIssue({ code: "custom", path: ["segments"], input: s.segments, message: "expected at least one buyer segment" });
    if (s.market.competition === "cournot" && !s.market.cournot)
      ctx.addIssue({ code: "custom", path: ["market", "cournot"], input: undefined, message: "expected the Cournot demand parameters when market.competition is cournot" });
    if (s.regime) {
      needJurisdiction(s.regime.jurisdiction, ["regime", "jurisdiction"]);
      const segments = new Set(Object.keys(s.segments));
      s.regime.foreignReview?.blockedJurisdictions.forEach((j, i) => needJurisdiction(j, ["regime", "foreignReview", "blockedJurisdictions", i]));
      s.regime.foreignReview?.segments.forEach((seg, i) => {
        if (!segments.has(seg)) ctx.addIssue({ code: "custom", path: ["regime", "foreignReview", "segments", i], input: seg, message: `expected one of the segments (${[...segments].join(", ")})` });
      });
      const light = s.regime.lightTier;
      if (light && s.regime.thresholdFlop !== null && light.minTrainingFlop >= s.regime.thresholdFlop)
        ctx.addIssue({ code: "custom", path: ["regime", "lightTier", "minTrainingFlop"], input: light.minTrainingFlop, message: `expected a line below regime.thresholdFlop (${s.regime.thresholdFlop})` });
    }
  });

export type Scenario = z.output<typeof ScenarioSchema>;
export type ScenarioInput = z.input<typeof ScenarioSchema>;
export type Kind = Scenario["kinds"][string];
export type Segment = Scenario["segments"][string];
export type Regime = NonNullable<Scenario["regime"]>;
export type Technology = Scenario["technology"];
export type Obligations = Regime["obligations"];
