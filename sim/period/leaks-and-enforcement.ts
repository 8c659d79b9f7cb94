// Phase 4 of a period: closed weights leak (cut by weight security) and leaked copies are served by
// anyone at cost for a while; the regulator detects unlicensed operation in its jurisdiction, fines
// it and withdraws the models.
import type { Regime } from "../scenario/schema.js";
import { pay } from "../ledger.js";
import { modelStanding } from "../regime/standing.js";
import { detectionProbabilityPerPeriod, detectionWithdraws, penaltyUsdM } from "../regime/charges.js";
import { perPeriodProbability, quartersToPeriods } from "../time.js";
import { newModel } from "../world.js";
import type { World } from "../state.js";

/** Each closed model on sale leaks with probability p_leak per period x (1 - weight security reduction if its firm secured its weights). */
export function leakWeights(world: World, regime: Regime | null): void {
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
  }
}

/** A firm in the regime's jurisdiction operating gray models is caught with the detection probability per period, fined, and (if the regime says so) loses the home market for them. */
export function enforceLicensing(world: World, regime: Regime | null): void {
  if (!regime) return;
  const ppy = world.scenario.periodsPerYear;
  for (const firm of world.firms) {
    if (!firm.alive || firm.jurisdiction !== regime.jurisdiction) continue;
    const gray = firm.models.filter((m) => !m.withdrawnFromRegimeJurisdiction && modelStanding(m, firm.jurisdiction, regime).status === "gray");
    if (gray.length === 0) continue;
    if (firm.enforcementStream() < detectionProbabilityPerPeriod(regime, ppy)) {
      const penalty = penaltyUsdM(regime);
      world.events.detections++;
      pay(world.ledger, firm.id, "government", penalty);
      firm.period.penaltiesUsdM += penalty;
      if (detectionWithdraws(regime)) for (const m of gray) m.withdrawnFromRegimeJurisdiction = true;
    }
  }
}

/** Leaked copies past their lifetime are no longer served. */
export function retireExpiredLeaks(world: World): void {
  world.leakedCopies = world.leakedCopies.filter((c) => c.expiresPeriod >= world.period);
}
