// What a regime costs a firm, instrument by instrument: one-off and per-period compliance, the
// licence fee, the monitoring overhead on serving and its latency (a utility loss buyers feel),
// penalties and the chance of detection, and the pre-release audit. The valuation (what a firm expects when it decides, sim/valuation.ts) and the
// period's payments (sim/period/) call these same functions; test/regime/charges.test.ts checks
// that expected and paid agree for every instrument. Money in USD M, time in periods.
import type { Obligations, Regime } from "../scenario/schema.js";
import { perPeriodProbability, quartersToPeriods } from "../time.js";
import { isCompliantStatus, obligationsOf, type ModelStanding, type Tier } from "./standing.js";

// ---------------------------------------------------------------------------------------------
// One-off

/** weight security cost = one-off cost * scale (USD M per firm, paid once) */
export function weightSecurityCostUsdM(regime: Regime): number {
  return regime.complianceCosts.weightSecurityOneOffUsdM * regime.complianceCosts.scale;
}

/** weight security is owed iff the tier requires it and the firm has not secured its weights yet */
export function weightSecurityOwed(obligations: Obligations, weightSecurityPaid: boolean): boolean {
  return obligations.weightSecurity && !weightSecurityPaid;
}

/** one-off compliance on complying = weight security cost if owed, else 0 (USD M) */
export function oneOffComplianceUsdM(regime: Regime, obligations: Obligations, weightSecurityPaid: boolean): number {
  return weightSecurityOwed(obligations, weightSecurityPaid) ? weightSecurityCostUsdM(regime) : 0;
}

// ---------------------------------------------------------------------------------------------
// Per period

/** recurring per-model cost per year = (monitoring + red-teaming) * scale, by obligation */
export function perModelComplianceUsdMPerYear(regime: Regime, obligations: Obligations): number {
  const c = regime.complianceCosts;
  return ((obligations.inferenceMonitoring ? c.inferenceMonitoringPerDeploymentPerYearUsdM : 0) + (obligations.redTeaming ? c.redTeamingPerYearUsdM : 0)) * c.scale;
}

/** vetting cost per enterprise customer per year = vetting cost * scale if vetting is obliged (USD M) */
export function vettingUsdMPerCustomerPerYear(regime: Regime, obligations: Obligations): number {
  return obligations.endUserVetting ? regime.complianceCosts.endUserVettingPerEnterpriseCustomerPerYearUsdM * regime.complianceCosts.scale : 0;
}

/** A model's recurring compliance in a period, split by what it varies with (USD M per period). */
export interface ComplianceParts {
  /** per model whatever it sells: monitoring and red-teaming */
  fixedUsdMPerPeriod: number;
  /** with its sales: vetting of each enterprise customer */
  variableUsdMPerPeriod: number;
}

/** fixed = per-model compliance / periodsPerYear; variable = vetting per customer * enterprise customers_j / periodsPerYear (USD M per period) */
export function modelComplianceParts(regime: Regime, obligations: Obligations, enterpriseCustomers: number, periodsPerYear: number): ComplianceParts {
  return {
    fixedUsdMPerPeriod: perModelComplianceUsdMPerYear(regime, obligations) / periodsPerYear,
    variableUsdMPerPeriod: (vettingUsdMPerCustomerPerYear(regime, obligations) * enterpriseCustomers) / periodsPerYear,
  };
}

/** k_j = per-model compliance / periodsPerYear + vetting per customer * enterprise customers_j / periodsPerYear (USD M per period) */
export function modelComplianceUsdMPerPeriod(regime: Regime, obligations: Obligations, enterpriseCustomers: number, periodsPerYear: number): number {
  const parts = modelComplianceParts(regime, obligations, enterpriseCustomers, periodsPerYear);
  return parts.fixedUsdMPerPeriod + parts.variableUsdMPerPeriod;
}

/** licence fee per firm per year = full fee * scale if any model is fully licensed, else the light fee * scale if any is light, else 0 (USD M) */
export function licenceFeeUsdMPerYear(regime: Regime, hasFull: boolean, hasLight: boolean): number {
  if (hasFull) return regime.licenceFeePerYearUsdM * regime.complianceCosts.scale;
  if (hasLight && regime.lightTier) return regime.lightTier.licenceFeePerYearUsdM * regime.complianceCosts.scale;
  return 0;
}

/** licence fee per firm per period = licence fee per year / periodsPerYear (USD M) */
export function licenceFeeUsdMPerPeriod(regime: Regime, hasFull: boolean, hasLight: boolean, periodsPerYear: number): number {
  return licenceFeeUsdMPerYear(regime, hasFull, hasLight) / periodsPerYear;
}

// ---------------------------------------------------------------------------------------------
// Serving overhead

/** serving-cost multiplier m = 1 + monitoring overhead if the model is monitored, else 1 */
export function servingCostMultiplier(regime: Regime | null, monitored: boolean): number {
  return regime && monitored ? 1 + regime.complianceCosts.monitoringServingCostOverhead : 1;
}

/** A model's serving cost per Mtok: the marginal cost its price is set on, and its two parts. */
export interface ServingCost {
  /** c = b * m: USD per Mtok */
  marginalUsdPerMtok: number;
  /** c / m: paid to compute, USD per Mtok */
  baseUsdPerMtok: number;
  /** c - c / m: the monitoring overhead, paid to the compliance industry, USD per Mtok */
  monitoringOverheadUsdPerMtok: number;
}

/**
 * c = b * m; base = c / m; overhead = c - c / m. The parts are split off c (not taken as b and
 * b (m - 1)) so that base + overhead = c to the last bit (for overheads up to 100%): a firm pays
 * per token exactly the marginal cost its price was set on. (c / m and b can differ in the last bit.)
 */
export function servingCostOf(baseUsdPerMtok: number, regime: Regime | null, monitored: boolean): ServingCost {
  const multiplier = servingCostMultiplier(regime, monitored);
  const marginal = baseUsdPerMtok * multiplier;
  const base = marginal / multiplier;
  return { marginalUsdPerMtok: marginal, baseUsdPerMtok: base, monitoringOverheadUsdPerMtok: marginal - base };
}

// ---------------------------------------------------------------------------------------------
// Latency

/** utility a monitored model loses in every segment = utility per unit of latency overhead * latency overhead (0 unmonitored or without a regime) */
export function monitoringLatencyUtilityLoss(regime: Regime | null, monitored: boolean, latencyUtilityPerOverhead: number): number {
  return regime && monitored ? latencyUtilityPerOverhead * regime.monitoringLatencyOverhead : 0;
}

// ---------------------------------------------------------------------------------------------
// Enforcement

/** detection per period = 1 - (1 - d_year)^(1 / periodsPerYear), d_year = 1 - (1 - d_quarter)^4 */
export function detectionProbabilityPerPeriod(regime: Regime, periodsPerYear: number): number {
  return perPeriodProbability(1 - Math.pow(1 - regime.enforcement.detectionProbabilityPerQuarter, 4), periodsPerYear);
}

/** fine paid on each detection (USD M) */
export function penaltyUsdM(regime: Regime): number {
  return regime.enforcement.penaltyUsdM;
}

/** expected penalty per period = detection probability per period * penalty (USD M) */
export function expectedPenaltyUsdMPerPeriod(regime: Regime, periodsPerYear: number): number {
  return detectionProbabilityPerPeriod(regime, periodsPerYear) * penaltyUsdM(regime);
}

/** a detected gray model is withdrawn from the regime's jurisdiction iff withdrawOnDetection */
export function detectionWithdraws(regime: Regime): boolean {
  return regime.enforcement.withdrawOnDetection;
}

/** withdrawal probability per period = detection probability per period if detection withdraws the model, else 0 */
export function withdrawalProbabilityPerPeriod(regime: Regime, periodsPerYear: number): number {
  return detectionWithdraws(regime) ? detectionProbabilityPerPeriod(regime, periodsPerYear) : 0;
}

// ---------------------------------------------------------------------------------------------
// Pre-release audit

export interface AuditTerms {
  /** periods the audit holds a finished model back */
  delayPeriods: number;
  /** chance the regulator blocks the model at the end of the audit */
  blockProbability: number;
}

/** audit of a compliant model = (round(auditDelayQuarters * periodsPerYear / 4), blockProbability) in the full tier when the regime has one; else none */
export function preReleaseAudit(regime: Regime, tier: Tier, periodsPerYear: number): AuditTerms | null {
  if (tier !== "full" || !regime.preReleaseApproval) return null;
  return { delayPeriods: quartersToPeriods(regime.preReleaseApproval.auditDelayQuarters, periodsPerYear), blockProbability: regime.preReleaseApproval.blockProbability };
}

/** chance an audit that ends blocks the model (0 without a pre-release audit) */
export function auditBlockProbability(regime: Regime | null): number {
  return regime?.preReleaseApproval?.blockProbability ?? 0;
}

// ---------------------------------------------------------------------------------------------
// Expected terms of selling one model

/** The regime's terms for one model on sale, as its firm expects them (USD M, periods). */
export interface RegimeTerms {
  /** one-off compliance on complying (weight security) */
  upfrontUsdM: number;
  /** per-model compliance + the licence fee if the firm holds none yet; or, when gray, the expected penalty */
  recurringUsdMPerPeriod: number;
  auditDelayPeriods: number;
  blockProbability: number;
  withdrawalProbabilityPerPeriod: number;
}

/**
 * Compliant (licensed or light): upfront = one-off compliance, recurring = k_j + licence fee (if
 * the firm holds no licence yet), plus the audit of its tier. Gray: recurring = detection *
 * penalty, withdrawn with the detection probability. Exempt, offshore, leaked: nothing.
 * The monitoring overhead is not here: it is part of the serving cost (servingCostOf).
 */
export function expectedRegimeTerms(
  regime: Regime | null,
  standing: ModelStanding,
  firm: { weightSecurityPaid: boolean; licensed: boolean },
  enterpriseCustomers: number,
  periodsPerYear: number,
): RegimeTerms {
  const terms: RegimeTerms = { upfrontUsdM: 0, recurringUsdMPerPeriod: 0, auditDelayPeriods: 0, blockProbability: 0, withdrawalProbabilityPerPeriod: 0 };
  if (!regime) return terms;
  if (isCompliantStatus(standing.status)) {
    const obligations = obligationsOf(regime, standing.tier);
    terms.upfrontUsdM = oneOffComplianceUsdM(regime, obligations, firm.weightSecurityPaid);
    terms.recurringUsdMPerPeriod = modelComplianceUsdMPerPeriod(regime, obligations, enterpriseCustomers, periodsPerYear);
    if (!firm.licensed) terms.recurringUsdMPerPeriod += licenceFeeUsdMPerPeriod(regime, standing.tier === "full", standing.tier === "light", periodsPerYear);
    const audit = preReleaseAudit(regime, standing.tier, periodsPerYear);
    if (audit) {
      terms.auditDelayPeriods = audit.delayPeriods;
      terms.blockProbability = audit.blockProbability;
    }
  } else if (standing.status === "gray") {
    terms.recurringUsdMPerPeriod = expectedPenaltyUsdMPerPeriod(regime, periodsPerYear);
    terms.withdrawalProbabilityPerPeriod = withdrawalProbabilityPerPeriod(regime, periodsPerYear);
  }
  return terms;
}
