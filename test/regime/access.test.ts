import { describe, expect, it } from "vitest";
import { segmentMayBuy, type ProductAccess, type SegmentAccess } from "../../sim/regime/access.js";

describe("who may buy what", () => {
  const regulated: SegmentAccess = { regulated: true, requiresLicensed: true, buysUnlicensed: false, vettingLocksOut: false, blockedProviderJurisdictions: new Set() };
  const open: SegmentAccess = { ...regulated, requiresLicensed: false, buysUnlicensed: true };
  const individuals: SegmentAccess = { ...open, vettingLocksOut: true };
  const product = (p: Partial<ProductAccess>): ProductAccess => ({ status: "licensed", providerJurisdiction: "home", providerInRegimeJurisdiction: true, underVetting: false, withdrawnFromRegimeJurisdiction: false, ...p });

  it("regulated buyers buy only licensed or exempt models from providers under the regime", () => {
    expect(segmentMayBuy(regulated, product({}))).toBe(true);
    expect(segmentMayBuy(regulated, product({ status: "exempt" }))).toBe(true);
    expect(segmentMayBuy(regulated, product({ status: "exempt", providerJurisdiction: "offshore", providerInRegimeJurisdiction: false }))).toBe(false);
    for (const status of ["gray", "offshore", "leaked"] as const) expect(segmentMayBuy(regulated, product({ status }))).toBe(false);
  });

  it("gray models reach only buyers who accept them; vetting locks individuals out; review blocks", () => {
    expect(segmentMayBuy(open, product({ status: "gray" }))).toBe(true);
    expect(segmentMayBuy({ ...open, buysUnlicensed: false }, product({ status: "gray" }))).toBe(false);
    expect(segmentMayBuy(individuals, product({ underVetting: true }))).toBe(false);
    expect(segmentMayBuy(individuals, product({ underVetting: false }))).toBe(true);
    const reviewed = { ...open, blockedProviderJurisdictions: new Set(["foreign"]) };
    expect(segmentMayBuy(reviewed, product({ status: "exempt", providerJurisdiction: "foreign", providerInRegimeJurisdiction: false }))).toBe(false);
    expect(segmentMayBuy(open, product({ withdrawnFromRegimeJurisdiction: true }))).toBe(false);
    expect(segmentMayBuy({ ...open, regulated: false }, product({ status: "gray", withdrawnFromRegimeJurisdiction: true }))).toBe(true);
  });
});
