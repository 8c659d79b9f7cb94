// Valuation: what a firm expects from each option it weighs (train a model, and how; keep a model
// on sale in compliance or not; stay in the market or enter it). Expectations follow docs/MODEL.md
// ("Prediction"): last period's market taken as given, rivals keeping pace with the frontier, the
// firm's own price a best response (sim/decisions.ts). The regime's part of every value comes from
// sim/regime/charges.ts, the same functions the period's payments call.
import type { Kind, Regime, Segment } from "./scenario/schema.js";
import {
  bestResponseEarnings,
  decayingAnnuity,
  discountFactorPerPeriod,
  optionValue,
  type ModelEarnings,
  type OptionTerms,
  type Prospect,
  type SegmentOutlook,
} from "./decisions.js";
import { modelStanding, openReleaseLawful, tierOf, type LicenceStatus, type ModelStanding } from "./regime/standing.js";
import { segmentAccess, segmentMayBuy, type SegmentAccess } from "./regime/access.js";
import { expectedRegimeTerms, monitoringLatencyUtilityLoss, servingCostOf } from "./regime/charges.js";
import {
  capabilityOf,
  costPerFlopUsd,
  flopForCapability,
  frontierCapability,
  frontierCapabilityGrowthPerYear,
  frontierTrainingFlop,
  servingCostCurve,
  servingCostOnCurve,
  type ServingCostCurve,
} from "./technology.js";
import { meanUtilityFor, observedFrontierGrowthPerPeriod } from "./market.js";
import { quartersToPeriods } from "./time.js";
import type { World } from "./state.js";

/** One training run a firm could start: size, open or closed, comply or not, where; and its value. */
export interface TrainingOption {
  trainingFlop: number;
  open: boolean;
  comply: boolean;
  relocateTo: string | null;
  value: number;
  upfrontUsdM: number;
}

/** What every valuation of one firm this period shares: the regime in force, discounting, the horizon, the buyers and the frontier. */
export interface Valuer {
  world: World;
  regime: Regime | null;
  years: number;
  delta: number;
  obsolescence: number;
  horizonPeriods: number;
  /** the buyer segments in world.segmentIds order, and how the regime sees each (fixed within a period) */
  segments: Segment[];
  accesses: SegmentAccess[];
  /** best capability on sale now, and its expected progress per period */
  bestCapability: number;
  frontierGrowthPerPeriod: number;
}

/** The valuation context of a firm of a kind this period (one per kind and period: every firm of the kind shares it). */
export function valuer(world: World, regime: Regime | null, kind: Kind): Valuer {
  const shared = periodValuation(world, regime);
  let v = shared.valuers.get(kind);
  if (!v) shared.valuers.set(kind, (v = newValuer(world, regime, kind)));
  return v;
}

function newValuer(world: World, regime: Regime | null, kind: Kind): Valuer {
  const { scenario } = world;
  const ppy = scenario.periodsPerYear;
  // rho = exp(-mean beta * frontier capability growth per period): the model's odds against the frontier fall at that rate
  let weightedTaste = 0;
  let size = 0;
  for (const o of world.outlook) {
    weightedTaste += o.capabilityTaste * o.marketSizeMtok;
    size += o.marketSizeMtok;
  }
  const meanTaste = size > 0 ? weightedTaste / size : 0;
  const growthPerPeriod = expectedFrontierGrowthPerPeriod(world);
  const shared = periodValuation(world, regime);
  return {
    world,
    regime,
    years: world.period / ppy,
    delta: discountFactorPerPeriod(kind.discountRatePerYear, ppy),
    obsolescence: Math.exp(-meanTaste * growthPerPeriod),
    horizonPeriods: quartersToPeriods(scenario.decisions.horizonQuarters, ppy),
    segments: shared.segments,
    accesses: shared.accesses,
    bestCapability: currentBestCapability(world),
    frontierGrowthPerPeriod: growthPerPeriod,
  };
}

/**
 * What every valuation in a world shares within a period and regime: the buyers and how the regime
 * sees them, each kind's valuer, the values of training options (per kind and firm standing), the
 * market side of prospective models (per model, location and delay: the same whatever the firm's
 * weight security or licence), the serving-cost curve and the rivals' growth per delay. Kept per
 * world and checked against everything the values read (the outlook, period, regime and clearing
 * history), so a stale entry is never returned.
 */
interface PeriodValuation {
  outlook: readonly SegmentOutlook[];
  period: number;
  regime: Regime | null;
  clearings: number;
  segments: Segment[];
  accesses: SegmentAccess[];
  valuers: Map<Kind, Valuer>;
  options: Map<Kind, Map<string, readonly TrainingOption[]>>;
  /** by delay and serving-cost multiplier */
  prospects: Map<string, SharedProspects>;
  servingCurves: Map<number, ServingCostCurve>;
  runSizes: Map<Kind, readonly number[]>;
  rivalGrowth: Map<number, number[]>;
  /** scratch utilities of the prospect being valued (read synchronously by bestResponseEarnings) */
  meanUtility: Float64Array;
}
const periodValuations = new WeakMap<World, PeriodValuation[]>();

function periodValuation(world: World, regime: Regime | null): PeriodValuation {
  let list = periodValuations.get(world);
  const clearings = world.bestCapabilityHistory.length;
  if (list) {
    for (const p of list) if (p.regime === regime && p.outlook === world.outlook && p.period === world.period && p.clearings === clearings) return p;
    // a new period, outlook or clearing makes every entry stale
    if (list[0].outlook !== world.outlook || list[0].period !== world.period || list[0].clearings !== clearings) list = [];
  } else list = [];
  const segments = world.demandSegments.map((d) => d.segment);
  const shared: PeriodValuation = {
    outlook: world.outlook,
    period: world.period,
    regime,
    clearings,
    segments,
    accesses: world.demandSegments.map((d) => segmentAccess(d, regime)),
    valuers: new Map(),
    options: new Map(),
    prospects: new Map(),
    servingCurves: new Map(),
    runSizes: new Map(),
    rivalGrowth: new Map(),
    meanUtility: new Float64Array(segments.length),
  };
  list.push(shared);
  periodValuations.set(world, list);
  return shared;
}

/** The market side of selling one model: where it stands under the regime and what it earns as a best response to last period's rivals. */
export interface ModelProspect {
  standing: ModelStanding;
  earnings: ModelEarnings;
}

/**
 * The market side of selling one model (new or existing) from a location, released after
 * `delayPeriods`: its standing, and its expected operating profit as a best response to last
 * period's rivals (who keep pace with the frontier until release). The same for every firm of a
 * kind whatever its weight security or licence (those change only the charges, modelTerms).
 */
export function modelProspect(
  v: Valuer,
  kind: Kind,
  model: { trainingFlop: number; capability: number; open: boolean; releasedUnderRegime: boolean; comply: boolean },
  providerJurisdiction: string,
  delayPeriods: number,
): ModelProspect {
  const { world, regime } = v;
  const { scenario } = world;
  const ppy = scenario.periodsPerYear;
  const shared = periodValuation(world, regime);
  const standing = modelStanding(
    { trainingFlop: model.trainingFlop, capability: model.capability, open: model.open, releasedUnderRegime: model.releasedUnderRegime, complied: model.comply, withdrawnFromRegimeJurisdiction: false, owner: 0 },
    providerJurisdiction,
    regime,
  );
  const status = standing.status;
  const meanUtility = shared.meanUtility;
  // rivals are expected to keep pace with the frontier: their attractiveness relative to it stays as observed
  // (and everyone gains from the adoption trend until release)
  const rivalGrowth = rivalGrowthUntil(shared, ppy, delayPeriods);
  const releaseYears = v.years + delayPeriods / ppy;
  const frontierAtRelease = v.bestCapability + v.frontierGrowthPerPeriod * delayPeriods;
  const latencyLoss = monitoringLatencyUtilityLoss(regime, standing.monitored, scenario.market.latencyUtilityPerOverhead);
  for (let s = 0; s < v.segments.length; s++) {
    const access = v.accesses[s];
    meanUtility[s] = segmentMayBuy(access, standing.access)
      ? meanUtilityFor(v.segments[s], access, model.capability, model.open, status, frontierAtRelease, releaseYears, scenario.market.grayUtilityPenalty, latencyLoss)
      : Number.NaN;
  }
  let curve = shared.servingCurves.get(releaseYears);
  if (!curve) shared.servingCurves.set(releaseYears, (curve = servingCostCurve(scenario.technology, releaseYears)));
  const serving = servingCostOf(servingCostOnCurve(curve, model.capability) * kind.inferenceCostMultiplier, regime, standing.monitored);
  const prospect: Prospect = { meanUtility, servingCostUsdPerMtok: serving.marginalUsdPerMtok, priceTaker: model.open };
  return { standing, earnings: bestResponseEarnings(world.outlook, prospect, rivalGrowth) };
}

/**
 * Terms of selling one model (new or existing) under a given status and location: its expected
 * operating profit as a best response to last period's rivals (modelProspect), and the regime's
 * terms for it (expectedRegimeTerms) plus, when gray, the kind's stigma.
 */
export function modelTerms(
  v: Valuer,
  kind: Kind,
  firmAlreadyPaidWeightSecurity: boolean,
  firmAlreadyLicensed: boolean,
  model: { trainingFlop: number; capability: number; open: boolean; releasedUnderRegime: boolean; comply: boolean },
  providerJurisdiction: string,
  delayPeriods: number,
): { terms: OptionTerms; status: LicenceStatus } {
  return termsOfProspect(v, kind, firmAlreadyPaidWeightSecurity, firmAlreadyLicensed, model.open, modelProspect(v, kind, model, providerJurisdiction, delayPeriods), delayPeriods);
}

/** The terms of a model's prospect for a firm that has (or has not) secured its weights and holds (or does not hold) a licence. */
function termsOfProspect(
  v: Valuer,
  kind: Kind,
  firmAlreadyPaidWeightSecurity: boolean,
  firmAlreadyLicensed: boolean,
  open: boolean,
  prospect: ModelProspect,
  delayPeriods: number,
): { terms: OptionTerms; status: LicenceStatus } {
  const { regime } = v;
  const ppy = v.world.scenario.periodsPerYear;
  const { standing, earnings } = prospect;
  const status = standing.status;
  const charges = expectedRegimeTerms(regime, standing, { weightSecurityPaid: firmAlreadyPaidWeightSecurity, licensed: firmAlreadyLicensed }, earnings.enterpriseCustomers, ppy);
  let recurring = charges.recurringUsdMPerPeriod;
  // stigma: a kind's distaste for operating unlicensed at home (not a payment)
  if (regime && status === "gray") recurring += kind.unlicensedStigmaUsdMPerYear / ppy;
  return {
    status,
    terms: {
      upfrontUsdM: charges.upfrontUsdM,
      // open weights earn nothing from hosting (anyone hosts them at cost); the kind values their use
      profitPerPeriodUsdM: earnings.operatingProfitUsdM + (open ? (kind.openUsageValueUsdPerMtok * earnings.quantityMtok) / 1e6 : 0),
      recurringCostPerPeriodUsdM: recurring,
      delayPeriods: delayPeriods + charges.auditDelayPeriods,
      blockProbability: charges.blockProbability,
      withdrawalProbabilityPerPeriod: charges.withdrawalProbabilityPerPeriod,
      preferenceUsdM: 0,
    },
  };
}

/** R_s growth until release = exp(trend_s * delay / periodsPerYear) per segment, computed once per period and delay */
function rivalGrowthUntil(shared: PeriodValuation, periodsPerYear: number, delayPeriods: number): number[] {
  let growth = shared.rivalGrowth.get(delayPeriods);
  if (!growth) shared.rivalGrowth.set(delayPeriods, (growth = shared.segments.map((segment) => Math.exp((segment.adoptionTrendPerYear * delayPeriods) / periodsPerYear))));
  return growth;
}

/** best capability on sale at the last clearing (the technological frontier before any clearing) */
export function currentBestCapability(world: World): number {
  const h = world.bestCapabilityHistory;
  return h.length > 0 ? h[h.length - 1] : frontierCapability(world.scenario.technology, world.period / world.scenario.periodsPerYear);
}

/**
 * Adaptive expectation of frontier progress per period: the observed progress of the best model on
 * sale over the last year, or over the clearings so far before a year has passed; before any
 * progress can be observed (one clearing), the technological trend. (The trend, C(t) x A(t), is
 * the progress of the largest feasible run, several times what the best model on sale gains while
 * the first releases come out: taken as the expectation for a whole year, it wrote every model off
 * at that pace and drove the smaller incumbents out in the first quarters.)
 */
export function expectedFrontierGrowthPerPeriod(world: World): number {
  const ppy = world.scenario.periodsPerYear;
  if (world.bestCapabilityHistory.length < 2) return frontierCapabilityGrowthPerYear(world.scenario.technology) / ppy;
  return observedFrontierGrowthPerPeriod(world.bestCapabilityHistory, ppy);
}

/**
 * Candidate run sizes: the menu times the FLOP that would match the expected best model at release
 * (10^k* / A(t)), capped by the kind's largest run (a share of the technological frontier run), plus
 * "just under" each regulatory line within range.
 */
export function candidateRunSizes(world: World, kind: Kind, regime: Regime | null, years: number, trainingPeriods: number): number[] {
  const { scenario } = world;
  const largest = kind.maxComputeShareOfFrontier * frontierTrainingFlop(scenario.technology, years);
  if (!(largest > 0)) return [];
  const targetCapability = currentBestCapability(world) + expectedFrontierGrowthPerPeriod(world) * trainingPeriods;
  const matching = flopForCapability(scenario.technology, targetCapability, years);
  const sizes = [...new Set(scenario.decisions.runSizeOptions.map((f) => Math.min(f * matching, largest)))];
  const smallest = Math.min(...sizes);
  if (regime) {
    const lines = [regime.thresholdFlop, regime.lightTier?.minTrainingFlop ?? null, regime.openWeightBanFlop].filter((l): l is number => l !== null && l > 0);
    for (const line of lines) {
      const under = line * (1 - scenario.decisions.underThresholdMargin);
      if (under >= smallest && under <= largest) sizes.push(under);
    }
  }
  return [...new Set(sizes)].sort((a, b) => b - a);
}

/** Value every training option open to a firm (or a potential entrant) this period, within its financing constraint (the caller's own copies). */
export function trainingOptions(v: Valuer, kind: Kind, firm: { jurisdiction: string; weightSecurityPaid: boolean; licensed: boolean; cashUsdM: number }): TrainingOption[] {
  return affordableTrainingOptions(v, kind, firm).map((o) => ({ ...o }));
}

/**
 * The training options a firm can finance this period, shared with every firm in the same
 * situation (read them, never change them). Every firm of a kind in the same jurisdiction and
 * standing (weights secured, licensed) faces the same options this period: their values are
 * computed once per period (allTrainingOptions, a pure function of the valuer and these) and each
 * firm keeps those it can finance.
 */
export function affordableTrainingOptions(v: Valuer, kind: Kind, firm: { jurisdiction: string; weightSecurityPaid: boolean; licensed: boolean; cashUsdM: number }): readonly TrainingOption[] {
  const budgetUsdM = firm.cashUsdM + kind.creditLimitUsdM;
  const all = memoizedTrainingOptions(v, kind, firm);
  let affordable = 0;
  for (const o of all) if (!(o.upfrontUsdM > budgetUsdM)) affordable++; // financing constraint
  if (affordable === all.length) return all;
  return all.filter((o) => !(o.upfrontUsdM > budgetUsdM));
}

function memoizedTrainingOptions(v: Valuer, kind: Kind, firm: { jurisdiction: string; weightSecurityPaid: boolean; licensed: boolean }): readonly TrainingOption[] {
  const shared = periodValuation(v.world, v.regime);
  let byFirm = shared.options.get(kind);
  if (!byFirm) shared.options.set(kind, (byFirm = new Map()));
  // the valuer's figures are the period's (valuer() keeps one per kind); a valuer built by hand is keyed by them
  const key =
    shared.valuers.get(kind) === v
      ? `${firm.jurisdiction}|${firm.weightSecurityPaid}|${firm.licensed}`
      : `${firm.jurisdiction}|${firm.weightSecurityPaid}|${firm.licensed}|${v.years}|${v.delta}|${v.obsolescence}|${v.horizonPeriods}|${v.bestCapability}|${v.frontierGrowthPerPeriod}`;
  let options = byFirm.get(key);
  if (!options) byFirm.set(key, (options = allTrainingOptions(v, kind, firm)));
  return options;
}

/** Value every training option open to a firm (or a potential entrant) this period, before its financing constraint. */
export function allTrainingOptions(v: Valuer, kind: Kind, firm: { jurisdiction: string; weightSecurityPaid: boolean; licensed: boolean }): TrainingOption[] {
  const { world, regime } = v;
  const { scenario } = world;
  const ppy = scenario.periodsPerYear;
  const trainingPeriods = quartersToPeriods(kind.trainingQuarters, ppy);
  const options: TrainingOption[] = [];
  const costPerFlop = costPerFlopUsd(scenario.technology, v.years) * kind.trainingCostMultiplier;
  const locations: (string | null)[] = [null];
  if (regime && firm.jurisdiction === regime.jurisdiction) for (const target of kind.relocationTargets) if (target !== firm.jurisdiction) locations.push(target);
  const prospects = sharedProspects(v, kind, trainingPeriods);
  for (const trainingFlop of runSizesOf(v, kind, trainingPeriods)) {
    const trainingCostUsdM = (trainingFlop * costPerFlop) / 1e6;
    for (const open of [false, true]) {
      const capability = capabilityOf(scenario.technology, trainingFlop, v.years, open);
      const tier = regime ? tierOf(regime, trainingFlop, capability) : "exempt";
      const complyChoices = tier === "exempt" ? [false] : [true, false];
      for (const relocateTo of locations) {
        if (relocateTo !== null && tier === "exempt") continue; // nothing to escape
        const jurisdiction = relocateTo ?? firm.jurisdiction;
        for (const comply of complyChoices) {
          if (comply && relocateTo !== null) continue;
          if (comply && regime && open && !openReleaseLawful(regime, trainingFlop, tier)) continue; // cannot be licensed
          const prospect = trainingProspect(v, kind, prospects, { trainingFlop, capability, open, releasedUnderRegime: regime !== null, comply }, jurisdiction, trainingPeriods);
          const { terms } = termsOfProspect(v, kind, firm.weightSecurityPaid, firm.licensed, open, prospect, trainingPeriods);
          terms.upfrontUsdM += trainingCostUsdM + (relocateTo !== null ? kind.relocationCostUsdM : 0);
          terms.preferenceUsdM = open ? kind.openWeightsPreferenceUsdM : 0;
          const upfront = terms.upfrontUsdM;
          options.push({ trainingFlop, open, comply, relocateTo, upfrontUsdM: upfront, value: optionValue(terms, v.delta, v.obsolescence, v.horizonPeriods) });
        }
      }
    }
  }
  return options;
}

/** candidateRunSizes for the valuer's kind, computed once per period for the period's valuer. */
function runSizesOf(v: Valuer, kind: Kind, trainingPeriods: number): readonly number[] {
  const shared = periodValuation(v.world, v.regime);
  if (shared.valuers.get(kind) !== v) return candidateRunSizes(v.world, kind, v.regime, v.years, trainingPeriods);
  let sizes = shared.runSizes.get(kind);
  if (!sizes) shared.runSizes.set(kind, (sizes = candidateRunSizes(v.world, kind, v.regime, v.years, trainingPeriods)));
  return sizes;
}

/**
 * The prospects of training runs shared within the period by every valuation by a kind with the
 * same delay and serving-cost multiplier (the prospect reads nothing else of the kind or the
 * firm): by location, then size, then open and comply. Null for a valuer built by hand (not the
 * period's), whose prospects are valued afresh.
 */
type SharedProspects = Map<string, Map<number, (ModelProspect | undefined)[]>>;
function sharedProspects(v: Valuer, kind: Kind, delayPeriods: number): SharedProspects | null {
  const shared = periodValuation(v.world, v.regime);
  if (shared.valuers.get(kind) !== v) return null;
  const key = `${delayPeriods}|${kind.inferenceCostMultiplier}`;
  let prospects = shared.prospects.get(key);
  if (!prospects) shared.prospects.set(key, (prospects = new Map()));
  return prospects;
}

/** modelProspect of a training run, from the shared prospects when it was valued before this period. */
function trainingProspect(
  v: Valuer,
  kind: Kind,
  prospects: SharedProspects | null,
  model: { trainingFlop: number; capability: number; open: boolean; releasedUnderRegime: boolean; comply: boolean },
  providerJurisdiction: string,
  delayPeriods: number,
): ModelProspect {
  if (!prospects) return modelProspect(v, kind, model, providerJurisdiction, delayPeriods);
  let byLocation = prospects.get(providerJurisdiction);
  if (!byLocation) prospects.set(providerJurisdiction, (byLocation = new Map()));
  let bySize = byLocation.get(model.trainingFlop);
  if (!bySize) byLocation.set(model.trainingFlop, (bySize = []));
  // releasedUnderRegime is regime !== null, the same for every run valued under this regime
  const index = (model.open ? 1 : 0) + (model.comply ? 2 : 0);
  return (bySize[index] ??= modelProspect(v, kind, model, providerJurisdiction, delayPeriods));
}

/** running value = annuity over the horizon x (funding - overhead) per period: what being in the market costs or brings besides models */
export function runningValueUsdM(v: Valuer, kind: Kind): number {
  return decayingAnnuity(v.delta, 1, 0, v.horizonPeriods) * ((kind.externalFundingPerYearUsdM - kind.fixedCostPerYearUsdM) / v.world.scenario.periodsPerYear);
}

/** open-use value per period = the kind's value per Mtok x use of its open models (USD M) */
export function openUseValueUsdM(kind: Kind, openUsageMtok: number): number {
  return (kind.openUsageValueUsdPerMtok * openUsageMtok) / 1e6;
}

/** What a firm in the market weighs when it decides to stay (USD M per period, periods, USD M). */
export interface StayTerms {
  /** last period's operating profit net of recurring compliance and penalties */
  lastNetOperatingUsdM: number;
  /** the value the kind puts on last period's use of its open models */
  openUseValueUsdM: number;
  /** periods until the firm may start its next training run (0 when it may now) */
  periodsUntilTraining: number;
  /** value of the best training option, valued on today's market (0 or less when none pays) */
  bestTrainingValueUsdM: number;
}

/** V_stay = A(rho) x (last net operating profit + open-use value) + A(1) x (funding - overhead) + delta^w x max(0, best training option) */
export function stayValueUsdM(v: Valuer, kind: Kind, terms: StayTerms): number {
  const models = decayingAnnuity(v.delta, v.obsolescence, 0, v.horizonPeriods) * (terms.lastNetOperatingUsdM + terms.openUseValueUsdM);
  const nextRun = Math.pow(v.delta, terms.periodsUntilTraining) * Math.max(0, terms.bestTrainingValueUsdM);
  return models + runningValueUsdM(v, kind) + nextRun;
}

/** V_enter = value of the chosen first model - entry cost + running value */
export function entryValueUsdM(v: Valuer, kind: Kind, firstModelValueUsdM: number): number {
  return firstModelValueUsdM - kind.entryCostUsdM + runningValueUsdM(v, kind);
}
