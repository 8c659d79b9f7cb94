// Which of the what-if page's controls act in a scenario, and why not when they do not: a licence
// fee needs a licensing line, a compliance cost needs its obligation. The page disables such a
// control and shows the reason, so a student does not move a slider that changes nothing.
// Keyed by the scenario field a control sets. Portable.
import type { Scenario } from "../scenario/schema.js";

type Regime = NonNullable<Scenario["regime"]>;
type Obligation = keyof Regime["obligations"];

/** a model can need a full or light licence: some licensing line is set */
export function hasLicensingLine(regime: Regime): boolean {
  return regime.thresholdFlop !== null || regime.thresholdCapability !== null || regime.lightTier !== null;
}

/** an obligation applies when a licensing line exists and the full or the light tier carries it */
function obligationApplies(regime: Regime, obligation: Obligation): boolean {
  const full = (regime.thresholdFlop !== null || regime.thresholdCapability !== null) && regime.obligations[obligation];
  const light = regime.lightTier !== null && regime.lightTier.obligations[obligation];
  return full || light;
}

/** the cost fields each obligation prices */
const OBLIGATION_COSTS: Record<Obligation, { paths: string[]; words: string }> = {
  weightSecurity: { paths: ["regime.complianceCosts.weightSecurityOneOffUsdM"], words: "Weight security" },
  inferenceMonitoring: {
    paths: ["regime.complianceCosts.inferenceMonitoringPerDeploymentPerYearUsdM", "regime.complianceCosts.monitoringServingCostOverhead"],
    words: "Inference monitoring",
  },
  redTeaming: { paths: ["regime.complianceCosts.redTeamingPerYearUsdM"], words: "Red-teaming" },
  endUserVetting: { paths: ["regime.complianceCosts.endUserVettingPerEnterpriseCustomerPerYearUsdM"], words: "End-user vetting" },
};

/** fields that only matter when some model needs a licence */
const LICENCE_FIELDS = [
  "regime.licenceFeePerYearUsdM",
  "regime.complianceCosts.scale",
  "regime.preReleaseApproval.auditDelayQuarters",
  ...Object.values(OBLIGATION_COSTS).flatMap((o) => o.paths),
];

/**
 * Scenario fields (of the page's controls) that do not act in `scenario`, each with a reason a
 * student can read. Fields of a scenario without a regime are left to the caller (the whole regime
 * group is off then).
 */
export function inapplicableFields(scenario: Scenario): Map<string, string> {
  const reasons = new Map<string, string>();
  const regime = scenario.regime;
  if (!regime) return reasons;
  if (!hasLicensingLine(regime)) {
    const why = "Does not apply here: this scenario has no licensing line, so no model needs a licence. Move the licensing line to add one.";
    for (const path of LICENCE_FIELDS) reasons.set(path, why);
    return reasons;
  }
  const anyObligation = (Object.keys(OBLIGATION_COSTS) as Obligation[]).some((o) => obligationApplies(regime, o));
  for (const [obligation, costs] of Object.entries(OBLIGATION_COSTS) as [Obligation, (typeof OBLIGATION_COSTS)[Obligation]][]) {
    if (obligationApplies(regime, obligation)) continue;
    const why = `Does not apply here: ${costs.words.toLowerCase()} is not an obligation of this scenario's licence (regime.obligations.${obligation}: false).`;
    for (const path of costs.paths) reasons.set(path, why);
  }
  if (!anyObligation && regime.licenceFeePerYearUsdM === 0 && !(regime.lightTier && regime.lightTier.licenceFeePerYearUsdM > 0))
    reasons.set("regime.complianceCosts.scale", "Does not apply here: the licence has no fee and no obligation, so there is no cost to scale.");
  return reasons;
}
