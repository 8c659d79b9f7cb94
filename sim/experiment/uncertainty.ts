// The uncertain parameters of a scenario, as a global study samples them. Every prior is declared
// once in the scenario schema (sim/scenario/schema.ts: `range` for a single field, `relativeRange`
// for a field that differs by kind, segment or firm: a multiplier of, or an amount added to, each
// entry's own value). This module turns those priors into:
//   - concrete ranges for a sweep (`vary: uncertain`, `moat sweep --all-uncertain`): one range per
//     ranged field of the scenario, entries of a kind/segment/firm field each with its own range;
//   - the factors of the global claims study (`moat claims --global`): at most 32 (a Saltelli design
//     of d factors uses a 2d-dimensional Sobol' sequence, d <= 32 with the 64 dimensions kept), so
//     a field's entries move together (one multiplier for every kind's discount rate) and a few
//     fields that state the same uncertainty share a factor (buyers and use per buyer: market size).
// A factor maps one unit coordinate u onto each of its members' priors (all move up together).
// Portable: no Node-only imports.
import { parameterInfo, type ParameterInfo } from "../scenario/parameters.js";
import { ScenarioSchema, type Scenario } from "../scenario/schema.js";
import { schemaAtPath, unwrapSchema } from "../scenario/errors.js";
import { scaleUnit, type RangeParameter } from "./sampling.js";

/** One factor of the global study: the schema fields it moves, and how it is named. */
export interface UncertainFactor {
  /** short id, used as the column name of points and tables */
  id: string;
  /** noun phrase for sentences and axes ("the market size") */
  label: string;
  /** schema paths (`kinds.<id>.discountRatePerYear`, `technology.frontierComputeGrowthPerYear`) */
  members: readonly string[];
  /** replaces the schema's range of a single-field factor for this study, with the reason */
  prior?: { range: readonly [number, number]; scale: "linear" | "log"; why: string };
}

/**
 * The factors of the global claims study: every assumption about the world with a declared prior,
 * grouped where fields state one uncertainty. Policy levers are not in it (see HELD_FIXED).
 */
export const GLOBAL_FACTORS: readonly UncertainFactor[] = [
  { id: "frontier_compute", label: "the 2026 frontier compute", members: ["technology.frontierTrainingFlopAtStart", "firms[].models[].trainingFlop"] },
  { id: "compute_growth", label: "the frontier compute growth", members: ["technology.frontierComputeGrowthPerYear"] },
  { id: "flop_cost", label: "the cost per training FLOP", members: ["technology.costPerFlopUsdAtStart"] },
  { id: "hardware_halving", label: "the hardware-cost halving time", members: ["technology.hardwareCostHalvingYears"] },
  { id: "algorithmic_doubling", label: "the algorithmic-efficiency doubling time", members: ["technology.algorithmicEfficiencyDoublingMonths"] },
  { id: "open_weight_lag", label: "the open-weight lag", members: ["technology.openWeightLagQuarters"] },
  { id: "serving_cost", label: "the serving cost", members: ["technology.inferenceCostUsdPerMtokAtStart", "technology.serveCostPerCapabilityPoint"] },
  { id: "serving_cost_decline", label: "the serving-cost decline", members: ["technology.inferenceCostDeclinePerYear"] },
  { id: "gray_penalty", label: "the gray-market utility penalty", members: ["market.grayUtilityPenalty"] },
  { id: "latency_cost", label: "the latency cost of monitoring", members: ["market.latencyUtilityPerOverhead", "regime.monitoringLatencyOverhead"] },
  { id: "market_size", label: "the market size", members: ["segments.<id>.buyers", "segments.<id>.usageMtokPerBuyerPerQuarter"] },
  { id: "price_sensitivity", label: "the buyers' price sensitivity", members: ["segments.<id>.priceSensitivityPerUsd"] },
  { id: "capability_taste", label: "the buyers' taste for capability", members: ["segments.<id>.capabilityTaste"] },
  { id: "open_weights_value", label: "the buyers' value of open weights", members: ["segments.<id>.openWeightsValue"] },
  { id: "base_utility", label: "the value of AI against the outside option", members: ["segments.<id>.baseUtility"] },
  { id: "demand_growth", label: "the demand growth", members: ["segments.<id>.buyersGrowthPerYear", "segments.<id>.adoptionTrendPerYear"] },
  { id: "vetting_fail", label: "the share of buyers failing vetting", members: ["segments.<id>.vettingFailShare"] },
  {
    id: "financing",
    label: "the firms' financing",
    members: ["kinds.<id>.startingCashUsdM.min", "kinds.<id>.startingCashUsdM.max", "kinds.<id>.creditLimitUsdM", "kinds.<id>.externalFundingPerYearUsdM", "firms[].cashUsdM"],
  },
  { id: "overheads", label: "the firms' overheads", members: ["kinds.<id>.entryCostUsdM", "kinds.<id>.fixedCostPerYearUsdM"] },
  { id: "arrivals", label: "the entrant arrivals", members: ["kinds.<id>.arrivalsPerYear"] },
  { id: "largest_run", label: "the firms' largest runs", members: ["kinds.<id>.maxComputeShareOfFrontier"] },
  { id: "cost_disadvantage", label: "the kinds' cost disadvantages", members: ["kinds.<id>.trainingCostMultiplier", "kinds.<id>.inferenceCostMultiplier"] },
  { id: "cadence", label: "the release cadence", members: ["kinds.<id>.trainingQuarters", "kinds.<id>.releaseIntervalQuarters", "kinds.<id>.modelsOnSale"] },
  { id: "open_motives", label: "the firms' open-release motives", members: ["kinds.<id>.openWeightsPreferenceUsdM", "kinds.<id>.openUsageValueUsdPerMtok"] },
  { id: "evasion_cost", label: "the cost of evading the regime", members: ["kinds.<id>.unlicensedStigmaUsdMPerYear", "kinds.<id>.relocationCostUsdM"] },
  { id: "discount_rate", label: "the discount rates", members: ["kinds.<id>.discountRatePerYear"] },
  { id: "decision_noise", label: "the decision noise", members: ["kinds.<id>.decisionNoiseUsdM"] },
  { id: "horizon", label: "the planning horizon", members: ["decisions.horizonQuarters"] },
  { id: "leaks", label: "the leak risk", members: ["security.leakProbabilityPerYear", "security.leakedModelLifetimeQuarters"] },
  {
    id: "compliance_cost",
    label: "the compliance-cost scale",
    members: ["regime.complianceCosts.scale"],
    prior: {
      range: [0.25, 4],
      scale: "log",
      why: "the quoted compliance costs a quarter to four times over, as the claims' sweeps vary them (the schema's 0-5 is the sweep knob's extent, centred on 2.5)",
    },
  },
  { id: "detection", label: "the detection probability", members: ["regime.enforcement.detectionProbabilityPerQuarter"] },
  { id: "audit_blocks", label: "the audit block probability", members: ["regime.preReleaseApproval.blockProbability"] },
];

/** Fields with a prior that the global study holds at each scenario's value, and why. */
export const HELD_FIXED: readonly { paths: readonly string[]; why: string }[] = [
  {
    paths: [
      "regime.startPeriod",
      "regime.thresholdFlop",
      "regime.thresholdCapability",
      "regime.licenceFeePerYearUsdM",
      "regime.lightTier.minTrainingFlop",
      "regime.lightTier.licenceFeePerYearUsdM",
      "regime.preReleaseApproval.auditDelayQuarters",
      "regime.openWeightBanFlop",
      "regime.enforcement.penaltyUsdM",
    ],
    why: "policy levers: each claim is about the regime its arm states; the claims report's one-at-a-time sweeps vary them",
  },
  {
    paths: [
      "regime.complianceCosts.weightSecurityOneOffUsdM",
      "regime.complianceCosts.inferenceMonitoringPerDeploymentPerYearUsdM",
      "regime.complianceCosts.monitoringServingCostOverhead",
      "regime.complianceCosts.redTeamingPerYearUsdM",
      "regime.complianceCosts.endUserVettingPerEnterpriseCustomerPerYearUsdM",
    ],
    why: "each quoted cost moves with the compliance-cost scale, which multiplies them all",
  },
  { paths: ["security.weightSecurityLeakReduction"], why: "acts only through the leak probability of secured models, which the leak risk varies" },
  { paths: ["decisions.underThresholdMargin"], why: "where a run placed under a line lands; its effect is the line's, a policy lever" },
  { paths: ["metrics.frontierWindowCapability", "metrics.frontierWindowQuarters"], why: "measurement choices (what counts as the frontier), not assumptions about the world" },
];

/** A member's prior, from the schema (or the factor's override). */
export interface MemberPrior {
  path: string;
  info: ParameterInfo;
  /** absolute: the value itself; factor: a multiplier of each entry's value; shift: an amount added to it */
  how: "absolute" | "factor" | "shift";
  range: readonly [number, number];
  scale: "linear" | "log";
  /** the field's allowed values (clamped to) */
  allowed: { min: number; max: number; integer: boolean };
}

function allowedOf(schemaPath: string): { min: number; max: number; integer: boolean } {
  const segments = schemaPath.replace(/\[\]/g, ".0").split(".").map((s) => (s === "<id>" ? "x" : s));
  const field = schemaAtPath(ScenarioSchema, segments);
  const leaf = field ? unwrapSchema(field) : undefined;
  // the field's checks: greater_than / less_than (inclusive or not: a strict bound is kept as the bound itself,
  // which no multiplier of a valid value reaches), number_format for whole numbers
  const checks = ((leaf?._zod.def as unknown as { checks?: { _zod: { def: { check: string; value?: number; inclusive?: boolean } } }[] })?.checks ?? []).map((c) => c._zod.def);
  const low = checks.find((c) => c.check === "greater_than");
  const high = checks.find((c) => c.check === "less_than");
  return {
    min: typeof low?.value === "number" ? low.value : -Infinity,
    max: typeof high?.value === "number" ? high.value : Infinity,
    integer: checks.some((c) => c.check === "number_format") || (leaf as unknown as { isInt?: boolean } | undefined)?.isInt === true,
  };
}

/** The prior of one member of a factor. Throws when the schema declares none that fits. */
export function memberPrior(path: string, override?: UncertainFactor["prior"]): MemberPrior {
  const info = parameterInfo(path);
  if (!info || !info.numeric) throw new Error(`uncertain factors: ${path} is not a numeric scenario field`);
  const allowed = allowedOf(info.schemaPath);
  if (override) return { path, info, how: "absolute", range: override.range, scale: override.scale, allowed };
  const perEntry = /<id>|\[\]/.test(info.schemaPath);
  const relative = info.relativeRange;
  if (perEntry) {
    if (!relative) throw new Error(`uncertain factors: ${path} differs by entry but declares no relativeRange`);
    if ("factor" in relative) return { path, info, how: "factor", range: relative.factor, scale: relative.scale ?? "linear", allowed };
    return { path, info, how: "shift", range: relative.shift, scale: "linear", allowed };
  }
  if (!info.range) throw new Error(`uncertain factors: ${path} declares no range`);
  return { path, info, how: "absolute", range: info.range, scale: info.scale, allowed };
}

// x = min + u (max - min), or log-uniform; a shift of whole numbers takes each of min..max with equal width
export function memberValueAt(prior: MemberPrior, u: number): number {
  const integer = prior.how === "factor" ? false : prior.how === "shift" ? Number.isInteger(prior.range[0]) && Number.isInteger(prior.range[1]) && prior.allowed.integer : prior.allowed.integer;
  const parameter: RangeParameter = { path: prior.path, min: prior.range[0], max: prior.range[1], scale: prior.scale, integer };
  return scaleUnit(parameter, u);
}

/** A value kept within the field's allowed values (whole numbers rounded). */
function clampToField(value: number, allowed: MemberPrior["allowed"]): number {
  const rounded = allowed.integer ? Math.round(value) : value;
  return Math.min(allowed.max, Math.max(allowed.min, rounded));
}

/**
 * The concrete fields of `scenario` a schema path names, with their values: map keys and list
 * entries expanded (`kinds.<id>.x` -> `kinds.startup.x`, ...). Fields under a null or absent
 * object (a regime the scenario does not have, a pre-release audit it does not run) are left out.
 */
export function concreteFields(scenario: Scenario, schemaPath: string): { path: string; value: number | null }[] {
  const segments = schemaPath.split(".");
  const out: { path: string; value: number | null }[] = [];
  const walk = (node: unknown, i: number, prefix: string[]) => {
    if (node === null || node === undefined) return;
    if (i === segments.length) {
      if (typeof node === "number") out.push({ path: prefix.join("."), value: node });
      return;
    }
    const segment = segments[i];
    const isList = segment.endsWith("[]");
    const key = isList ? segment.slice(0, -2) : segment;
    if (key === "<id>") {
      if (typeof node === "object") for (const id of Object.keys(node as object)) walk((node as Record<string, unknown>)[id], i + 1, [...prefix, id]);
      return;
    }
    const child = typeof node === "object" ? (node as Record<string, unknown>)[key] : undefined;
    if (isList) {
      if (Array.isArray(child)) child.forEach((entry, index) => walk(entry, i + 1, [...prefix, key, String(index)]));
      return;
    }
    if (i === segments.length - 1 && child === null) {
      // a nullable leaf left null (no line): nothing to vary
      return;
    }
    walk(child, i + 1, [...prefix, key]);
  };
  walk(scenario, 0, []);
  return out;
}

/** The overrides (concrete path -> value) that put `scenario` at unit coordinates `units` of the factors. */
export function factorOverrides(scenario: Scenario, factors: readonly UncertainFactor[], units: readonly number[]): Record<string, number> {
  if (units.length !== factors.length) throw new RangeError(`factorOverrides: ${units.length} coordinates for ${factors.length} factors`);
  const overrides: Record<string, number> = {};
  factors.forEach((factor, f) => {
    for (const member of factor.members) {
      const prior = memberPrior(member, factor.prior);
      const x = memberValueAt(prior, units[f]);
      for (const field of concreteFields(scenario, prior.info.schemaPath)) {
        if (field.value === null) continue;
        const value = prior.how === "absolute" ? x : prior.how === "factor" ? field.value * x : field.value + x;
        overrides[field.path] = clampToField(value, prior.allowed);
      }
    }
  });
  return overrides;
}

/** Set each override in a copy of the scenario (the paths exist: they come from `concreteFields`). */
export function withOverrides(scenario: Scenario, overrides: Record<string, number>): Scenario {
  const copy = structuredClone(scenario) as unknown as Record<string, unknown>;
  for (const [path, value] of Object.entries(overrides)) {
    const segments = path.split(".");
    let node = copy as Record<string, unknown>;
    for (const segment of segments.slice(0, -1)) node = node[segment] as Record<string, unknown>;
    node[segments[segments.length - 1]] = value;
  }
  const parsed = ScenarioSchema.safeParse(copy);
  if (!parsed.success)
    throw new Error(`uncertain factors: the sampled scenario ${scenario.name} is invalid: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  return parsed.data;
}

/** The value a factor shows in tables and boxes: its first member's value, multiplier or shift at u. */
export function factorDisplayValue(factor: UncertainFactor, u: number): number {
  return memberValueAt(memberPrior(factor.members[0], factor.prior), u);
}

/** The factor's shown value is a whole number (a whole-number field, or a shift of one in whole steps). */
export function factorIsWhole(factor: UncertainFactor): boolean {
  const prior = memberPrior(factor.members[0], factor.prior);
  if (prior.how === "factor") return false;
  if (prior.how === "shift") return prior.allowed.integer && Number.isInteger(prior.range[0]) && Number.isInteger(prior.range[1]);
  return prior.allowed.integer;
}

/** How a factor's shown value reads: "x" for a multiplier of each entry's value, "+" for a shift, else the field's unit. */
export function factorUnit(factor: UncertainFactor): { how: MemberPrior["how"]; unit: string } {
  const prior = memberPrior(factor.members[0], factor.prior);
  return { how: prior.how, unit: prior.info.unit };
}

/**
 * Ranges for a sweep over every uncertain field of a scenario (`vary: uncertain`): the fields of
 * the global study's factors, each entry of a kind's, segment's or firm's field with its own range
 * (its relative prior around the entry's value), the single fields as the factors sample them.
 * Fields the scenario does not have (a regime field with no regime) and entries a multiplier cannot
 * move (a value of 0) are left out. Policy levers are not uncertain (HELD_FIXED).
 */
export function uncertainRanges(scenario: Scenario): (RangeParameter & { label: string })[] {
  const seen = new Set<string>();
  const ranges: (RangeParameter & { label: string })[] = [];
  for (const factor of GLOBAL_FACTORS) {
    for (const member of factor.members) {
      const prior = memberPrior(member, factor.prior);
      for (const field of concreteFields(scenario, prior.info.schemaPath)) {
        if (field.value === null || seen.has(field.path)) continue;
        seen.add(field.path);
        let low: number;
        let high: number;
        if (prior.how === "absolute") [low, high] = prior.range;
        else if (prior.how === "factor") [low, high] = [field.value * prior.range[0], field.value * prior.range[1]].sort((a, b) => a - b);
        else [low, high] = [field.value + prior.range[0], field.value + prior.range[1]];
        low = clampToField(low, prior.allowed);
        high = clampToField(high, prior.allowed);
        if (!(low < high)) continue;
        const scale = prior.scale === "log" && low > 0 ? "log" : "linear";
        ranges.push({ path: field.path, min: low, max: high, scale, integer: prior.allowed.integer, label: prior.info.label ?? field.path });
      }
    }
  }
  return ranges;
}
