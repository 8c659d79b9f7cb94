// The state of a run: plain typed records. Firms and models are records (a run has at most a few
// thousand of each); the market arrays of one period are typed arrays (sim/market.ts).
import type { Kind, Scenario } from "./scenario/schema.js";
import type { Stream } from "./random.js";
import type { Ledger } from "./ledger.js";
import type { SegmentOutlook } from "./decisions.js";
import type { DemandSegment } from "./regime/access.js";

export interface ModelState {
  id: number;
  /** firm id, or -1 for leaked weights served by anyone */
  owner: number;
  name: string;
  trainingFlop: number;
  /** log10 effective FLOP in start-year FLOP */
  capability: number;
  open: boolean;
  releasedPeriod: number;
  /** released while a regime was in force (earlier releases are grandfathered) */
  releasedUnderRegime: boolean;
  /** the provider complies with the obligations of the model's tier */
  complied: boolean;
  /** the provider has decided whether to comply (models on sale when a regime starts must decide) */
  complianceDecided: boolean;
  leaked: boolean;
  withdrawnFromRegimeJurisdiction: boolean;
  /** period after which a leaked copy is no longer served */
  expiresPeriod: number;
  lastPriceUsdPerMtok: number;
}

export interface TrainingRun {
  trainingFlop: number;
  open: boolean;
  comply: boolean;
  startPeriod: number;
  readyPeriod: number;
  /** period the pre-release audit ends, or -1 when no audit applies */
  auditEndPeriod: number;
}

export interface FirmState {
  id: number;
  /** name of the firm's random streams: stable across regimes so runs share random numbers */
  streamKey: string;
  name: string;
  kindId: string;
  kind: Kind;
  jurisdiction: string;
  alive: boolean;
  /** in the initial roster */
  incumbent: boolean;
  enteredPeriod: number;
  exitedPeriod: number;
  models: ModelState[];
  training: TrainingRun | null;
  lastTrainingStartPeriod: number;
  weightSecurityPaid: boolean;
  decisionStream: Stream;
  leakStream: Stream;
  enforcementStream: Stream;
  /** flows of the current period, USD M */
  period: FirmPeriodFlows;
  /** operating profit net of recurring compliance and penalties last period, USD M */
  lastNetOperatingUsdM: number;
  /** use of the firm's open-weight models last period (hosted by anyone), Mtok */
  lastOpenUsageMtok: number;
  /** sums over the run of periodProfitUsdM, periodOperatingProfitUsdM and investment, USD M */
  cumulativeProfitUsdM: number;
  cumulativeOperatingProfitUsdM: number;
  cumulativeInvestmentUsdM: number;
}

export interface FirmPeriodFlows {
  revenueUsdM: number;
  homeRevenueUsdM: number;
  homeUsageMtok: number;
  usageMtok: number;
  /** use of the firm's open-weight models (served at cost by anyone), all markets */
  openUsageMtok: number;
  servingCostUsdM: number;
  complianceUsdM: number;
  penaltiesUsdM: number;
  fixedCostUsdM: number;
  investmentUsdM: number;
  fundingUsdM: number;
}

export function emptyFlows(): FirmPeriodFlows {
  return {
    revenueUsdM: 0,
    homeRevenueUsdM: 0,
    homeUsageMtok: 0,
    usageMtok: 0,
    openUsageMtok: 0,
    servingCostUsdM: 0,
    complianceUsdM: 0,
    penaltiesUsdM: 0,
    fixedCostUsdM: 0,
    investmentUsdM: 0,
    fundingUsdM: 0,
  };
}

/** operating profit = revenue - serving - compliance - penalties - overhead (fixed costs) */
export function periodOperatingProfitUsdM(f: FirmPeriodFlows): number {
  return f.revenueUsdM - f.servingCostUsdM - f.complianceUsdM - f.penaltiesUsdM - f.fixedCostUsdM;
}

/** cash flow before funding = operating profit - investment (training, entry, relocation) */
export function periodProfitUsdM(f: FirmPeriodFlows): number {
  return periodOperatingProfitUsdM(f) - f.investmentUsdM;
}

/** What happened in the period, counted where it happens (sim/period/, sim/cournot.ts) and read by sim/observe.ts. */
export interface PeriodEvents {
  entries: Map<string, number>;
  exits: Map<string, number>;
  relocations: Map<string, number>;
  trainingRuns: number;
  releases: number;
  blockedReleases: number;
  leaks: number;
  detections: number;
  releaseDelays: number[];
  /** all payments to the compliance industry and licence fees = fixed + variable */
  complianceSpendUsdM: number;
  /** fees, weight security, per-model monitoring and red-teaming: paid whatever a model sells */
  complianceSpendFixedUsdM: number;
  /** vetting per enterprise customer and the monitoring serving overhead: paid with sales */
  complianceSpendVariableUsdM: number;
  pricingConverged: boolean;
}

/** Counters of a new period: zero entries, exits and relocations for every kind, no events. */
export function newPeriodEvents(kindIds: readonly string[]): PeriodEvents {
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
    complianceSpendFixedUsdM: 0,
    complianceSpendVariableUsdM: 0,
    pricingConverged: true,
  };
}

/** count one event of a kind (an entry, exit or relocation) */
/** book a compliance payment in the period's spend, fixed or variable (USD M) */
export function countComplianceSpend(events: PeriodEvents, part: "fixed" | "variable", usdM: number): void {
  events.complianceSpendUsdM += usdM;
  if (part === "fixed") events.complianceSpendFixedUsdM += usdM;
  else events.complianceSpendVariableUsdM += usdM;
}

export function countEvent(counts: Map<string, number>, kindId: string): void {
  counts.set(kindId, (counts.get(kindId) ?? 0) + 1);
}

export interface World {
  scenario: Scenario;
  seed: number;
  period: number;
  firms: FirmState[];
  leakedCopies: ModelState[];
  ledger: Ledger;
  nextModelId: number;
  kindIds: string[];
  /** the market's buyer segments (a scenario segment whole, or split by end-user vetting), in order */
  demandSegments: DemandSegment[];
  /** the scenario segment of each demand segment (an id repeats when vetting splits its segment) */
  segmentIds: string[];
  /** what agents know about each segment, from the last market clearing */
  outlook: SegmentOutlook[];
  arrivalStreams: Map<string, Stream>;
  arrivalsSoFar: Map<string, number>;
  arrivalAccumulator: Map<string, number>;
  events: PeriodEvents;
  warnings: string[];
  /** best capability on sale at each market clearing so far: buyers' reference point, and agents' evidence of progress */
  bestCapabilityHistory: number[];
}
