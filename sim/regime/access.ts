// Who may buy what under a regime: how the regime sees each buyer segment, how it sees each
// product, and the rule that joins them.
import type { Regime, Scenario } from "../scenario/schema.js";
import { isGrayStatus, type LicenceStatus } from "./standing.js";

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

/** How the regime in force sees one segment: regulated iff it lies in the regime's jurisdiction. */
export function segmentAccess(scenario: Scenario, segmentId: string, regime: Regime | null): SegmentAccess {
  const segment = scenario.segments[segmentId];
  const regulated = regime !== null && segment.jurisdiction === regime.jurisdiction;
  const blocked = regime?.foreignReview && regime.foreignReview.segments.includes(segmentId) ? new Set(regime.foreignReview.blockedJurisdictions) : new Set<string>();
  return {
    regulated,
    requiresLicensed: segment.requiresLicensed,
    buysUnlicensed: segment.buysUnlicensed,
    vettingLocksOut: segment.vettingLocksOut,
    blockedProviderJurisdictions: blocked,
  };
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
