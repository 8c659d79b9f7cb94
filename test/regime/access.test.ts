import { describe, expect, it } from "vitest";
import { demandSegments, demandSegmentsOf, segmentAccess, segmentMayBuy, type ProductAccess, type SegmentAccess } from "../../sim/regime/access.js";
import { RegimeSchema, ScenarioSchema, SegmentSchema } from "../../sim/scenario/schema.js";

describe("who may buy what", () => {
  const regulated: SegmentAccess = { regulated: true, requiresLicensed: true, buysUnlicensed: false, failsVetting: false, blockedProviderJurisdictions: new Set() };
  const open: SegmentAccess = { ...regulated, requiresLicensed: false, buysUnlicensed: true };
  const individuals: SegmentAccess = { ...open, failsVetting: true };
  const grayByDefault = (status: ProductAccess["status"]) => status === "gray" || status === "offshore" || status === "leaked";
  const product = (p: Partial<ProductAccess>): ProductAccess => ({ status: "licensed", gray: grayByDefault(p.status ?? "licensed"), providerJurisdiction: "home", providerInRegimeJurisdiction: true, underVetting: false, withdrawnFromRegimeJurisdiction: false, ...p });

  it("regulated buyers buy only licensed or exempt models from providers under the regime", () => {
    expect(segmentMayBuy(regulated, product({}))).toBe(true);
    expect(segmentMayBuy(regulated, product({ status: "exempt" }))).toBe(true);
    expect(segmentMayBuy(regulated, product({ status: "exempt", providerJurisdiction: "offshore", providerInRegimeJurisdiction: false }))).toBe(false);
    for (const status of ["gray", "offshore", "leaked"] as const) expect(segmentMayBuy(regulated, product({ status }))).toBe(false);
  });

  it("a leaked copy that is lawful to serve (below every line) reaches every buyer but those who require a licensed provider", () => {
    const lawfulLeak = product({ status: "leaked", gray: false, providerJurisdiction: "", providerInRegimeJurisdiction: false });
    expect(segmentMayBuy(regulated, lawfulLeak)).toBe(false);
    expect(segmentMayBuy({ ...open, buysUnlicensed: false }, lawfulLeak)).toBe(true);
    expect(segmentMayBuy({ ...open, buysUnlicensed: false }, { ...lawfulLeak, gray: true })).toBe(false);
    expect(segmentMayBuy(open, { ...lawfulLeak, gray: true })).toBe(true);
  });

  it("gray models reach only buyers who accept them; buyers who fail vetting cannot buy vetted models; review blocks", () => {
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

describe("end-user vetting splits a segment into the buyers who pass it and those who fail it", () => {
  const developers = SegmentSchema.parse({ jurisdiction: "home", buyers: 1000, usageMtokPerBuyerPerQuarter: 2, priceSensitivityPerUsd: 1, capabilityTaste: 1, vettingFailShare: 0.25 });
  const vetting = RegimeSchema.parse({ jurisdiction: "home", obligations: { endUserVetting: true } });
  const noVetting = RegimeSchema.parse({ jurisdiction: "home", obligations: { endUserVetting: false } });

  it("fail share 0.25 under a vetting regime: 750 buyers pass, 250 fail; every other field as written", () => {
    const parts = demandSegmentsOf("developers", developers, vetting);
    expect(parts.map((p) => [p.part, p.segment.buyers, p.failsVetting])).toEqual([
      ["passes-vetting", 750, false],
      ["fails-vetting", 250, true],
    ]);
    for (const p of parts) expect({ ...p.segment, buyers: developers.buyers }).toEqual(developers);
    expect(parts.reduce((sum, p) => sum + p.segment.buyers, 0)).toBe(developers.buyers);
  });

  it("no split without a regime, without a vetting obligation, outside the regime's jurisdiction, or at the extremes 0 and 1", () => {
    expect(demandSegmentsOf("developers", developers, null)).toEqual([{ segmentId: "developers", part: "whole", segment: developers, failsVetting: false }]);
    expect(demandSegmentsOf("developers", developers, noVetting)).toHaveLength(1);
    expect(demandSegmentsOf("developers", { ...developers, jurisdiction: "abroad" }, vetting)).toHaveLength(1);
    expect(demandSegmentsOf("developers", { ...developers, vettingFailShare: 0 }, vetting)).toEqual([expect.objectContaining({ part: "whole", failsVetting: false })]);
    // the extreme: the whole segment is locked out of vetted models (scenarios/vetting-lockout.yaml)
    expect(demandSegmentsOf("developers", { ...developers, vettingFailShare: 1 }, vetting)).toEqual([expect.objectContaining({ part: "whole", failsVetting: true })]);
  });

  it("a light tier with vetting also splits; the scenario's segments keep their order", () => {
    const lightVetting = RegimeSchema.parse({ jurisdiction: "home", obligations: { endUserVetting: false }, lightTier: { minTrainingFlop: 1e25, obligations: { endUserVetting: true } } });
    expect(demandSegmentsOf("developers", developers, lightVetting)).toHaveLength(2);
    const scenario = ScenarioSchema.parse({
      jurisdictions: { home: {} },
      segments: { a: { ...developers, vettingFailShare: 0 }, b: developers },
      regime: { jurisdiction: "home" },
    });
    expect(demandSegments(scenario).map((d) => `${d.segmentId}/${d.part}`)).toEqual(["a/whole", "b/passes-vetting", "b/fails-vetting"]);
  });

  it("only the part that fails vetting is kept from vetted models; both parts buy open and unvetted ones", () => {
    const [passes, fails] = demandSegmentsOf("developers", developers, vetting).map((d) => segmentAccess(d, vetting));
    const vetted: ProductAccess = { status: "licensed", gray: false, providerJurisdiction: "home", providerInRegimeJurisdiction: true, underVetting: true, withdrawnFromRegimeJurisdiction: false };
    expect(segmentMayBuy(passes, vetted)).toBe(true);
    expect(segmentMayBuy(fails, vetted)).toBe(false);
    expect(segmentMayBuy(fails, { ...vetted, underVetting: false })).toBe(true);
  });
});
