// One period of the dynamic market, phase by phase in the order of docs/MODEL.md section 1.3:
//   1. technology and demand move on (functions of time: sim/technology.ts, sim/market.ts);
//   2. finished training runs are released, or audited and then released or blocked (period/release.ts);
//   3. providers with models on sale when a regime comes into force choose to comply, evade or relocate (period/existing-models.ts);
//   4. weights leak; the regulator detects unlicensed operation and fines it (period/leaks-and-enforcement.ts);
//   5. the market clears at Bertrand-Nash prices (market.ts); money changes hands (period/settlement.ts);
//   6. incumbents exit, or stay and choose whether and what to train (period/incumbents.ts);
//   7. potential entrants arrive and enter when their first model's value beats its cost (period/entry.ts).
// The textbook Cournot market (market.competition = cournot) runs steps 5-7 with Cournot profits (cournot.ts).
// Step 8, observation, is sim/observe.ts, called by sim/simulate.ts after each step.
import { resetPeriodFlows } from "./ledger.js";
import { regimeInForce } from "./regime/standing.js";
import { clearMarket, outlookFrom, type ClearedMarket } from "./market.js";
import { cournotPeriod, type CournotOutcome } from "./cournot.js";
import { emptyFlows, newPeriodEvents, type World } from "./state.js";
import { releaseFinishedRuns } from "./period/release.js";
import { decideExistingModels } from "./period/existing-models.js";
import { enforceLicensing, leakWeights, retireExpiredLeaks } from "./period/leaks-and-enforcement.js";
import { bookProfits, recordClearing, settleMarket } from "./period/settlement.js";
import { incumbentDecisions } from "./period/incumbents.js";
import { enterPotentialEntrants } from "./period/entry.js";

export interface StepOutcome {
  market: ClearedMarket | null;
  /** Cournot market of this period (textbook mode) */
  cournot: CournotOutcome | null;
}

/** Step the world through period world.period. */
export function stepPeriod(world: World): StepOutcome {
  const { scenario } = world;
  const t = world.period;
  const years = t / scenario.periodsPerYear;
  const regime = regimeInForce(scenario.regime, t) ? scenario.regime : null;
  startPeriod(world);
  if (scenario.market.competition === "cournot") return { market: null, cournot: cournotPeriod(world, regime) };

  releaseFinishedRuns(world, regime); // 2
  decideExistingModels(world, regime); // 3
  leakWeights(world, regime); // 4
  enforceLicensing(world, regime);
  retireExpiredLeaks(world);
  const market = clearMarket(world, regime, years); // 5
  recordClearing(world, market);
  settleMarket(world, market, regime);
  world.outlook = outlookFrom(world, market, years);
  incumbentDecisions(world, regime); // 6
  enterPotentialEntrants(world, regime); // 7
  bookProfits(world);
  return { market, cournot: null };
}

/** A new period: event counters, the ledger's period flows and the firms' period flows start at zero. */
function startPeriod(world: World): void {
  world.events = newPeriodEvents(world.kindIds);
  resetPeriodFlows(world.ledger);
  for (const firm of world.firms) if (firm.alive) firm.period = emptyFlows();
}
