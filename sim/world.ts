// The world at the start of a run: the scenario's roster of firms with their models on sale, the
// ledger, and the named random streams; and the constructors of the records added later (entrants'
// firms, released and leaked models).
import type { Scenario } from "./scenario/schema.js";
import { newLedger, pay } from "./ledger.js";
import { lazyStreamFor, streamFor, type Stream } from "./random.js";
import { capabilityOf } from "./technology.js";
import { outlookFrom } from "./market.js";
import { demandSegments } from "./regime/access.js";
import { quartersToPeriods } from "./time.js";
import { emptyFlows, newPeriodEvents, type FirmState, type ModelState, type World } from "./state.js";

/** The world at period 0: the roster's firms (streams named roster/<index>) with their models on sale, aged by ageQuarters; agents' outlook of an empty market. */
export function createWorld(scenario: Scenario, seed: number): World {
  const kindIds = Object.keys(scenario.kinds);
  const segments = demandSegments(scenario);
  const world: World = {
    scenario,
    seed,
    period: 0,
    firms: [],
    leakedCopies: [],
    ledger: newLedger(),
    nextModelId: 0,
    kindIds,
    demandSegments: segments,
    segmentIds: segments.map((d) => d.segmentId),
    outlook: [],
    arrivalStreams: new Map(kindIds.map((k) => [k, streamFor(seed, `arrivals/${k}`)])),
    arrivalsSoFar: new Map(kindIds.map((k) => [k, 0])),
    arrivalAccumulator: new Map(kindIds.map((k) => [k, 0])),
    events: newPeriodEvents(kindIds),
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

/** What a new firm starts with: its name, kind, location, funding and the name of its random streams. */
export interface FirmSpec {
  name: string;
  kindId: string;
  jurisdiction: string;
  cashUsdM: number;
  streamKey: string;
  incumbent: boolean;
  /** an entrant's decision stream, already drawn from for its funding */
  decisionStream?: Stream;
}

/** Add a firm to the world; investors pay in its starting cash. */
export function addFirm(world: World, spec: FirmSpec): FirmState {
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
    // seeded on their first draw: open-weight firms never leak, and only gray firms at home face enforcement
    leakStream: lazyStreamFor(world.seed, `${spec.streamKey}/leaks`),
    enforcementStream: lazyStreamFor(world.seed, `${spec.streamKey}/enforcement`),
    period: emptyFlows(),
    lastNetOperatingUsdM: 0,
    lastOpenUsageMtok: 0,
    cumulativeProfitUsdM: 0,
    cumulativeOperatingProfitUsdM: 0,
    cumulativeInvestmentUsdM: 0,
  };
  world.firms.push(firm);
  world.ledger.firmCash.push(0);
  pay(world.ledger, "investors", id, spec.cashUsdM);
  if (spec.cashUsdM < 0) pay(world.ledger, id, "investors", -spec.cashUsdM);
  return firm;
}

/** A model record with the next model id; not yet complied, decided, leaked or withdrawn. */
export function newModel(world: World, owner: number, name: string, trainingFlop: number, capability: number, open: boolean, releasedPeriod: number, releasedUnderRegime: boolean): ModelState {
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
