// What a firm expects to pay under a regime (the valuation it decides on, sim/valuation.ts) and what
// the period's phases make it pay (sim/period/) agree, instrument by instrument. The firm is a
// monopolist at t = 0 whose outlook is exact (no rivals, frontier at its own capability), so its
// forecast of its market is the market: every expected charge must be the charge paid.
import { describe, expect, it } from "vitest";
import type { Regime } from "../../sim/scenario/schema.js";
import { createWorld } from "../../sim/world.js";
import { modelTerms, valuer } from "../../sim/valuation.js";
import { clearMarket } from "../../sim/market.js";
import { settleMarket } from "../../sim/period/settlement.js";
import { complyWithTier } from "../../sim/period/actions.js";
import { enforceLicensing } from "../../sim/period/leaks-and-enforcement.js";
import { releaseFinishedRuns } from "../../sim/period/release.js";
import { detectionProbabilityPerPeriod } from "../../sim/regime/charges.js";
import type { World } from "../../sim/state.js";
import { NO_COST_REGIME, tinyScenario } from "../tiny-market.js";

function monopolist(regime: Record<string, unknown>, options: { complied: boolean; enterprise?: boolean }): { world: World; regime: Regime } {
  const world = createWorld(tinyScenario({ regime: { ...NO_COST_REGIME, ...regime }, segment: { enterprise: options.enterprise ?? false } }), 1);
  const model = world.firms[0].models[0];
  model.complied = options.complied;
  model.complianceDecided = true;
  return { world, regime: world.scenario.regime! };
}

/** The valuation's terms for the firm's model on sale, as it stands (no delay). */
function expected(world: World, regime: Regime, firm: { weightSecurityPaid: boolean; licensed: boolean }) {
  const f = world.firms[0];
  const m = f.models[0];
  return modelTerms(valuer(world, regime, f.kind), f.kind, firm.weightSecurityPaid, firm.licensed, { ...m, comply: m.complied }, f.jurisdiction, 0).terms;
}

/** The period's market and settlement, as the engine runs them. */
function paid(world: World, regime: Regime) {
  const market = clearMarket(world, regime, 0);
  settleMarket(world, market, regime);
  const firm = world.firms[0];
  return { market, firm, flows: world.ledger.flowsThisPeriod };
}

describe("a firm's expected and paid charges agree, instrument by instrument", () => {
  it("licence fee: 2 a year is 0.5 a quarter, expected by a firm without a licence and paid to the government", () => {
    const { world, regime } = monopolist({ licenceFeePerYearUsdM: 2 }, { complied: true });
    const terms = expected(world, regime, { weightSecurityPaid: false, licensed: false });
    const { flows } = paid(world, regime);
    expect(terms.recurringCostPerPeriodUsdM).toBeCloseTo(0.5, 12);
    expect(flows.government.received).toBeCloseTo(terms.recurringCostPerPeriodUsdM, 12);
    // a firm that already holds a licence expects no second fee
    expect(expected(world, regime, { weightSecurityPaid: false, licensed: true }).recurringCostPerPeriodUsdM).toBe(0);
  });

  it("per-model compliance: monitoring 4 + red-teaming 2 a year is 1.5 a quarter, paid to the compliance industry", () => {
    const costs = { ...NO_COST_REGIME.complianceCosts, inferenceMonitoringPerDeploymentPerYearUsdM: 4, redTeamingPerYearUsdM: 2 };
    const { world, regime } = monopolist({ complianceCosts: costs }, { complied: true });
    const terms = expected(world, regime, { weightSecurityPaid: false, licensed: true });
    const { flows } = paid(world, regime);
    expect(terms.recurringCostPerPeriodUsdM).toBeCloseTo(1.5, 12);
    expect(flows.compliance.received).toBeCloseTo(terms.recurringCostPerPeriodUsdM, 12);
  });

  it("vetting: the expected customers are the customers served, so the expected bill is the bill", () => {
    const costs = { ...NO_COST_REGIME.complianceCosts, endUserVettingPerEnterpriseCustomerPerYearUsdM: 0.04 };
    const { world, regime } = monopolist({ complianceCosts: costs }, { complied: true, enterprise: true });
    const terms = expected(world, regime, { weightSecurityPaid: false, licensed: true });
    const { market, flows } = paid(world, regime);
    const customers = market.segmentBuyers[0] * market.result.shares[0];
    expect(customers).toBeGreaterThan(50); // a real bill: 0.04 / 4 x customers
    expect(flows.compliance.received).toBeCloseTo((0.04 / 4) * customers, 12);
    expect(terms.recurringCostPerPeriodUsdM / flows.compliance.received).toBeCloseTo(1, 6);
  });

  it("monitoring overhead: priced into the expected marginal cost (3 x 1.25 = 3.75) and paid as compliance on every token", () => {
    const costs = { ...NO_COST_REGIME.complianceCosts, monitoringServingCostOverhead: 0.25 };
    const { world, regime } = monopolist({ complianceCosts: costs }, { complied: true });
    const terms = expected(world, regime, { weightSecurityPaid: false, licensed: true });
    const { market, firm, flows } = paid(world, regime);
    const quantity = market.problem.marketSize[0] * market.result.shares[0];
    expect(market.problem.marginalCost[0]).toBe(3.75);
    expect(market.baseServingCostUsdPerMtok[0]).toBe(3);
    expect(flows.compliance.received).toBeCloseTo((0.75 * quantity) / 1e6, 12);
    expect(firm.period.servingCostUsdM).toBeCloseTo((3 * quantity) / 1e6, 12);
    // the operating profit the firm expected, (p - 3.75) q, is what it kept after serving and overhead
    expect(terms.recurringCostPerPeriodUsdM).toBe(0);
    expect(firm.lastNetOperatingUsdM / terms.profitPerPeriodUsdM).toBeCloseTo(1, 6);
  });

  it("weight security: 12.5 expected upfront on complying, paid once by complying, not expected or paid again", () => {
    const costs = { ...NO_COST_REGIME.complianceCosts, weightSecurityOneOffUsdM: 12.5 };
    const { world, regime } = monopolist({ complianceCosts: costs }, { complied: true });
    const firm = world.firms[0];
    expect(expected(world, regime, { weightSecurityPaid: false, licensed: false }).upfrontUsdM).toBe(12.5);
    complyWithTier(world, firm, regime, firm.models[0]);
    expect(world.ledger.flowsThisPeriod.compliance.received).toBe(12.5);
    expect(firm.weightSecurityPaid).toBe(true);
    expect(expected(world, regime, { weightSecurityPaid: firm.weightSecurityPaid, licensed: true }).upfrontUsdM).toBe(0);
    complyWithTier(world, firm, regime, firm.models[0]);
    expect(world.ledger.flowsThisPeriod.compliance.received).toBe(12.5);
  });

  it("penalties: a gray firm expects detection x penalty = 0.2 x 50 = 10 a quarter; enforcement fines it 50 exactly when its draw falls below that detection probability", () => {
    const enforcement = { detectionProbabilityPerQuarter: 0.2, penaltyUsdM: 50, withdrawOnDetection: true };
    const { world, regime } = monopolist({ enforcement }, { complied: false });
    const terms = expected(world, regime, { weightSecurityPaid: false, licensed: false });
    const detection = detectionProbabilityPerPeriod(regime, 4);
    expect(terms.recurringCostPerPeriodUsdM).toBeCloseTo(10, 10);
    expect(terms.withdrawalProbabilityPerPeriod).toBe(detection);
    const fineWithDraw = (draw: number): number => {
      const { world: w, regime: r } = monopolist({ enforcement }, { complied: false });
      w.firms[0].enforcementStream = () => draw;
      enforceLicensing(w, r);
      return w.firms[0].period.penaltiesUsdM;
    };
    expect(fineWithDraw(detection * (1 - 1e-9))).toBe(50);
    expect(fineWithDraw(detection * (1 + 1e-9))).toBe(0);
    // so the expected fine per period is P(draw < detection) x 50, the valuation's 10
    expect(detection * 50).toBe(terms.recurringCostPerPeriodUsdM);
  });

  it("audit: a complying full-tier run is expected 2 quarters late and blocked with 0.1; the release phase holds it 2 periods and blocks it below a 0.1 draw", () => {
    const audit = { auditDelayQuarters: 2, blockProbability: 0.1, openWeightsAllowed: false };
    const { world, regime } = monopolist({ preReleaseApproval: audit }, { complied: true });
    const f = world.firms[0];
    const trainingPeriods = 2;
    const terms = modelTerms(valuer(world, regime, f.kind), f.kind, false, false, { trainingFlop: 2e26, capability: 26.3, open: false, releasedUnderRegime: true, comply: true }, "home", trainingPeriods).terms;
    expect(terms.delayPeriods - trainingPeriods).toBe(2);
    expect(terms.blockProbability).toBe(0.1);
    const release = (draw: number): { releasedAt: number; delays: number[]; blocked: number } => {
      const { world: w, regime: r } = monopolist({ preReleaseApproval: audit }, { complied: true });
      const firm = w.firms[0];
      firm.decisionStream = () => draw;
      firm.training = { trainingFlop: 2e26, open: false, comply: true, startPeriod: 0, readyPeriod: 2, auditEndPeriod: -1 };
      let releasedAt = -1;
      let blocked = 0;
      const delays: number[] = [];
      for (let t = 0; t <= 6; t++) {
        w.period = t;
        w.events.releaseDelays = [];
        w.events.blockedReleases = 0;
        releaseFinishedRuns(w, r);
        if (w.events.releaseDelays.length > 0) {
          releasedAt = t;
          delays.push(...w.events.releaseDelays);
        }
        blocked += w.events.blockedReleases;
      }
      return { releasedAt, delays, blocked };
    };
    expect(release(0.5)).toEqual({ releasedAt: 2 + terms.delayPeriods - trainingPeriods, delays: [2], blocked: 0 });
    expect(release(0.1 * (1 - 1e-9))).toEqual({ releasedAt: -1, delays: [], blocked: 1 });
  });

  it("all instruments at once: the expected net operating profit is the one realised", () => {
    const costs = { weightSecurityOneOffUsdM: 12.5, inferenceMonitoringPerDeploymentPerYearUsdM: 4, monitoringServingCostOverhead: 0.2, redTeamingPerYearUsdM: 2, endUserVettingPerEnterpriseCustomerPerYearUsdM: 0.04, scale: 1.5 };
    const { world, regime } = monopolist({ licenceFeePerYearUsdM: 2, complianceCosts: costs }, { complied: true, enterprise: true });
    const terms = expected(world, regime, { weightSecurityPaid: true, licensed: false });
    const { firm } = paid(world, regime);
    expect(firm.period.complianceUsdM).toBeGreaterThan(1);
    expect(firm.lastNetOperatingUsdM / (terms.profitPerPeriodUsdM - terms.recurringCostPerPeriodUsdM)).toBeCloseTo(1, 6);
  });
});
