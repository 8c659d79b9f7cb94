// What a firm's choice does to the world: the payments, the change of state and the event count of
// each action (comply with a tier, relocate, start a training run, exit). The phases that decide
// (existing-models.ts, incumbents.ts, entry.ts, and the Cournot market) call these.
import type { Regime } from "../scenario/schema.js";
import { pay } from "../ledger.js";
import { obligationsOf, tierOf } from "../regime/standing.js";
import { oneOffComplianceUsdM, weightSecurityOwed } from "../regime/charges.js";
import { capabilityOf, costPerFlopUsd } from "../technology.js";
import { quartersToPeriods } from "../time.js";
import type { TrainingOption } from "../valuation.js";
import { countComplianceSpend, countEvent, type FirmState, type World } from "../state.js";

/** Complying with a model's tier: the one-off compliance it owes (oneOffComplianceUsdM, the valuation's upfront charge); weights secured once per firm. */
export function complyWithTier(world: World, firm: FirmState, regime: Regime, model: { trainingFlop: number; capability: number }): void {
  const obligations = obligationsOf(regime, tierOf(regime, model.trainingFlop, model.capability));
  const cost = oneOffComplianceUsdM(regime, obligations, firm.weightSecurityPaid);
  pay(world.ledger, firm.id, "compliance", cost);
  firm.period.complianceUsdM += cost;
  countComplianceSpend(world.events, "fixed", cost);
  if (weightSecurityOwed(obligations, firm.weightSecurityPaid)) firm.weightSecurityPaid = true;
}

/** Moving to another jurisdiction: the relocation cost; licences do not travel, withdrawals lapse. */
export function relocate(world: World, firm: FirmState, target: string): void {
  pay(world.ledger, firm.id, "suppliers", firm.kind.relocationCostUsdM);
  firm.period.investmentUsdM += firm.kind.relocationCostUsdM;
  firm.jurisdiction = target;
  for (const m of firm.models) {
    m.complied = false; // a licence does not travel
    m.withdrawnFromRegimeJurisdiction = false;
  }
  countEvent(world.events.relocations, firm.kindId);
}

/** Starting a training run: relocation first if chosen, training cost = FLOP x cost per FLOP x kind multiplier, one-off compliance if it complies. */
export function startTraining(world: World, firm: FirmState, option: TrainingOption, regime: Regime | null): void {
  const { scenario } = world;
  const t = world.period;
  const ppy = scenario.periodsPerYear;
  if (option.relocateTo !== null) relocate(world, firm, option.relocateTo);
  const trainingCost = (option.trainingFlop * costPerFlopUsd(scenario.technology, t / ppy) * firm.kind.trainingCostMultiplier) / 1e6;
  pay(world.ledger, firm.id, "compute", trainingCost);
  firm.period.investmentUsdM += trainingCost;
  if (option.comply && regime) {
    const capability = capabilityOf(scenario.technology, option.trainingFlop, t / ppy, option.open);
    complyWithTier(world, firm, regime, { trainingFlop: option.trainingFlop, capability });
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

/** Leaving the market: cash goes back to investors, or investors write the debt off. */
export function exitFirm(world: World, firm: FirmState): void {
  firm.alive = false;
  firm.exitedPeriod = world.period;
  firm.training = null;
  const cash = world.ledger.firmCash[firm.id];
  if (cash > 0) pay(world.ledger, firm.id, "investors", cash);
  else if (cash < 0) pay(world.ledger, "investors", firm.id, -cash); // investors write the debt off
  countEvent(world.events.exits, firm.kindId);
}
