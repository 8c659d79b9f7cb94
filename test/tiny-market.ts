// A market small enough to work by hand, for the valuation and regime tests: one buyer segment of
// 1,000 buyers at home using 10 Mtok a quarter each (M = 10,000 Mtok per period), price
// sensitivity 0.5 per USD, capability taste 1; one kind of firm; technology frozen at the start
// except the frontier's growth (capability 26 at t = 0, +1.30103 a year: x10 compute, x2
// algorithmic efficiency); serving cost 2 USD per Mtok x the kind's 1.5 = 3 USD per Mtok.
import { ScenarioSchema, type Scenario } from "../sim/scenario/schema.js";

export function tinyScenario(overrides: { regime?: Record<string, unknown> | null; segment?: Record<string, unknown>; kind?: Record<string, unknown>; firms?: unknown[] } = {}): Scenario {
  return ScenarioSchema.parse({
    name: "tiny",
    jurisdictions: { home: {}, abroad: {} },
    technology: {
      frontierTrainingFlopAtStart: 1e26,
      frontierComputeGrowthPerYear: 10,
      costPerFlopUsdAtStart: 1e-18,
      hardwareCostHalvingYears: 2,
      algorithmicEfficiencyDoublingMonths: 12,
      openWeightLagQuarters: 0,
      inferenceCostUsdPerMtokAtStart: 2,
      inferenceCostDeclinePerYear: 0,
      serveCostPerCapabilityPoint: 0,
    },
    segments: {
      buyers: {
        jurisdiction: "home",
        buyers: 1000,
        usageMtokPerBuyerPerQuarter: 10,
        priceSensitivityPerUsd: 0.5,
        capabilityTaste: 1,
        buyersGrowthPerYear: 0,
        adoptionTrendPerYear: 0,
        ...overrides.segment,
      },
    },
    kinds: {
      lab: { homeJurisdiction: "home", inferenceCostMultiplier: 1.5, discountRatePerYear: 0.1, trainingQuarters: 2, decisionNoiseUsdM: 0, ...overrides.kind },
    },
    firms: overrides.firms ?? [{ name: "Lab", kind: "lab", cashUsdM: 1000, models: [{ name: "L1", trainingFlop: 1e26 }] }],
    decisions: { horizonQuarters: 8, runSizeOptions: [1, 0.1], underThresholdMargin: 0.05 },
    regime: overrides.regime === undefined ? null : overrides.regime,
  });
}

/** A regime at 1e26 FLOP with every cost at zero, to switch instruments on one at a time. */
export const NO_COST_REGIME = {
  jurisdiction: "home",
  thresholdFlop: 1e26,
  licenceFeePerYearUsdM: 0,
  complianceCosts: {
    weightSecurityOneOffUsdM: 0,
    inferenceMonitoringPerDeploymentPerYearUsdM: 0,
    monitoringServingCostOverhead: 0,
    redTeamingPerYearUsdM: 0,
    endUserVettingPerEnterpriseCustomerPerYearUsdM: 0,
    scale: 1,
  },
  preReleaseApproval: null,
  enforcement: { detectionProbabilityPerQuarter: 0, penaltyUsdM: 0, withdrawOnDetection: true },
};
