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
  type OptionTerms,
  type Prospect,
  type SegmentOutlook,
} from "./decisions.js";
import { modelStanding, openReleaseLawful, tierOf, type LicenceStatus } from "./regime/standing.js";
import { segmentAccess, segmentMayBuy, type SegmentAccess } from "./regime/access.js";
import { expectedRegimeTerms, monitoringLatencyUtilityLoss, servingCostOf } from "./regime/charges.js";
import { capabilityOf, costPerFlopUsd, flopForCapability, frontierCapability, frontierCapabilityGrowthPerYear, frontierTrainingFlop, servingCostUsdPerMtok } from "./technology.js";
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

/** The valuation context of a firm of a kind this period. */
export function valuer(world: World, regime: Regime | null, kind: Kind): Valuer {
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
  return {
    world,
    regime,
    years: world.period / ppy,
    delta: discountFactorPerPeriod(kind.discountRatePerYear, ppy),
    obsolescence: Math.exp(-meanTaste * growthPerPeriod),
    horizonPeriods: quartersToPeriods(scenario.decisions.horizonQuarters, ppy),
    segments: world.demandSegments.map((d) => d.segment),
    accesses: world.demandSegments.map((d) => segmentAccess(d, regime)),
    bestCapability: currentBestCapability(world),
    frontierGrowthPerPeriod: growthPerPeriod,
  };
}

/**
 * Terms of selling one model (new or existing) under a given status and location: its expected
 * operating profit as a best response to last period's rivals, and the regime's terms for it
 * (expectedRegimeTerms) plus, when gray, the kind's stigma.
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
  const { world, regime } = v;
  const { scenario } = world;
  const ppy = scenario.periodsPerYear;
  const standing = modelStanding(
    { trainingFlop: model.trainingFlop, capability: model.capability, open: model.open, releasedUnderRegime: model.releasedUnderRegime, complied: model.comply, withdrawnFromRegimeJurisdiction: false, owner: 0 },
    providerJurisdiction,
    regime,
  );
  const status = standing.status;
  const meanUtility = new Float64Array(world.segmentIds.length);
  // rivals are expected to keep pace with the frontier: their attractiveness relative to it stays as observed
  // (and everyone gains from the adoption trend until release)
  const rivalGrowth = rivalGrowthUntil(v, delayPeriods);
  const releaseYears = v.years + delayPeriods / ppy;
  const frontierAtRelease = v.bestCapability + v.frontierGrowthPerPeriod * delayPeriods;
  const latencyLoss = monitoringLatencyUtilityLoss(regime, standing.monitored, scenario.market.latencyUtilityPerOverhead);
  v.segments.forEach((segment, s) => {
    const access = v.accesses[s];
    meanUtility[s] = segmentMayBuy(access, standing.access)
      ? meanUtilityFor(segment, access, model.capability, model.open, status, frontierAtRelease, releaseYears, scenario.market.grayUtilityPenalty, latencyLoss)
      : Number.NaN;
  });
  const serving = servingCostOf(servingCostUsdPerMtok(scenario.technology, releaseYears, model.capability) * kind.inferenceCostMultiplier, regime, standing.monitored);
  const prospect: Prospect = { meanUtility, servingCostUsdPerMtok: serving.marginalUsdPerMtok, priceTaker: model.open };
  const earnings = bestResponseEarnings(world.outlook, prospect, rivalGrowth);
  const charges = expectedRegimeTerms(regime, standing, { weightSecurityPaid: firmAlreadyPaidWeightSecurity, licensed: firmAlreadyLicensed }, earnings.enterpriseCustomers, ppy);
  let recurring = charges.recurringUsdMPerPeriod;
  // stigma: a kind's distaste for operating unlicensed at home (not a payment)
  if (regime && status === "gray") recurring += kind.unlicensedStigmaUsdMPerYear / ppy;
  return {
    status,
    terms: {
      upfrontUsdM: charges.upfrontUsdM,
      // open weights earn nothing from hosting (anyone hosts them at cost); the kind values their use
      profitPerPeriodUsdM: earnings.operatingProfitUsdM + (model.open ? (kind.openUsageValueUsdPerMtok * earnings.quantityMtok) / 1e6 : 0),
      recurringCostPerPeriodUsdM: recurring,
      delayPeriods: delayPeriods + charges.auditDelayPeriods,
      blockProbability: charges.blockProbability,
      withdrawalProbabilityPerPeriod: charges.withdrawalProbabilityPerPeriod,
      preferenceUsdM: 0,
    },
  };
}

/** R_s growth until release = exp(trend_s * delay / periodsPerYear) per segment, computed once per valuer and delay */
const rivalGrowthMemo = new WeakMap<Valuer, Map<number, number[]>>();
function rivalGrowthUntil(v: Valuer, delayPeriods: number): number[] {
  let byDelay = rivalGrowthMemo.get(v);
  if (!byDelay) rivalGrowthMemo.set(v, (byDelay = new Map()));
  let growth = byDelay.get(delayPeriods);
  if (!growth) {
    const ppy = v.world.scenario.periodsPerYear;
    byDelay.set(delayPeriods, (growth = v.segments.map((segment) => Math.exp((segment.adoptionTrendPerYear * delayPeriods) / ppy))));
  }
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

/** Value every training option open to a firm (or a potential entrant) this period, within its financing constraint. */
export function trainingOptions(v: Valuer, kind: Kind, firm: { jurisdiction: string; weightSecurityPaid: boolean; licensed: boolean; cashUsdM: number }): TrainingOption[] {
  const budgetUsdM = firm.cashUsdM + kind.creditLimitUsdM;
  const options: TrainingOption[] = [];
  for (const o of memoizedTrainingOptions(v, kind, firm)) if (!(o.upfrontUsdM > budgetUsdM)) options.push({ ...o }); // financing constraint
  return options;
}

/**
 * Every firm of a kind in the same jurisdiction and standing (weights secured, licensed) faces the
 * same options this period: their values are computed once (allTrainingOptions, a pure function of
 * the valuer and these) and each firm keeps those it can finance. The memo is keyed by the world and
 * checked against everything the values read (the outlook, period, regime, clearing history and the
 * valuer's figures), so a stale entry is never returned.
 */
interface OptionMemo {
  outlook: readonly SegmentOutlook[];
  period: number;
  regime: Regime | null;
  clearings: number;
  byKind: Map<Kind, Map<string, readonly TrainingOption[]>>;
}
const optionMemos = new WeakMap<World, OptionMemo>();

function memoizedTrainingOptions(v: Valuer, kind: Kind, firm: { jurisdiction: string; weightSecurityPaid: boolean; licensed: boolean }): readonly TrainingOption[] {
  const { world } = v;
  let memo = optionMemos.get(world);
  if (!memo || memo.outlook !== world.outlook || memo.period !== world.period || memo.regime !== v.regime || memo.clearings !== world.bestCapabilityHistory.length) {
    memo = { outlook: world.outlook, period: world.period, regime: v.regime, clearings: world.bestCapabilityHistory.length, byKind: new Map() };
    optionMemos.set(world, memo);
  }
  let byFirm = memo.byKind.get(kind);
  if (!byFirm) memo.byKind.set(kind, (byFirm = new Map()));
  const key = `${firm.jurisdiction}|${firm.weightSecurityPaid}|${firm.licensed}|${v.years}|${v.delta}|${v.obsolescence}|${v.horizonPeriods}|${v.bestCapability}|${v.frontierGrowthPerPeriod}`;
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
  for (const trainingFlop of candidateRunSizes(world, kind, regime, v.years, trainingPeriods)) {
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
          const { terms } = modelTerms(v, kind, firm.weightSecurityPaid, firm.licensed, { trainingFlop, capability, open, releasedUnderRegime: regime !== null, comply }, jurisdiction, trainingPeriods);
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
