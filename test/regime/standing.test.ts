import { describe, expect, it } from "vitest";
import { RegimeSchema } from "../../sim/scenario/schema.js";
import { holdsLicence, licenceStatus, modelStanding, openReleaseLawful, tierOf } from "../../sim/regime/standing.js";

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
});

describe("the standing of a model", () => {
  const model = { trainingFlop: 2e26, capability: 27, open: false, complied: true, releasedUnderRegime: true, withdrawnFromRegimeJurisdiction: false, owner: 0 };
  const full = RegimeSchema.parse({ jurisdiction: "home", thresholdFlop: 1e26, obligations: { inferenceMonitoring: true, endUserVetting: true } });

  it("a complied model above the line at home is licensed, monitored and under vetting", () => {
    const standing = modelStanding(model, "home", full);
    expect(standing).toMatchObject({ tier: "full", status: "licensed", monitored: true });
    expect(standing.access).toMatchObject({ underVetting: true, providerInRegimeJurisdiction: true });
  });

  it("open weights are never under vetting, grandfathered or licensed (weights that are out cannot vet their users)", () => {
    expect(modelStanding({ ...model, open: true }, "home", full).access.underVetting).toBe(false);
    expect(modelStanding({ ...model, open: true, releasedUnderRegime: false }, "home", full).access.underVetting).toBe(false);
    expect(modelStanding({ ...model, open: true }, "home", full).status).toBe("licensed");
  });

  it("evading at home is gray, abroad offshore; neither is monitored or vetted", () => {
    const home = modelStanding({ ...model, complied: false }, "home", full);
    expect(home).toMatchObject({ status: "gray", monitored: false });
    expect(home.access.underVetting).toBe(false);
    expect(modelStanding({ ...model, complied: false }, "abroad", full).status).toBe("offshore");
  });

  it("without a regime every model is exempt; a leaked copy is leaked under any regime", () => {
    expect(modelStanding(model, "home", null)).toMatchObject({ tier: "exempt", status: "exempt", monitored: false });
    expect(modelStanding({ ...model, owner: -1 }, "", full).status).toBe("leaked");
    expect(modelStanding({ ...model, owner: -1 }, "", null).status).toBe("leaked");
  });

  it("a leaked copy is gray only where serving it is unlawful: in a tier, or above an open-release line; never without a regime", () => {
    const leak = { ...model, owner: -1 };
    // above the licensing line: hosting it needs a licence nobody holds
    expect(modelStanding(leak, "", full)).toMatchObject({ tier: "full", status: "leaked", gray: true });
    expect(modelStanding(leak, "", full).access.gray).toBe(true);
    // below every line: anyone may serve it (it is still an infringing copy, a matter for demand, not for the licence)
    expect(modelStanding({ ...leak, trainingFlop: 5e25 }, "", full)).toMatchObject({ tier: "exempt", status: "leaked", gray: false });
    // exempt from licences but above the open-weight ban line: distributing the weights is unlawful
    const ban = RegimeSchema.parse({ jurisdiction: "home", thresholdFlop: 1e27, openWeightBanFlop: 1e26 });
    expect(modelStanding(leak, "", ban)).toMatchObject({ tier: "exempt", gray: true });
    expect(modelStanding({ ...leak, trainingFlop: 5e25 }, "", ban).gray).toBe(false);
    // a regime with no line at all (foreign-entity review only): no leak is gray
    const reviewOnly = RegimeSchema.parse({ jurisdiction: "home", thresholdFlop: null, foreignReview: { segments: ["developers"], blockedJurisdictions: ["abroad"] } });
    expect(modelStanding(leak, "", reviewOnly).gray).toBe(false);
    expect(modelStanding(leak, "", null).gray).toBe(false);
    // an owner's gray and offshore models are gray; licensed and exempt ones are not
    expect(modelStanding({ ...model, complied: false }, "home", full).gray).toBe(true);
    expect(modelStanding({ ...model, complied: false }, "abroad", full).gray).toBe(true);
    expect(modelStanding(model, "home", full).gray).toBe(false);
    expect(modelStanding({ ...model, trainingFlop: 5e25 }, "home", full).gray).toBe(false);
  });

  it("an open release made under the regime above an audited line is gray; released before the regime it is grandfathered", () => {
    const audited = RegimeSchema.parse({ jurisdiction: "home", thresholdFlop: 1e26, preReleaseApproval: {} });
    expect(modelStanding({ ...model, open: true }, "home", audited).status).toBe("gray");
    expect(modelStanding({ ...model, open: true, releasedUnderRegime: false }, "home", audited).status).toBe("licensed");
  });

  it("a firm holds a licence iff one of its complied models falls in a tier", () => {
    expect(holdsLicence([{ ...model, complied: false }], full)).toBe(false);
    expect(holdsLicence([{ ...model, trainingFlop: 1e25 }], full)).toBe(false);
    expect(holdsLicence([{ ...model, complied: false }, model], full)).toBe(true);
  });
});
