// Each instrument's charge, worked by hand on one regime (scale 2 doubles every cost).
import { describe, expect, it } from "vitest";
import { RegimeSchema } from "../../sim/scenario/schema.js";
import { modelStanding, obligationsOf } from "../../sim/regime/standing.js";
import {
  detectionProbabilityPerPeriod,
  expectedPenaltyUsdMPerPeriod,
  expectedRegimeTerms,
  licenceFeeUsdMPerPeriod,
  modelComplianceParts,
  modelComplianceUsdMPerPeriod,
  monitoringLatencyUtilityLoss,
  oneOffComplianceUsdM,
  preReleaseAudit,
  servingCostOf,
  withdrawalProbabilityPerPeriod,
} from "../../sim/regime/charges.js";

const regime = RegimeSchema.parse({
  jurisdiction: "home",
  thresholdFlop: 1e26,
  licenceFeePerYearUsdM: 2,
  lightTier: { minTrainingFlop: 1e25, licenceFeePerYearUsdM: 0.4 },
  complianceCosts: {
    weightSecurityOneOffUsdM: 10,
    inferenceMonitoringPerDeploymentPerYearUsdM: 4,
    redTeamingPerYearUsdM: 2,
    endUserVettingPerEnterpriseCustomerPerYearUsdM: 0.01,
    monitoringServingCostOverhead: 0.25,
    scale: 2,
  },
  preReleaseApproval: { auditDelayQuarters: 2, blockProbability: 0.1 },
  enforcement: { detectionProbabilityPerQuarter: 0.2, penaltyUsdM: 50, withdrawOnDetection: true },
});
const full = obligationsOf(regime, "full");
const light = obligationsOf(regime, "light");
const model = { trainingFlop: 2e26, capability: 27, open: false, complied: true, releasedUnderRegime: true, withdrawnFromRegimeJurisdiction: false, owner: 0 };

describe("one-off and per-period charges", () => {
  it("weight security: 10 x 2 = 20 once, nothing once paid or in a tier that does not require it", () => {
    expect(oneOffComplianceUsdM(regime, full, false)).toBe(20);
    expect(oneOffComplianceUsdM(regime, full, true)).toBe(0);
    expect(oneOffComplianceUsdM(regime, light, false)).toBe(0);
  });

  it("per-model compliance: (4 + 2) x 2 = 12 a year = 3 a quarter; vetting 0.01 x 2 x 100 customers / 4 = 0.5", () => {
    expect(modelComplianceUsdMPerPeriod(regime, full, 0, 4)).toBeCloseTo(3, 12);
    expect(modelComplianceUsdMPerPeriod(regime, full, 100, 4)).toBeCloseTo(3.5, 12);
    // the light tier red-teams only: 2 x 2 / 4 = 1, no vetting
    expect(modelComplianceUsdMPerPeriod(regime, light, 100, 4)).toBeCloseTo(1, 12);
  });

  it("fixed part (monitoring, red-teaming) 3 a quarter whatever the sales; variable part (vetting) 0.5 for 100 customers, 0 for none", () => {
    expect(modelComplianceParts(regime, full, 100, 4).fixedUsdMPerPeriod).toBeCloseTo(3, 12);
    expect(modelComplianceParts(regime, full, 100, 4).variableUsdMPerPeriod).toBeCloseTo(0.5, 12);
    expect(modelComplianceParts(regime, full, 0, 4).variableUsdMPerPeriod).toBe(0);
  });

  it("licence fee per firm: 2 x 2 / 4 = 1 a quarter for the full tier, 0.4 x 2 / 4 = 0.2 for the light one, 0 without a licence", () => {
    expect(licenceFeeUsdMPerPeriod(regime, true, true, 4)).toBeCloseTo(1, 12);
    expect(licenceFeeUsdMPerPeriod(regime, false, true, 4)).toBeCloseTo(0.2, 12);
    expect(licenceFeeUsdMPerPeriod(regime, false, false, 4)).toBe(0);
  });
});

describe("monitoring latency", () => {
  it("a monitored model loses 0.5 x 0.2 = 0.1 utility; unmonitored or without a regime nothing; not scaled by the cost scale", () => {
    const r = RegimeSchema.parse({ monitoringLatencyOverhead: 0.2, complianceCosts: { scale: 3 } });
    expect(monitoringLatencyUtilityLoss(r, true, 0.5)).toBeCloseTo(0.1, 12);
    expect(monitoringLatencyUtilityLoss(r, false, 0.5)).toBe(0);
    expect(monitoringLatencyUtilityLoss(null, true, 0.5)).toBe(0);
  });
});

describe("serving overhead", () => {
  it("a monitored model costs 8 x 1.25 = 10 per Mtok: 8 to compute, 2 of monitoring overhead", () => {
    expect(servingCostOf(8, regime, true)).toEqual({ marginalUsdPerMtok: 10, baseUsdPerMtok: 8, monitoringOverheadUsdPerMtok: 2 });
    expect(servingCostOf(8, regime, false)).toEqual({ marginalUsdPerMtok: 8, baseUsdPerMtok: 8, monitoringOverheadUsdPerMtok: 0 });
    expect(servingCostOf(8, null, true)).toEqual({ marginalUsdPerMtok: 8, baseUsdPerMtok: 8, monitoringOverheadUsdPerMtok: 0 });
  });

  it("base + overhead is the marginal cost to the last bit, whatever the cost and overhead up to 100%", () => {
    const mismatches: string[] = [];
    for (const overhead of [0.15, 0.2, 0.3, 0.7, 1]) {
      const r = RegimeSchema.parse({ complianceCosts: { monitoringServingCostOverhead: overhead } });
      for (let i = 1; i < 2000; i++) {
        const cost = servingCostOf(i * 0.013 + 1 / i, r, true);
        if (cost.baseUsdPerMtok + cost.monitoringOverheadUsdPerMtok !== cost.marginalUsdPerMtok) mismatches.push(`${overhead}/${i}`);
      }
    }
    expect(mismatches).toEqual([]);
  });
});

describe("enforcement and audit", () => {
  it("detection 0.2 a quarter is 0.2 a period at 4 periods a year and 1 - 0.8^(1/3) at 12; expected fine 0.2 x 50 = 10", () => {
    expect(detectionProbabilityPerPeriod(regime, 4)).toBeCloseTo(0.2, 12);
    expect(detectionProbabilityPerPeriod(regime, 12)).toBeCloseTo(1 - Math.cbrt(0.8), 12);
    expect(expectedPenaltyUsdMPerPeriod(regime, 4)).toBeCloseTo(10, 10);
    expect(withdrawalProbabilityPerPeriod(regime, 4)).toBeCloseTo(0.2, 12);
    expect(withdrawalProbabilityPerPeriod({ ...regime, enforcement: { ...regime.enforcement, withdrawOnDetection: false } }, 4)).toBe(0);
  });

  it("the audit holds a full-tier model 2 quarters (2 periods at 4 a year, 6 at 12) and blocks it with 0.1; no audit in the light tier", () => {
    expect(preReleaseAudit(regime, "full", 4)).toEqual({ delayPeriods: 2, blockProbability: 0.1 });
    expect(preReleaseAudit(regime, "full", 12)).toEqual({ delayPeriods: 6, blockProbability: 0.1 });
    expect(preReleaseAudit(regime, "light", 4)).toBeNull();
    expect(preReleaseAudit({ ...regime, preReleaseApproval: null }, "full", 4)).toBeNull();
  });
});

describe("expected terms of one model", () => {
  const firstLicence = { weightSecurityPaid: false, licensed: false };

  it("licensed: upfront 20, recurring 3 + 0.5 vetting + 1 fee = 4.5, audit 2 periods, block 0.1", () => {
    const terms = expectedRegimeTerms(regime, modelStanding(model, "home", regime), firstLicence, 100, 4);
    expect(terms.upfrontUsdM).toBe(20);
    expect(terms.recurringUsdMPerPeriod).toBeCloseTo(4.5, 12);
    expect(terms).toMatchObject({ auditDelayPeriods: 2, blockProbability: 0.1, withdrawalProbabilityPerPeriod: 0 });
    // a firm that holds a licence and secured its weights pays neither again
    const second = expectedRegimeTerms(regime, modelStanding(model, "home", regime), { weightSecurityPaid: true, licensed: true }, 100, 4);
    expect(second.upfrontUsdM).toBe(0);
    expect(second.recurringUsdMPerPeriod).toBeCloseTo(3.5, 12);
  });

  it("light tier: recurring 1 red-teaming + 0.2 fee = 1.2, nothing upfront, no audit", () => {
    const terms = expectedRegimeTerms(regime, modelStanding({ ...model, trainingFlop: 5e25, capability: 20 }, "home", regime), firstLicence, 100, 4);
    expect(terms.recurringUsdMPerPeriod).toBeCloseTo(1.2, 12);
    expect(terms).toMatchObject({ upfrontUsdM: 0, auditDelayPeriods: 0, blockProbability: 0 });
  });

  it("gray: the expected fine 10 a period, withdrawn with probability 0.2; offshore and exempt: nothing", () => {
    const gray = expectedRegimeTerms(regime, modelStanding({ ...model, complied: false }, "home", regime), firstLicence, 100, 4);
    expect(gray.recurringUsdMPerPeriod).toBeCloseTo(10, 10);
    expect(gray.withdrawalProbabilityPerPeriod).toBeCloseTo(0.2, 12);
    const nothing = { upfrontUsdM: 0, recurringUsdMPerPeriod: 0, auditDelayPeriods: 0, blockProbability: 0, withdrawalProbabilityPerPeriod: 0 };
    expect(expectedRegimeTerms(regime, modelStanding({ ...model, complied: false }, "abroad", regime), firstLicence, 100, 4)).toEqual(nothing);
    expect(expectedRegimeTerms(regime, modelStanding({ ...model, trainingFlop: 1e24 }, "home", regime), firstLicence, 100, 4)).toEqual(nothing);
    expect(expectedRegimeTerms(null, modelStanding(model, "home", null), firstLicence, 100, 4)).toEqual(nothing);
  });
});
