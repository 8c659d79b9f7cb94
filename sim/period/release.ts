// Phase 2 of a period: finished training runs are released, or enter the pre-release audit when
// the regime requires one; audits that end release the model or block it.
import type { Regime } from "../scenario/schema.js";
import { tierOf } from "../regime/standing.js";
import { auditBlockProbability, preReleaseAudit } from "../regime/charges.js";
import { capabilityOf } from "../technology.js";
import { newModel } from "../world.js";
import type { World } from "../state.js";

/** Release every run that is ready (and through its audit); the newest model goes first, the oldest beyond modelsOnSale leaves the market. */
export function releaseFinishedRuns(world: World, regime: Regime | null): void {
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
