// Channel decomposition: which part of a regime produces each effect. A regime is a bundle of
// instruments (a licence fee, weight security, monitoring's cost and its latency, red-teaming,
// end-user vetting's cost and the buyers it keeps out, a pre-release audit, a restriction on open
// weights, enforcement, foreign-entity review). The bare licence is what remains with every
// instrument switched off: the licensing line, who may buy what (regulated buyers need a licensed
// model, gray models carry the buyers' penalty) and nothing else.
//
// Arms, all on the same seeds (common random numbers):
//   none       the scenario without a regime            R(0)
//   bare       the licence with every instrument off    R(B)
//   full       the scenario as written                  R(F)
//   only:c     the bare licence plus instrument c       R(B + c)
//   without:c  the full regime minus instrument c       R(F - c)
// Effects of a metric at a period, per seed, then summarised over seeds:
//   total          R(F) - R(0)
//   bare licence   R(B) - R(0)
//   alone(c)       R(B + c) - R(B)        what c does on its own, added to a bare licence
//   last(c)        R(F) - R(F - c)        what c adds when every other instrument is in place
//   interactions   total - bare - sum_c alone(c)   (zero when the instruments' effects add up)
// When alone(c) and last(c) agree, c's effect does not depend on the others; when they differ, the
// instruments interact and the two bracket c's contribution.
// An instrument is decomposed only where it can act: the obligations, the fee and the audit bind
// models in a tier, so a regime without a line (an open-weight ban alone, foreign review) has none.
import type { Regime, Scenario } from "../scenario/schema.js";
import { seedStatistics } from "../statistics.js";
import jStat from "jstat";

/** One instrument of a regime: how to tell it is in force, and the overrides that switch it off. */
export interface RegimeInstrument {
  id: string;
  label: string;
  /** what switching it off means, in words */
  offMeans: string;
  active(regime: Regime, scenario: Scenario): boolean;
  /** dotted scenario paths -> values that switch the instrument off (in both tiers) */
  off(regime: Regime, scenario: Scenario): Record<string, unknown>;
}

type ObligationId = keyof Regime["obligations"];

/** the regime has a full tier: a FLOP or capability line (without one, no model is in it) */
function hasFullTier(regime: Regime): boolean {
  return regime.thresholdFlop !== null || regime.thresholdCapability !== null;
}

/** the obligation is in force in some tier that exists (full, or light when the regime has one) */
function obliged(regime: Regime, obligation: ObligationId): boolean {
  return (hasFullTier(regime) && regime.obligations[obligation]) || (regime.lightTier?.obligations[obligation] ?? false);
}

function obligationInstrument(id: string, obligation: ObligationId, label: string, offMeans: string): RegimeInstrument {
  return {
    id,
    label,
    offMeans,
    active: (regime) => obliged(regime, obligation),
    off: (regime) => ({
      [`regime.obligations.${obligation}`]: false,
      ...(regime.lightTier ? { [`regime.lightTier.obligations.${obligation}`]: false } : {}),
    }),
  };
}

/** segments in the regime's jurisdiction with buyers who fail end-user vetting */
function segmentsFailingVetting(regime: Regime, scenario: Scenario): string[] {
  return Object.entries(scenario.segments)
    .filter(([, segment]) => segment.jurisdiction === regime.jurisdiction && segment.vettingFailShare > 0)
    .map(([id]) => id);
}

/** The instruments moat decomposes a regime into, in the order reports list them. */
export const REGIME_INSTRUMENTS: readonly RegimeInstrument[] = [
  {
    id: "licence-fee",
    label: "Licence fee",
    offMeans: "no fee in either tier",
    active: (regime) => (hasFullTier(regime) && regime.licenceFeePerYearUsdM > 0) || (regime.lightTier?.licenceFeePerYearUsdM ?? 0) > 0,
    off: (regime) => ({
      "regime.licenceFeePerYearUsdM": 0,
      ...(regime.lightTier ? { "regime.lightTier.licenceFeePerYearUsdM": 0 } : {}),
    }),
  },
  obligationInstrument("weight-security", "weightSecurity", "Weight security", "no weight-security obligation (no one-off cost; leaks not cut)"),
  {
    id: "monitoring-cost",
    label: "Monitoring cost",
    offMeans: "monitoring costs nothing (no per-model cost, no serving overhead); its latency stays",
    active: (regime) =>
      obliged(regime, "inferenceMonitoring") && (regime.complianceCosts.inferenceMonitoringPerDeploymentPerYearUsdM > 0 || regime.complianceCosts.monitoringServingCostOverhead > 0),
    off: () => ({ "regime.complianceCosts.inferenceMonitoringPerDeploymentPerYearUsdM": 0, "regime.complianceCosts.monitoringServingCostOverhead": 0 }),
  },
  {
    id: "monitoring-latency",
    label: "Monitoring latency",
    offMeans: "monitored models answer as fast as others (no utility loss); its cost stays",
    active: (regime, scenario) => obliged(regime, "inferenceMonitoring") && regime.monitoringLatencyOverhead > 0 && scenario.market.latencyUtilityPerOverhead > 0,
    off: () => ({ "regime.monitoringLatencyOverhead": 0 }),
  },
  obligationInstrument("red-teaming", "redTeaming", "Red-teaming", "no red-teaming obligation"),
  {
    id: "vetting-cost",
    label: "Vetting cost",
    offMeans: "vetting enterprise customers costs nothing; buyers who fail vetting stay kept out",
    active: (regime) => obliged(regime, "endUserVetting") && regime.complianceCosts.endUserVettingPerEnterpriseCustomerPerYearUsdM > 0,
    off: () => ({ "regime.complianceCosts.endUserVettingPerEnterpriseCustomerPerYearUsdM": 0 }),
  },
  {
    id: "vetting-lockout",
    label: "Vetting lock-out",
    offMeans: "every buyer passes end-user vetting (fail share 0 in every segment); its cost stays",
    active: (regime, scenario) => obliged(regime, "endUserVetting") && segmentsFailingVetting(regime, scenario).length > 0,
    off: (regime, scenario) => Object.fromEntries(segmentsFailingVetting(regime, scenario).map((id) => [`segments.${id}.vettingFailShare`, 0])),
  },
  {
    id: "pre-release-audit",
    label: "Pre-release audit",
    offMeans: "no audit delay and no blocking (the audit's rule on open weights stays)",
    active: (regime) => hasFullTier(regime) && regime.preReleaseApproval !== null && (regime.preReleaseApproval.auditDelayQuarters > 0 || regime.preReleaseApproval.blockProbability > 0),
    off: () => ({ "regime.preReleaseApproval.auditDelayQuarters": 0, "regime.preReleaseApproval.blockProbability": 0 }),
  },
  {
    id: "open-weight-restriction",
    label: "Open-weight restriction",
    offMeans: "open release lawful at any size (no ban line; audited models may be open)",
    active: (regime) => regime.openWeightBanFlop !== null || (hasFullTier(regime) && regime.preReleaseApproval !== null && !regime.preReleaseApproval.openWeightsAllowed),
    off: (regime) => ({
      "regime.openWeightBanFlop": null,
      ...(regime.preReleaseApproval ? { "regime.preReleaseApproval.openWeightsAllowed": true } : {}),
    }),
  },
  {
    id: "enforcement",
    label: "Enforcement",
    offMeans: "no detection of unlicensed operation, no penalty",
    active: (regime) => regime.enforcement.detectionProbabilityPerQuarter > 0 && (regime.enforcement.penaltyUsdM > 0 || regime.enforcement.withdrawOnDetection),
    off: () => ({ "regime.enforcement.detectionProbabilityPerQuarter": 0, "regime.enforcement.penaltyUsdM": 0 }),
  },
  {
    id: "foreign-review",
    label: "Foreign-entity review",
    offMeans: "no provider is reviewed out of any segment",
    active: (regime) => regime.foreignReview !== null,
    off: () => ({ "regime.foreignReview": null }),
  },
];

export interface DecompositionArm {
  name: string;
  /** overrides applied to the scenario for this arm */
  set: Record<string, unknown>;
}

export const NONE_ARM = "none";
export const BARE_ARM = "bare";
export const FULL_ARM = "full";
export const onlyArm = (instrumentId: string): string => `only-${instrumentId}`;
export const withoutArm = (instrumentId: string): string => `without-${instrumentId}`;

/** The instruments in force in a scenario's regime (those a decomposition separates). */
export function activeInstruments(scenario: Scenario, instruments: readonly RegimeInstrument[] = REGIME_INSTRUMENTS): RegimeInstrument[] {
  const regime = scenario.regime;
  return regime ? instruments.filter((instrument) => instrument.active(regime, scenario)) : [];
}

/** The arms of a decomposition: none, bare, full, then only-c and without-c per active instrument. */
export function decompositionArms(scenario: Scenario, instruments: readonly RegimeInstrument[] = activeInstruments(scenario)): DecompositionArm[] {
  const regime = scenario.regime;
  if (!regime) throw new Error(`decomposition: scenario ${scenario.name} has no regime`);
  const offOf = (instrument: RegimeInstrument) => instrument.off(regime, scenario);
  const allOff = Object.assign({}, ...instruments.map(offOf)) as Record<string, unknown>;
  const arms: DecompositionArm[] = [
    { name: NONE_ARM, set: { regime: null } },
    { name: BARE_ARM, set: allOff },
    { name: FULL_ARM, set: {} },
  ];
  for (const instrument of instruments) {
    const others = Object.assign({}, ...instruments.filter((o) => o !== instrument).map(offOf)) as Record<string, unknown>;
    arms.push({ name: onlyArm(instrument.id), set: others });
  }
  for (const instrument of instruments) arms.push({ name: withoutArm(instrument.id), set: offOf(instrument) });
  return arms;
}

/** One metric at one period: the value of every arm for every seed (same seed order in each arm). */
export type ArmValues = ReadonlyMap<string, readonly number[]>;

export type EffectType = "total" | "bare" | "alone" | "last" | "interactions";

export interface Effect {
  effect: EffectType;
  /** instrument id for alone and last; "" otherwise */
  instrument: string;
  n: number;
  mean: number;
  q05: number;
  q95: number;
  /** share of seeds in which the effect is positive */
  sharePositive: number;
  /** standard error of the mean over seeds */
  se: number;
  /** 95% interval of the mean effect: mean -/+ t_0.975(n - 1) se (Student's t over the n seeds) */
  ci95Low: number;
  ci95High: number;
}

/** t_0.975(n - 1): the half-width of a 95% interval of a mean over n seeds, in standard errors (2.023 at 40 seeds, 1.960 as n grows); NaN below 2 seeds */
export function tCritical975(n: number): number {
  return n >= 2 ? jStat.studentt.inv(0.975, n - 1) : Number.NaN;
}

// d_i = a_i - b_i, seed by seed (common random numbers)
function perSeedDifference(a: readonly number[], b: readonly number[]): number[] {
  if (a.length !== b.length) throw new Error(`decomposition: arms have ${a.length} and ${b.length} seeds; expected the same seeds in every arm`);
  return a.map((x, i) => x - b[i]);
}

function summarise(effect: EffectType, instrument: string, differences: readonly number[]): Effect {
  const finite = differences.filter((d) => Number.isFinite(d));
  const stats = seedStatistics(finite);
  return {
    effect,
    instrument,
    n: stats.n,
    mean: stats.mean,
    q05: stats.q05,
    q95: stats.q95,
    sharePositive: finite.length > 0 ? finite.filter((d) => d > 0).length / finite.length : Number.NaN,
    se: stats.se,
    // mean -/+ t_0.975(n - 1) se
    ci95Low: stats.mean - tCritical975(stats.n) * stats.se,
    ci95High: stats.mean + tCritical975(stats.n) * stats.se,
  };
}

/** The decomposition of one metric at one period (see the header for each effect's formula). */
export function decomposeEffects(values: ArmValues, instrumentIds: readonly string[]): Effect[] {
  const arm = (name: string): readonly number[] => {
    const v = values.get(name);
    if (!v) throw new Error(`decomposition: no values for arm ${name}`);
    return v;
  };
  const total = perSeedDifference(arm(FULL_ARM), arm(NONE_ARM));
  const bare = perSeedDifference(arm(BARE_ARM), arm(NONE_ARM));
  const alone = instrumentIds.map((id) => perSeedDifference(arm(onlyArm(id)), arm(BARE_ARM)));
  const last = instrumentIds.map((id) => perSeedDifference(arm(FULL_ARM), arm(withoutArm(id))));
  // interactions_i = total_i - bare_i - sum_c alone_c,i
  const interactions = total.map((t, i) => alone.reduce((rest, a) => rest - a[i], t - bare[i]));
  return [
    summarise("total", "", total),
    summarise("bare", "", bare),
    ...instrumentIds.map((id, c) => summarise("alone", id, alone[c])),
    ...instrumentIds.map((id, c) => summarise("last", id, last[c])),
    summarise("interactions", "", interactions),
  ];
}
