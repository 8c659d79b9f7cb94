// The period step of the dynamic market. Order within a period (docs/MODEL.md, "Process overview"):
//   1. technology and demand move on;
//   2. finished training runs are released (or enter the pre-release audit; audits end in release or block);
//   3. providers with models on sale when a regime comes into force choose to comply, evade or relocate;
//   4. weights leak; the regulator detects unlicensed operations and fines them;
//   5. the market clears at Bertrand-Nash prices; money changes hands;
//   6. incumbents choose to exit or to train (size, open or closed, comply, relocate);
//   7. potential entrants arrive and enter when the value of a first model beats its cost.
// The textbook Cournot market (market.competition = cournot) runs steps 5-7 with Cournot profits.
import type { Kind, Regime, Scenario, Segment } from "./scenario/schema.js";
import { newLedger, pay, resetPeriodFlows } from "./ledger.js";
import { poissonDraw, streamFor, uniformDraw, type Stream } from "./random.js";
import {
  bestResponseEarnings,
  discountFactorPerPeriod,
  decayingAnnuity,
  logitBinary,
  logitChoice,
  optionValue,
  type OptionTerms,
  type Prospect,
} from "./decisions.js";
import { holdsLicence, isCompliantStatus, modelStanding, obligationsOf, openReleaseLawful, regimeInForce, tierOf, type LicenceStatus } from "./regime/standing.js";
import { segmentAccess, segmentMayBuy, type SegmentAccess } from "./regime/access.js";
import {
  auditBlockProbability,
  detectionProbabilityPerPeriod,
  expectedRegimeTerms,
  licenceFeeUsdMPerPeriod,
  modelComplianceUsdMPerPeriod,
  penaltyUsdM,
  preReleaseAudit,
  servingCostOf,
  weightSecurityCostUsdM,
  weightSecurityOwed,
} from "./regime/charges.js";
import { perPeriodProbability, quartersToPeriods } from "./time.js";
import {
  capabilityOf,
  costPerFlopUsd,
  frontierCapability,
  frontierCapabilityGrowthPerYear,
  flopForCapability,
  frontierTrainingFlop,
  servingCostUsdPerMtok,
} from "./technology.js";
import { clearMarket, meanUtilityFor, observedFrontierGrowthPerPeriod, outlookFrom, type ClearedMarket } from "./market.js";
import { cournotSymmetricProfit } from "./cournot.js";
import { emptyFlows, periodProfitUsdM, type FirmState, type ModelState, type World } from "./state.js";

export function createWorld(scenario: Scenario, seed: number): World {
  const kindIds = Object.keys(scenario.kinds);
  const world: World = {
    scenario,
    seed,
    period: 0,
    firms: [],
    leakedCopies: [],
    ledger: newLedger(),
    nextModelId: 0,
    kindIds,
    segmentIds: Object.keys(scenario.segments),
    outlook: [],
    arrivalStreams: new Map(kindIds.map((k) => [k, streamFor(seed, `arrivals/${k}`)])),
    arrivalsSoFar: new Map(kindIds.map((k) => [k, 0])),
    arrivalAccumulator: new Map(kindIds.map((k) => [k, 0])),
    events: newEvents(kindIds),
    warnings: [],
    bestCapabilityHistory: [],
  };
  scenario.firms.forEach((spec, index) => {
    const firm = addFirm(world, {
      name: spec.name,
      kindId: spec.kind,
      jurisdiction: spec.jurisdiction ?? scenario.kinds[spec.kind].homeJurisdiction,
      cashUsdM: spec.cashUsdM,
      streamKey: `roster/${index}`,
      incumbent: true,
    });
    for (const m of spec.models) {
      const trainedAtYears = -m.ageQuarters / 4;
      firm.models.push(
        newModel(world, firm.id, m.name, m.trainingFlop, capabilityOf(scenario.technology, m.trainingFlop, trainedAtYears, m.open), m.open, -quartersToPeriods(m.ageQuarters, scenario.periodsPerYear), false),
      );
    }
    firm.lastTrainingStartPeriod = -quartersToPeriods(4, scenario.periodsPerYear) + 1;
  });
  world.outlook = outlookFrom(world, null, 0);
  return world;
}

function newEvents(kindIds: string[]): World["events"] {
  const zeroes = () => new Map(kindIds.map((k) => [k, 0]));
  return {
    entries: zeroes(),
    exits: zeroes(),
    relocations: zeroes(),
    trainingRuns: 0,
    releases: 0,
    blockedReleases: 0,
    leaks: 0,
    detections: 0,
    releaseDelays: [],
    complianceSpendUsdM: 0,
    pricingConverged: true,
  };
}

function addFirm(world: World, spec: { name: string; kindId: string; jurisdiction: string; cashUsdM: number; streamKey: string; incumbent: boolean; decisionStream?: Stream }): FirmState {
  const id = world.firms.length;
  const firm: FirmState = {
    id,
    streamKey: spec.streamKey,
    name: spec.name,
    kindId: spec.kindId,
    kind: world.scenario.kinds[spec.kindId],
    jurisdiction: spec.jurisdiction,
    alive: true,
    incumbent: spec.incumbent,
    enteredPeriod: world.period,
    exitedPeriod: -1,
    models: [],
    training: null,
    lastTrainingStartPeriod: -1_000_000,
    weightSecurityPaid: false,
    decisionStream: spec.decisionStream ?? streamFor(world.seed, `${spec.streamKey}/decisions`),
    leakStream: streamFor(world.seed, `${spec.streamKey}/leaks`),
    enforcementStream: streamFor(world.seed, `${spec.streamKey}/enforcement`),
    period: emptyFlows(),
    lastNetOperatingUsdM: 0,
    cumulativeProfitUsdM: 0,
  };
  world.firms.push(firm);
  world.ledger.firmCash.push(0);
  pay(world.ledger, "investors", id, spec.cashUsdM);
  if (spec.cashUsdM < 0) pay(world.ledger, id, "investors", -spec.cashUsdM);
  return firm;
}

function newModel(world: World, owner: number, name: string, trainingFlop: number, capability: number, open: boolean, releasedPeriod: number, releasedUnderRegime: boolean): ModelState {
  return {
    id: world.nextModelId++,
    owner,
    name,
    trainingFlop,
    capability,
    open,
    releasedPeriod,
    releasedUnderRegime,
    complied: false,
    complianceDecided: false,
    leaked: false,
    withdrawnFromRegimeJurisdiction: false,
    expiresPeriod: Number.POSITIVE_INFINITY,
    lastPriceUsdPerMtok: 0,
  };
}

// ------------------------------------------------------------------------------------------------
// Valuation of options

interface TrainingOption {
  trainingFlop: number;
  open: boolean;
  comply: boolean;
  relocateTo: string | null;
  value: number;
  upfrontUsdM: number;
}

interface Valuer {
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

function valuer(world: World, regime: Regime | null, kind: Kind): Valuer {
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
    segments: world.segmentIds.map((id) => scenario.segments[id]),
    accesses: world.segmentIds.map((id) => segmentAccess(scenario, id, regime)),
    bestCapability: currentBestCapability(world),
    frontierGrowthPerPeriod: growthPerPeriod,
  };
}

/** Terms of selling one model (new or existing) under a given status and location. */
function modelTerms(
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
    { ...model, complied: model.comply, withdrawnFromRegimeJurisdiction: false, owner: 0 },
    providerJurisdiction,
    regime,
  );
  const status = standing.status;
  const meanUtility = new Float64Array(world.segmentIds.length);
  // rivals are expected to keep pace with the frontier: their attractiveness relative to it stays as observed
  // (and everyone gains from the adoption trend until release)
  const rivalGrowth = v.segments.map((segment) => Math.exp((segment.adoptionTrendPerYear * delayPeriods) / ppy));
  const releaseYears = v.years + delayPeriods / ppy;
  const frontierAtRelease = v.bestCapability + v.frontierGrowthPerPeriod * delayPeriods;
  v.segments.forEach((segment, s) => {
    const access = v.accesses[s];
    meanUtility[s] = segmentMayBuy(access, standing.access)
      ? meanUtilityFor(segment, access, model.capability, model.open, status, frontierAtRelease, releaseYears, scenario.market.grayUtilityPenalty)
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

/** best capability on sale at the last clearing (the technological frontier before any clearing) */
function currentBestCapability(world: World): number {
  const h = world.bestCapabilityHistory;
  return h.length > 0 ? h[h.length - 1] : frontierCapability(world.scenario.technology, world.period / world.scenario.periodsPerYear);
}

/**
 * Adaptive expectation of frontier progress per period: the observed progress of the best model on
 * sale over the last year; before a year is observed, the technological trend.
 */
function expectedFrontierGrowthPerPeriod(world: World): number {
  const ppy = world.scenario.periodsPerYear;
  if (world.bestCapabilityHistory.length <= ppy) return frontierCapabilityGrowthPerYear(world.scenario.technology) / ppy;
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

/** Value every training option open to a firm (or a potential entrant) this period. */
function trainingOptions(v: Valuer, kind: Kind, firm: { jurisdiction: string; weightSecurityPaid: boolean; licensed: boolean; cashUsdM: number }): TrainingOption[] {
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
          if (upfront > firm.cashUsdM + kind.creditLimitUsdM) continue; // financing constraint
          options.push({ trainingFlop, open, comply, relocateTo, upfrontUsdM: upfront, value: optionValue(terms, v.delta, v.obsolescence, v.horizonPeriods) });
        }
      }
    }
  }
  return options;
}

// ------------------------------------------------------------------------------------------------
// The period

export interface StepOutcome {
  market: ClearedMarket | null;
  /** Cournot market of this period (textbook mode) */
  cournot: { firmCount: number; price: number; quantityPerFirm: number; consumerSurplus: number } | null;
}

export function stepPeriod(world: World): StepOutcome {
  const { scenario } = world;
  const t = world.period;
  const ppy = scenario.periodsPerYear;
  const years = t / ppy;
  const regime = regimeInForce(scenario.regime, t) ? scenario.regime : null;
  world.events = newEvents(world.kindIds);
  resetPeriodFlows(world.ledger);
  for (const firm of world.firms) if (firm.alive) firm.period = emptyFlows();

  if (scenario.market.competition === "cournot") return { market: null, cournot: cournotPeriod(world, regime) };

  releaseFinishedRuns(world, regime);
  decideExistingModels(world, regime);
  leaksAndEnforcement(world, regime);
  world.leakedCopies = world.leakedCopies.filter((c) => c.expiresPeriod >= t);
  const market = clearMarket(world, regime, years);
  world.bestCapabilityHistory.push(market.bestCapability);
  if (!market.result.converged) {
    world.events.pricingConverged = false;
    world.warnings.push(
      `period ${t}: Bertrand-Nash prices did not converge in ${market.result.iterations} iterations (max FOC residual ${market.result.maxFocResidual.toExponential(2)}, ${market.products.length} products, ${world.segmentIds.length} segments)`,
    );
  }
  settleMarket(world, market, regime);
  world.outlook = outlookFrom(world, market, years);
  incumbentDecisions(world, regime);
  arrivals(world, regime);
  for (const firm of world.firms) if (firm.alive || firm.exitedPeriod === t) firm.cumulativeProfitUsdM += periodProfitUsdM(firm.period);
  return { market, cournot: null };
}

function releaseFinishedRuns(world: World, regime: Regime | null): void {
  const t = world.period;
  const ppy = world.scenario.periodsPerYear;
  for (const firm of world.firms) {
    const run = firm.training;
    if (!firm.alive || !run || run.readyPeriod > t) continue;
    if (run.auditEndPeriod < 0 && run.readyPeriod === t && run.comply && regime) {
      const capability = capabilityOf(world.scenario.technology, run.trainingFlop, run.startPeriod / ppy, run.open);
      const audit = preReleaseAudit(regime, tierOf(regime, run.trainingFlop, capability), ppy);
      if (audit) {
        run.auditEndPeriod = t + audit.delayPeriods;
        if (run.auditEndPeriod > t) continue;
      }
    }
    if (run.auditEndPeriod >= 0) {
      if (run.auditEndPeriod > t) continue;
      if (firm.decisionStream() < auditBlockProbability(regime)) {
        world.events.blockedReleases++;
        firm.training = null;
        continue;
      }
    }
    const capability = capabilityOf(world.scenario.technology, run.trainingFlop, run.startPeriod / ppy, run.open);
    const model = newModel(world, firm.id, `${firm.name} m${firm.models.length + 1}@${t}`, run.trainingFlop, capability, run.open, t, regime !== null);
    model.complied = run.comply;
    model.complianceDecided = regime !== null;
    firm.models.unshift(model);
    while (firm.models.length > firm.kind.modelsOnSale) firm.models.pop();
    world.events.releases++;
    world.events.releaseDelays.push(run.auditEndPeriod >= 0 ? run.auditEndPeriod - run.readyPeriod : 0);
    firm.training = null;
  }
}

/** When a regime is in force, providers with undecided models on sale choose: comply, evade, or relocate. */
function decideExistingModels(world: World, regime: Regime | null): void {
  if (!regime) return;
  for (const firm of world.firms) {
    if (!firm.alive) continue;
    const undecided = firm.models.filter((m) => !m.complianceDecided);
    if (undecided.length === 0) continue;
    const inTier = undecided.filter((m) => tierOf(regime, m.trainingFlop, m.capability) !== "exempt");
    for (const m of undecided) m.complianceDecided = true;
    if (inTier.length === 0) continue;
    const v = valuer(world, regime, firm.kind);
    const remaining = v.horizonPeriods;
    let stayValue = 0;
    const choices: boolean[] = [];
    let paid = firm.weightSecurityPaid;
    let licensed = holdsLicence(firm.models, regime);
    for (const m of inTier) {
      const values = [true, false].map((comply) => {
        const { terms } = modelTerms(v, firm.kind, paid, licensed, { ...m, comply }, firm.jurisdiction, 0);
        return optionValue(terms, v.delta, v.obsolescence, remaining);
      });
      const comply = values[0] >= values[1];
      choices.push(comply);
      stayValue += Math.max(values[0], values[1]);
      if (comply) {
        paid = true;
        licensed = true;
      }
    }
    const options = [stayValue];
    const targets = firm.jurisdiction === regime.jurisdiction ? firm.kind.relocationTargets.filter((j) => j !== firm.jurisdiction) : [];
    for (const target of targets) {
      let value = -firm.kind.relocationCostUsdM;
      for (const m of inTier) {
        const { terms } = modelTerms(v, firm.kind, paid, false, { ...m, comply: false }, target, 0);
        value += optionValue(terms, v.delta, v.obsolescence, remaining);
      }
      options.push(value);
    }
    const choice = logitChoice(options, firm.kind.decisionNoiseUsdM, firm.decisionStream);
    if (choice === 0) {
      inTier.forEach((m, i) => {
        m.complied = choices[i];
        if (choices[i]) payOneOffCompliance(world, firm, regime, m);
      });
    } else {
      relocate(world, firm, targets[choice - 1]);
    }
  }
}

function payOneOffCompliance(world: World, firm: FirmState, regime: Regime, model: ModelState): void {
  const obligations = obligationsOf(regime, tierOf(regime, model.trainingFlop, model.capability));
  if (weightSecurityOwed(obligations, firm.weightSecurityPaid)) {
    const cost = weightSecurityCostUsdM(regime);
    pay(world.ledger, firm.id, "compliance", cost);
    firm.period.complianceUsdM += cost;
    world.events.complianceSpendUsdM += cost;
    firm.weightSecurityPaid = true;
  }
}

function relocate(world: World, firm: FirmState, target: string): void {
  pay(world.ledger, firm.id, "suppliers", firm.kind.relocationCostUsdM);
  firm.period.investmentUsdM += firm.kind.relocationCostUsdM;
  firm.jurisdiction = target;
  for (const m of firm.models) {
    m.complied = false; // a licence does not travel
    m.withdrawnFromRegimeJurisdiction = false;
  }
  world.events.relocations.set(firm.kindId, (world.events.relocations.get(firm.kindId) ?? 0) + 1);
}

function leaksAndEnforcement(world: World, regime: Regime | null): void {
  const { scenario } = world;
  const t = world.period;
  const ppy = scenario.periodsPerYear;
  const leakPerPeriod = perPeriodProbability(scenario.security.leakProbabilityPerYear, ppy);
  for (const firm of world.firms) {
    if (!firm.alive) continue;
    for (const model of firm.models) {
      if (model.open || model.leaked) continue;
      const protection = firm.weightSecurityPaid ? 1 - scenario.security.weightSecurityLeakReduction : 1;
      if (firm.leakStream() < leakPerPeriod * protection) {
        model.leaked = true;
        world.events.leaks++;
        const copy = newModel(world, -1, `${model.name} (leaked)`, model.trainingFlop, model.capability, true, t, regime !== null);
        copy.expiresPeriod = t + quartersToPeriods(scenario.security.leakedModelLifetimeQuarters, ppy);
        world.leakedCopies.push(copy);
      }
    }
    if (!regime || firm.jurisdiction !== regime.jurisdiction) continue;
    const gray = firm.models.filter((m) => !m.withdrawnFromRegimeJurisdiction && modelStanding(m, firm.jurisdiction, regime).status === "gray");
    if (gray.length === 0) continue;
    if (firm.enforcementStream() < detectionProbabilityPerPeriod(regime, ppy)) {
      const penalty = penaltyUsdM(regime);
      world.events.detections++;
      pay(world.ledger, firm.id, "government", penalty);
      firm.period.penaltiesUsdM += penalty;
      if (regime.enforcement.withdrawOnDetection) for (const m of gray) m.withdrawnFromRegimeJurisdiction = true;
    }
  }
}

/** Revenue, serving costs, recurring compliance, fees, overhead and funding for the period. */
function settleMarket(world: World, market: ClearedMarket, regime: Regime | null): void {
  const { scenario, ledger } = world;
  const ppy = scenario.periodsPerYear;
  const { problem, result } = market;
  const J = problem.productCount;
  const S = problem.segmentCount;
  const licensedFull = new Set<number>();
  const licensedLight = new Set<number>();
  for (let j = 0; j < J; j++) {
    const firm = market.providers[j];
    const price = result.prices[j];
    let quantity = 0;
    let homeQuantity = 0;
    let enterpriseCustomers = 0;
    for (let s = 0; s < S; s++) {
      const q = problem.marketSize[s] * result.shares[s * J + j];
      quantity += q;
      if (market.homeSegment[s]) homeQuantity += q;
      if (scenario.segments[world.segmentIds[s]].enterprise) enterpriseCustomers += market.segmentBuyers[s] * result.shares[s * J + j];
    }
    const revenue = (price * quantity) / 1e6;
    if (!firm) {
      pay(ledger, "buyers", "compute", revenue); // leaked weights: hosted at cost by anyone
      continue;
    }
    const standing = market.standings[j];
    const servingCost = (market.baseServingCostUsdPerMtok[j] * quantity) / 1e6;
    const monitoringOverhead = (market.monitoringOverheadUsdPerMtok[j] * quantity) / 1e6;
    pay(ledger, "buyers", firm.id, revenue);
    pay(ledger, firm.id, "compute", servingCost);
    firm.period.revenueUsdM += revenue;
    firm.period.homeRevenueUsdM += (price * homeQuantity) / 1e6;
    firm.period.usageMtok += quantity;
    firm.period.homeUsageMtok += homeQuantity;
    firm.period.servingCostUsdM += servingCost;
    // only compliant models are monitored: the overhead is a compliance cost
    if (regime && isCompliantStatus(standing.status)) {
      const recurring = modelComplianceUsdMPerPeriod(regime, obligationsOf(regime, standing.tier), enterpriseCustomers, ppy) + monitoringOverhead;
      pay(ledger, firm.id, "compliance", recurring);
      firm.period.complianceUsdM += recurring;
      world.events.complianceSpendUsdM += recurring;
      (standing.status === "licensed" ? licensedFull : licensedLight).add(firm.id);
    }
  }
  for (const firm of world.firms) {
    if (!firm.alive) continue;
    if (regime) {
      const fee = licenceFeeUsdMPerPeriod(regime, licensedFull.has(firm.id), licensedLight.has(firm.id), ppy);
      pay(ledger, firm.id, "government", fee);
      firm.period.complianceUsdM += fee;
      world.events.complianceSpendUsdM += fee;
    }
    payRunningCosts(world, firm);
    firm.lastNetOperatingUsdM = firm.period.revenueUsdM - firm.period.servingCostUsdM - firm.period.complianceUsdM - firm.period.penaltiesUsdM;
  }
}

function payRunningCosts(world: World, firm: FirmState): void {
  const ppy = world.scenario.periodsPerYear;
  const overhead = firm.kind.fixedCostPerYearUsdM / ppy;
  pay(world.ledger, firm.id, "suppliers", overhead);
  firm.period.fixedCostUsdM += overhead;
  const funding = firm.kind.externalFundingPerYearUsdM / ppy;
  pay(world.ledger, "investors", firm.id, funding);
  firm.period.fundingUsdM += funding;
}

function exitFirm(world: World, firm: FirmState): void {
  firm.alive = false;
  firm.exitedPeriod = world.period;
  firm.training = null;
  const cash = world.ledger.firmCash[firm.id];
  if (cash > 0) pay(world.ledger, firm.id, "investors", cash);
  else if (cash < 0) pay(world.ledger, "investors", firm.id, -cash); // investors write the debt off
  world.events.exits.set(firm.kindId, (world.events.exits.get(firm.kindId) ?? 0) + 1);
}

/** Exits, then training decisions, for every firm in the market (in id order, each with its own stream). */
function incumbentDecisions(world: World, regime: Regime | null): void {
  const { scenario } = world;
  const t = world.period;
  const ppy = scenario.periodsPerYear;
  for (const firm of world.firms) {
    if (!firm.alive || firm.enteredPeriod === t) continue;
    const kind = firm.kind;
    const cash = world.ledger.firmCash[firm.id];
    if (cash < -kind.creditLimitUsdM) {
      exitFirm(world, firm);
      continue;
    }
    if (firm.training) continue; // a run in progress is sunk: wait for it
    const v = valuer(world, regime, kind);
    const eligible = t - firm.lastTrainingStartPeriod >= quartersToPeriods(kind.releaseIntervalQuarters, ppy);
    const options = eligible ? trainingOptions(v, kind, { jurisdiction: firm.jurisdiction, weightSecurityPaid: firm.weightSecurityPaid, licensed: regime ? holdsLicence(firm.models, regime) : false, cashUsdM: cash }) : [];
    const bestTraining = options.reduce((best, o) => Math.max(best, o.value), 0);
    // V_stay = current net operating profit, decaying with obsolescence, + funding - overhead over the horizon + the best new model
    const running = decayingAnnuity(v.delta, 1, 0, v.horizonPeriods) * ((kind.externalFundingPerYearUsdM - kind.fixedCostPerYearUsdM) / ppy);
    const stayValue = decayingAnnuity(v.delta, v.obsolescence, 0, v.horizonPeriods) * firm.lastNetOperatingUsdM + running + bestTraining;
    if (!logitBinary(stayValue, kind.decisionNoiseUsdM, firm.decisionStream)) {
      exitFirm(world, firm);
      continue;
    }
    if (options.length === 0) continue;
    const choice = logitChoice([0, ...options.map((o) => o.value)], kind.decisionNoiseUsdM, firm.decisionStream);
    if (choice > 0) startTraining(world, firm, options[choice - 1], regime);
  }
}

function startTraining(world: World, firm: FirmState, option: TrainingOption, regime: Regime | null): void {
  const { scenario } = world;
  const t = world.period;
  const ppy = scenario.periodsPerYear;
  if (option.relocateTo !== null) relocate(world, firm, option.relocateTo);
  const trainingCost = (option.trainingFlop * costPerFlopUsd(scenario.technology, t / ppy) * firm.kind.trainingCostMultiplier) / 1e6;
  pay(world.ledger, firm.id, "compute", trainingCost);
  firm.period.investmentUsdM += trainingCost;
  if (option.comply && regime) {
    const capability = capabilityOf(scenario.technology, option.trainingFlop, t / ppy, option.open);
    const pseudo = { trainingFlop: option.trainingFlop, capability } as ModelState;
    payOneOffCompliance(world, firm, regime, pseudo);
  }
  firm.training = {
    trainingFlop: option.trainingFlop,
    open: option.open,
    comply: option.comply,
    startPeriod: t,
    readyPeriod: t + quartersToPeriods(firm.kind.trainingQuarters, ppy),
    auditEndPeriod: -1,
  };
  firm.lastTrainingStartPeriod = t;
  world.events.trainingRuns++;
}

/** Number of potential entrants of a kind arriving this period (Poisson or deterministic). */
function arrivalsThisPeriod(world: World, kindId: string): number {
  const kind = world.scenario.kinds[kindId];
  const rate = kind.arrivalsPerYear / world.scenario.periodsPerYear;
  if (kind.arrivalProcess === "poisson") return poissonDraw(world.arrivalStreams.get(kindId)!, rate);
  const accumulated = (world.arrivalAccumulator.get(kindId) ?? 0) + rate;
  const whole = Math.floor(accumulated + 1e-9);
  world.arrivalAccumulator.set(kindId, accumulated - whole);
  return whole;
}

interface Entrant {
  kindId: string;
  index: number;
  streamKey: string;
  stream: Stream;
  cashUsdM: number;
}

/** The next potential entrant of a kind: its own stream (named by kind and arrival number) and its funding draw. */
function drawEntrant(world: World, kindId: string): Entrant {
  const kind = world.scenario.kinds[kindId];
  const index = world.arrivalsSoFar.get(kindId)!;
  world.arrivalsSoFar.set(kindId, index + 1);
  const streamKey = `entrant/${kindId}/${index}`;
  const stream = streamFor(world.seed, `${streamKey}/decisions`);
  const cash = uniformDraw(stream, kind.startingCashUsdM.min, kind.startingCashUsdM.max);
  return { kindId, index, streamKey, stream, cashUsdM: cash };
}

/** Let a potential entrant in: a new firm with its funding, paying the sunk entry cost. */
function admitEntrant(world: World, entrant: Entrant): FirmState {
  const kind = world.scenario.kinds[entrant.kindId];
  const firm = addFirm(world, {
    name: `${kind.label || entrant.kindId} #${entrant.index + 1}`,
    kindId: entrant.kindId,
    jurisdiction: kind.homeJurisdiction,
    cashUsdM: entrant.cashUsdM,
    streamKey: entrant.streamKey,
    incumbent: false,
    decisionStream: entrant.stream,
  });
  pay(world.ledger, firm.id, "suppliers", kind.entryCostUsdM);
  firm.period.investmentUsdM += kind.entryCostUsdM;
  world.events.entries.set(entrant.kindId, (world.events.entries.get(entrant.kindId) ?? 0) + 1);
  return firm;
}

function arrivals(world: World, regime: Regime | null): void {
  const { scenario } = world;
  const ppy = scenario.periodsPerYear;
  for (const kindId of world.kindIds) {
    const kind = scenario.kinds[kindId];
    const count = arrivalsThisPeriod(world, kindId);
    for (let n = 0; n < count; n++) {
      const entrant = drawEntrant(world, kindId);
      const { stream, cashUsdM: cash } = entrant;
      const v = valuer(world, regime, kind);
      const options = trainingOptions(v, kind, { jurisdiction: kind.homeJurisdiction, weightSecurityPaid: false, licensed: false, cashUsdM: cash - kind.entryCostUsdM });
      if (options.length === 0) continue;
      const choice = logitChoice(options.map((o) => o.value), kind.decisionNoiseUsdM, stream);
      const running = decayingAnnuity(v.delta, 1, 0, v.horizonPeriods) * ((kind.externalFundingPerYearUsdM - kind.fixedCostPerYearUsdM) / ppy);
      const entryValue = options[choice].value - kind.entryCostUsdM + running;
      if (!logitBinary(entryValue, kind.decisionNoiseUsdM, stream)) continue;
      startTraining(world, admitEntrant(world, entrant), options[choice], regime);
    }
  }
}

// ------------------------------------------------------------------------------------------------
// Textbook Cournot market: N identical firms, P = A - B Q, B = b / S; fixed cost F and licence fee K per period.

function cournotPeriod(world: World, regime: Regime | null): NonNullable<StepOutcome["cournot"]> {
  const { scenario, ledger } = world;
  const t = world.period;
  const ppy = scenario.periodsPerYear;
  const c = scenario.market.cournot!;
  const slope = c.demandSlope / c.marketSize;
  const licenceFee = regime ? licenceFeeUsdMPerPeriod(regime, true, false, ppy) : 0;
  const profitWith = (n: number) => cournotSymmetricProfit(c.demandIntercept, slope, c.marginalCost, n);
  const alive = () => world.firms.filter((f) => f.alive);
  // market clears with the firms in the market at the start of the period
  const producers = alive();
  const n = producers.length;
  const quantityPerFirm = n > 0 ? (c.demandIntercept - c.marginalCost) / (slope * (n + 1)) : 0;
  const price = n > 0 ? c.demandIntercept - slope * n * quantityPerFirm : c.demandIntercept;
  for (const firm of producers) {
    const revenue = price * quantityPerFirm;
    pay(ledger, "buyers", firm.id, revenue);
    pay(ledger, firm.id, "compute", c.marginalCost * quantityPerFirm);
    pay(ledger, firm.id, "government", licenceFee);
    firm.period.revenueUsdM += revenue;
    firm.period.homeRevenueUsdM += revenue;
    firm.period.usageMtok += quantityPerFirm;
    firm.period.homeUsageMtok += quantityPerFirm;
    firm.period.servingCostUsdM += c.marginalCost * quantityPerFirm;
    firm.period.complianceUsdM += licenceFee;
    world.events.complianceSpendUsdM += licenceFee;
    payRunningCosts(world, firm);
    firm.lastNetOperatingUsdM = firm.period.revenueUsdM - firm.period.servingCostUsdM - firm.period.complianceUsdM;
  }
  const consumerSurplus = (slope * (n * quantityPerFirm) ** 2) / 2;
  // exits, one firm at a time, each seeing the firms left: stay iff pi(N) - F - K >= 0
  for (const firm of producers) {
    const kind = firm.kind;
    const v = valuer(world, regime, kind);
    const perPeriod = profitWith(alive().length) - kind.fixedCostPerYearUsdM / ppy - licenceFee + kind.externalFundingPerYearUsdM / ppy;
    const stayValue = decayingAnnuity(v.delta, 1, 0, v.horizonPeriods) * perPeriod;
    if (!logitBinary(stayValue, kind.decisionNoiseUsdM, firm.decisionStream)) exitFirm(world, firm);
  }
  // entry, one potential entrant at a time: enter iff pi(N + 1) - F - K >= 0 over the horizon beats the entry cost
  for (const kindId of world.kindIds) {
    const kind = scenario.kinds[kindId];
    const count = arrivalsThisPeriod(world, kindId);
    for (let a = 0; a < count; a++) {
      const entrant = drawEntrant(world, kindId);
      const v = valuer(world, regime, kind);
      const perPeriod = profitWith(alive().length + 1) - kind.fixedCostPerYearUsdM / ppy - licenceFee + kind.externalFundingPerYearUsdM / ppy;
      const value = decayingAnnuity(v.delta, 1, 0, v.horizonPeriods) * perPeriod - kind.entryCostUsdM;
      if (logitBinary(value, kind.decisionNoiseUsdM, entrant.stream)) admitEntrant(world, entrant);
    }
  }
  for (const firm of world.firms) if (firm.alive || firm.exitedPeriod === t) firm.cumulativeProfitUsdM += periodProfitUsdM(firm.period);
  return { firmCount: n, price, quantityPerFirm, consumerSurplus };
}

