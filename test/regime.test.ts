import { describe, expect, it } from "vitest";
import { RegimeSchema } from "../sim/scenario/schema.js";
import { licenceStatus, openReleaseLawful, perPeriodProbability, segmentMayBuy, tierOf, type ProductAccess, type SegmentAccess } from "../sim/regime.js";

const regime = RegimeSchema.parse({ thresholdFlop: 1e26, lightTier: { minTrainingFlop: 1e25 }, openWeightBanFlop: 5e26, preReleaseApproval: {} });

describe("tiers and status", () => {
  it("assigns full, light and exempt tiers by the FLOP lines, and full by a capability line", () => {
    expect(tierOf(regime, 2e26, 20)).toBe("full");
    expect(tierOf(regime, 1e26, 20)).toBe("full");
    expect(tierOf(regime, 9.9e25, 20)).toBe("light");
    expect(tierOf(regime, 9.9e24, 20)).toBe("exempt");
    const withCapabilityLine = RegimeSchema.parse({ thresholdFlop: 1e26, thresholdCapability: 27 });
    expect(tierOf(withCapabilityLine, 1e24, 27.5)).toBe("full");
    expect(tierOf(withCapabilityLine, 1e24, 26.5)).toBe("exempt");
  });

  it("open release is unlawful at the ban line and in an audited tier that forbids it", () => {
    expect(openReleaseLawful(regime, 6e26, "full")).toBe(false);
    expect(openReleaseLawful(regime, 2e26, "full")).toBe(false); // audited, openWeightsAllowed false
    expect(openReleaseLawful(regime, 5e25, "light")).toBe(true);
  });

  it("status follows compliance and location", () => {
    expect(licenceStatus("exempt", false, true, true)).toBe("exempt");
    expect(licenceStatus("full", true, true, true)).toBe("licensed");
    expect(licenceStatus("light", true, true, true)).toBe("light");
    expect(licenceStatus("full", false, true, true)).toBe("gray");
    expect(licenceStatus("full", false, false, true)).toBe("offshore");
    expect(licenceStatus("full", true, true, false)).toBe("gray");
  });

  it("converts yearly probabilities to per-period ones that compound back", () => {
    const q = perPeriodProbability(0.2, 4);
    expect(1 - Math.pow(1 - q, 4)).toBeCloseTo(0.2, 12);
  });
});

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
