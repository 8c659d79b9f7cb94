// Phase 3 of a period: when a regime is in force, providers with models on sale that have not yet
// decided choose, per model, to comply or evade (the better value), then as a firm keep those
// choices or relocate (logit).
import type { Regime } from "../scenario/schema.js";
import { logitChoice, optionValue } from "../decisions.js";
import { holdsLicence, tierOf } from "../regime/standing.js";
import { modelTerms, valuer } from "../valuation.js";
import type { World } from "../state.js";
import { complyWithTier, relocate } from "./actions.js";

export function decideExistingModels(world: World, regime: Regime | null): void {
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
        if (choices[i]) complyWithTier(world, firm, regime, m);
      });
    } else {
      relocate(world, firm, targets[choice - 1]);
    }
  }
}
