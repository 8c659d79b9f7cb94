// Licensing regimes as pure functions of the scenario's `regime` block: which tier a model falls in,
// what that tier obliges, what complying costs, and what a buyer segment may lawfully buy.
import type { Obligations, Regime } from "./scenario/schema.js";

/** Tier of a model under a regime: full licence, light tier, or exempt. */
export type Tier = "full" | "light" | "exempt";

/**
 * Licence status of a model on sale, seen from the regulating jurisdiction:
 * - exempt: below every line (or no regime in force);
 * - licensed / light: in a tier and compliant;
 * - gray: in a tier, provider inside the jurisdiction, not compliant (or an illegal open release);
 * - offshore: in a tier, provider outside the jurisdiction, no home licence (gray when sold at home);
 * - leaked: weights that escaped, served by anyone.
 */
export type LicenceStatus = "exempt" | "licensed" | "light" | "gray" | "offshore" | "leaked";

export const NO_OBLIGATIONS: Obligations = { weightSecurity: false, inferenceMonitoring: false, redTeaming: false, endUserVetting: false };

/** regime in force at period t: regime != null and t >= startPeriod */
export function regimeInForce(regime: Regime | null, period: number): regime is Regime {
  return regime !== null && period >= regime.startPeriod;
}

/** tier = full if FLOP >= line or capability >= capability line; light if FLOP >= light line; else exempt */
export function tierOf(regime: Regime, trainingFlop: number, capability: number): Tier {
  if (regime.thresholdFlop !== null && trainingFlop >= regime.thresholdFlop) return "full";
  if (regime.thresholdCapability !== null && capability >= regime.thresholdCapability) return "full";
  if (regime.lightTier && trainingFlop >= regime.lightTier.minTrainingFlop) return "light";
  return "exempt";
}

export function obligationsOf(regime: Regime, tier: Tier): Obligations {
  if (tier === "full") return regime.obligations;
  if (tier === "light" && regime.lightTier) return regime.lightTier.obligations;
  return NO_OBLIGATIONS;
}

/** open release lawful iff below the ban line and (no pre-release audit of its tier or audits allow open weights) */
export function openReleaseLawful(regime: Regime, trainingFlop: number, tier: Tier): boolean {
  if (regime.openWeightBanFlop !== null && trainingFlop >= regime.openWeightBanFlop) return false;
  if (tier === "full" && regime.preReleaseApproval && !regime.preReleaseApproval.openWeightsAllowed) return false;
  return true;
}

/** status of a model given its tier, whether its provider complied, where the provider is, and whether the release was lawful */
export function licenceStatus(tier: Tier, complied: boolean, providerInJurisdiction: boolean, lawfulRelease: boolean): LicenceStatus {
  if (!lawfulRelease) return providerInJurisdiction ? "gray" : "offshore";
  if (tier === "exempt") return "exempt";
  if (complied) return tier === "full" ? "licensed" : "light";
  return providerInJurisdiction ? "gray" : "offshore";
}

/** gray-market product: sold to home buyers without the licence its tier requires, or leaked */
export function isGrayStatus(status: LicenceStatus): boolean {
  return status === "gray" || status === "offshore" || status === "leaked";
}

/** USD M per year -> USD M per period */
export function perYearToPerPeriod(amountPerYear: number, periodsPerYear: number): number {
  return amountPerYear / periodsPerYear;
}

/** one-off weight security cost = cost * scale (USD M per firm) */
export function weightSecurityCostUsdM(regime: Regime): number {
  return regime.complianceCosts.weightSecurityOneOffUsdM * regime.complianceCosts.scale;
}

/** recurring per-model cost per year = (monitoring + red-teaming) * scale, by obligation */
export function perModelComplianceUsdMPerYear(regime: Regime, obligations: Obligations): number {
  const c = regime.complianceCosts;
  return ((obligations.inferenceMonitoring ? c.inferenceMonitoringPerDeploymentPerYearUsdM : 0) + (obligations.redTeaming ? c.redTeamingPerYearUsdM : 0)) * c.scale;
}

/** vetting cost per enterprise customer per year (USD M), by obligation */
export function vettingUsdMPerCustomerPerYear(regime: Regime, obligations: Obligations): number {
  return obligations.endUserVetting ? regime.complianceCosts.endUserVettingPerEnterpriseCustomerPerYearUsdM * regime.complianceCosts.scale : 0;
}

/** serving-cost multiplier of a model = 1 + monitoring overhead if it is monitored, else 1 */
export function servingCostMultiplier(regime: Regime | null, monitored: boolean): number {
  return regime && monitored ? 1 + regime.complianceCosts.monitoringServingCostOverhead : 1;
}

/** licence fee per firm per year (USD M): the full fee if any model is fully licensed, else the light fee */
export function licenceFeeUsdMPerYear(regime: Regime, hasFull: boolean, hasLight: boolean): number {
  if (hasFull) return regime.licenceFeePerYearUsdM * regime.complianceCosts.scale;
  if (hasLight && regime.lightTier) return regime.lightTier.licenceFeePerYearUsdM * regime.complianceCosts.scale;
  return 0;
}

/** per-period probability from a per-year one: 1 - (1 - p)^(1 / periodsPerYear) */
export function perPeriodProbability(perYear: number, periodsPerYear: number): number {
  return 1 - Math.pow(1 - perYear, 1 / periodsPerYear);
}

export interface SegmentAccess {
  /** segment is in the regulating jurisdiction and the regime is in force */
  regulated: boolean;
  requiresLicensed: boolean;
  buysUnlicensed: boolean;
  vettingLocksOut: boolean;
  /** provider jurisdictions shut out by foreign-entity review */
  blockedProviderJurisdictions: ReadonlySet<string>;
}

export interface ProductAccess {
  status: LicenceStatus;
  providerJurisdiction: string;
  providerInRegimeJurisdiction: boolean;
  underVetting: boolean;
  withdrawnFromRegimeJurisdiction: boolean;
}

/**
 * May segment s buy product j? Regulated buyers buy only lawful models (licensed, light, or exempt
 * from providers subject to the regime); gray products reach only buyers who accept them; vetting
 * locks some buyers out; foreign-entity review blocks listed provider jurisdictions.
 */
export function segmentMayBuy(segment: SegmentAccess, product: ProductAccess): boolean {
  if (!segment.regulated) return true;
  if (product.withdrawnFromRegimeJurisdiction) return false;
  if (segment.blockedProviderJurisdictions.has(product.providerJurisdiction)) return false;
  if (product.underVetting && segment.vettingLocksOut) return false;
  const gray = isGrayStatus(product.status);
  if (segment.requiresLicensed) {
    if (gray) return false;
    if (product.status === "exempt" && !product.providerInRegimeJurisdiction) return false;
    return true;
  }
  return gray ? segment.buysUnlicensed : true;
}
