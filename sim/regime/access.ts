// Who may buy what under a regime: the buyer segments as the market sees them (a segment splits
// into the buyers who pass end-user vetting and those who do not), how the regime sees each, how it
// sees each product, and the rule that joins them.
import type { Regime, Scenario, Segment } from "../scenario/schema.js";
import type { LicenceStatus } from "./standing.js";

export interface SegmentAccess {
  /** segment is in the regulating jurisdiction and the regime is in force */
  regulated: boolean;
  requiresLicensed: boolean;
  buysUnlicensed: boolean;
  /** these buyers cannot pass end-user vetting: models under a vetting obligation cannot serve them */
  failsVetting: boolean;
  /** provider jurisdictions shut out by foreign-entity review */
  blockedProviderJurisdictions: ReadonlySet<string>;
}

export interface ProductAccess {
  status: LicenceStatus;
  /** gray market at home (ModelStanding.gray) */
  gray: boolean;
  providerJurisdiction: string;
  providerInRegimeJurisdiction: boolean;
  underVetting: boolean;
  withdrawnFromRegimeJurisdiction: boolean;
}

/** A buyer segment as the market sees it: a scenario segment whole, or the part of its buyers that pass or fail end-user vetting. */
export interface DemandSegment {
  /** the scenario segment the buyers belong to */
  segmentId: string;
  part: "whole" | "passes-vetting" | "fails-vetting";
  /** the scenario segment with its buyers scaled to this part (every other field as written) */
  segment: Segment;
  /** the buyers cannot pass end-user vetting */
  failsVetting: boolean;
}

/** the regime puts end-user vetting on some tier (full or light) */
export function regimeHasVetting(regime: Regime | null): boolean {
  return regime !== null && (regime.obligations.endUserVetting || (regime.lightTier?.obligations.endUserVetting ?? false));
}

/**
 * Parts of a segment with vetting fail share f: under a regime with end-user vetting in the
 * segment's jurisdiction and 0 < f < 1, buyers x (1 - f) who pass and buyers x f who fail (logit
 * demand within each part; with equal utilities the two parts add up to the whole segment);
 * otherwise the whole segment, failing vetting iff f = 1.
 */
export function demandSegmentsOf(segmentId: string, segment: Segment, regime: Regime | null): DemandSegment[] {
  const f = segment.vettingFailShare;
  const split = f > 0 && f < 1 && regimeHasVetting(regime) && segment.jurisdiction === regime!.jurisdiction;
  if (!split) return [{ segmentId, part: "whole", segment, failsVetting: f >= 1 }];
  return [
    { segmentId, part: "passes-vetting", segment: { ...segment, buyers: segment.buyers * (1 - f) }, failsVetting: false },
    { segmentId, part: "fails-vetting", segment: { ...segment, buyers: segment.buyers * f }, failsVetting: true },
  ];
}

/** The market's buyer segments, in the scenario's segment order, each split by demandSegmentsOf under the scenario's regime. */
export function demandSegments(scenario: Scenario): DemandSegment[] {
  return Object.entries(scenario.segments).flatMap(([id, segment]) => demandSegmentsOf(id, segment, scenario.regime));
}

/** How the regime in force sees one (part of a) segment: regulated iff it lies in the regime's jurisdiction. */
export function segmentAccess(demand: DemandSegment, regime: Regime | null): SegmentAccess {
  const { segment, segmentId } = demand;
  const regulated = regime !== null && segment.jurisdiction === regime.jurisdiction;
  const blocked = regime?.foreignReview && regime.foreignReview.segments.includes(segmentId) ? new Set(regime.foreignReview.blockedJurisdictions) : new Set<string>();
  return {
    regulated,
    requiresLicensed: segment.requiresLicensed,
    buysUnlicensed: segment.buysUnlicensed,
    failsVetting: demand.failsVetting,
    blockedProviderJurisdictions: blocked,
  };
}

/**
 * May segment s buy product j? Regulated buyers buy only lawful models (licensed, light, or exempt
 * from providers subject to the regime); gray products reach only buyers who accept them; vetting
 * keeps buyers who fail it away from vetted models; foreign-entity review blocks listed provider jurisdictions.
 */
export function segmentMayBuy(segment: SegmentAccess, product: ProductAccess): boolean {
  if (!segment.regulated) return true;
  if (product.withdrawnFromRegimeJurisdiction) return false;
  if (segment.blockedProviderJurisdictions.has(product.providerJurisdiction)) return false;
  if (product.underVetting && segment.failsVetting) return false;
  if (segment.requiresLicensed) {
    if (product.gray) return false;
    // exempt models and lawful leaked copies only from providers the regime can reach
    if ((product.status === "exempt" || product.status === "leaked") && !product.providerInRegimeJurisdiction) return false;
    return true;
  }
  return product.gray ? segment.buysUnlicensed : true;
}
