// Phase 6 of a period: every firm in the market (in id order, each with its own stream) exits if
// insolvent; otherwise exits or stays by the logit rule on the value of staying (its models' fading
// profit and open use, funding less overhead, and its next training run, discounted while it waits
// out its release interval); then, if eligible, chooses a training run (or none).
import type { Regime } from "../scenario/schema.js";
import { logitBinary, logitChoice } from "../decisions.js";
import { holdsLicence } from "../regime/standing.js";
import { quartersToPeriods } from "../time.js";
import { affordableTrainingOptions, openUseValueUsdM, stayValueUsdM, valuer } from "../valuation.js";
import type { World } from "../state.js";
import { exitFirm, startTraining } from "./actions.js";

/** Exits, then training decisions, for every firm in the market that did not enter this period. */
export function incumbentDecisions(world: World, regime: Regime | null): void {
  const t = world.period;
  const ppy = world.scenario.periodsPerYear;
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
    // periods until the release interval since the last run's start has passed (0: it may train now)
    const wait = Math.max(0, quartersToPeriods(kind.releaseIntervalQuarters, ppy) - (t - firm.lastTrainingStartPeriod));
    const licensed = regime ? holdsLicence(firm.models, regime) : false;
    // the options are valued on today's market whether or not the firm may train now: a firm waiting
    // out its release interval expects to face the same market when it may (the value of its next run)
    const options = affordableTrainingOptions(v, kind, { jurisdiction: firm.jurisdiction, weightSecurityPaid: firm.weightSecurityPaid, licensed, cashUsdM: cash });
    let bestTrainingValueUsdM = 0;
    for (const o of options) bestTrainingValueUsdM = Math.max(bestTrainingValueUsdM, o.value);
    const stay = stayValueUsdM(v, kind, {
      lastNetOperatingUsdM: firm.lastNetOperatingUsdM,
      openUseValueUsdM: openUseValueUsdM(kind, firm.lastOpenUsageMtok),
      periodsUntilTraining: wait,
      bestTrainingValueUsdM,
    });
    if (!logitBinary(stay, kind.decisionNoiseUsdM, firm.decisionStream)) {
      exitFirm(world, firm);
      continue;
    }
    if (wait > 0 || options.length === 0) continue;
    const choice = logitChoice([0, ...options.map((o) => o.value)], kind.decisionNoiseUsdM, firm.decisionStream);
    if (choice > 0) startTraining(world, firm, options[choice - 1], regime);
  }
}
