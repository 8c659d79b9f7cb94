// Phase 5 of a period, after the market clears (sim/market.ts): the clearing is recorded, and money
// changes hands: revenue, serving cost, recurring compliance with the monitoring overhead, licence
// fees, overhead and funding. Compliance is booked as fixed (fees, per-model monitoring and
// red-teaming; weight security in sim/period/actions.ts) or variable (vetting per enterprise
// customer, the monitoring serving overhead).
import type { Regime } from "../scenario/schema.js";
import { pay } from "../ledger.js";
import { isCompliantStatus, obligationsOf } from "../regime/standing.js";
import { licenceFeeUsdMPerPeriod, modelComplianceParts } from "../regime/charges.js";
import type { ClearedMarket } from "../market.js";
import { countComplianceSpend, periodOperatingProfitUsdM, periodProfitUsdM, type FirmState, type World } from "../state.js";

/** The best capability on sale joins the history agents learn progress from; a pricing failure is reported. */
export function recordClearing(world: World, market: ClearedMarket): void {
  world.bestCapabilityHistory.push(market.bestCapability);
  if (!market.result.converged) {
    world.events.pricingConverged = false;
    world.warnings.push(
      `period ${world.period}: Bertrand-Nash prices did not converge in ${market.result.iterations} iterations (max FOC residual ${market.result.maxFocResidual.toExponential(2)}, ${market.products.length} products, ${world.segmentIds.length} segments)`,
    );
  }
}

/** Revenue, serving costs, recurring compliance, fees, overhead and funding for the period. */
export function settleMarket(world: World, market: ClearedMarket, regime: Regime | null): void {
  const { scenario, ledger } = world;
  const ppy = scenario.periodsPerYear;
  const { problem, result } = market;
  const J = problem.productCount;
  const S = problem.segmentCount;
  const enterprise = world.segmentIds.map((id) => scenario.segments[id].enterprise);
  const licensedFull = new Set<number>();
  const licensedLight = new Set<number>();
  for (let j = 0; j < J; j++) {
    const firm = market.providers[j];
    const price = result.prices[j];
    let quantity = 0;
    let homeQuantity = 0;
    let enterpriseCustomers = 0;
    for (let s = 0; s < S; s++) {
      const q = problem.marketSize[s] * result.shares[s * J + j];
      quantity += q;
      if (market.homeSegment[s]) homeQuantity += q;
      if (enterprise[s]) enterpriseCustomers += market.segmentBuyers[s] * result.shares[s * J + j];
    }
    const revenue = (price * quantity) / 1e6;
    if (!firm) {
      pay(ledger, "buyers", "compute", revenue); // leaked weights: hosted at cost by anyone
      continue;
    }
    const standing = market.standings[j];
    const servingCost = (market.baseServingCostUsdPerMtok[j] * quantity) / 1e6;
    const monitoringOverhead = (market.monitoringOverheadUsdPerMtok[j] * quantity) / 1e6;
    pay(ledger, "buyers", firm.id, revenue);
    pay(ledger, firm.id, "compute", servingCost);
    firm.period.revenueUsdM += revenue;
    firm.period.homeRevenueUsdM += (price * homeQuantity) / 1e6;
    firm.period.usageMtok += quantity;
    firm.period.homeUsageMtok += homeQuantity;
    if (market.products[j].open) firm.period.openUsageMtok += quantity;
    firm.period.servingCostUsdM += servingCost;
    // only compliant models are monitored: the overhead is a compliance cost, variable like vetting
    if (regime && isCompliantStatus(standing.status)) {
      const parts = modelComplianceParts(regime, obligationsOf(regime, standing.tier), enterpriseCustomers, ppy);
      const variable = parts.variableUsdMPerPeriod + monitoringOverhead;
      pay(ledger, firm.id, "compliance", parts.fixedUsdMPerPeriod + variable);
      firm.period.complianceUsdM += parts.fixedUsdMPerPeriod + variable;
      countComplianceSpend(world.events, "fixed", parts.fixedUsdMPerPeriod);
      countComplianceSpend(world.events, "variable", variable);
      (standing.status === "licensed" ? licensedFull : licensedLight).add(firm.id);
    }
  }
  for (const firm of world.firms) {
    if (!firm.alive) continue;
    if (regime) {
      const fee = licenceFeeUsdMPerPeriod(regime, licensedFull.has(firm.id), licensedLight.has(firm.id), ppy);
      pay(ledger, firm.id, "government", fee);
      firm.period.complianceUsdM += fee;
      countComplianceSpend(world.events, "fixed", fee);
    }
    payRunningCosts(world, firm);
    firm.lastNetOperatingUsdM = firm.period.revenueUsdM - firm.period.servingCostUsdM - firm.period.complianceUsdM - firm.period.penaltiesUsdM;
    firm.lastOpenUsageMtok = firm.period.openUsageMtok;
  }
}

/** overhead = fixed cost per year / periodsPerYear to suppliers; funding = external funding per year / periodsPerYear from investors */
export function payRunningCosts(world: World, firm: FirmState): void {
  const ppy = world.scenario.periodsPerYear;
  const overhead = firm.kind.fixedCostPerYearUsdM / ppy;
  pay(world.ledger, firm.id, "suppliers", overhead);
  firm.period.fixedCostUsdM += overhead;
  const funding = firm.kind.externalFundingPerYearUsdM / ppy;
  pay(world.ledger, "investors", firm.id, funding);
  firm.period.fundingUsdM += funding;
}

/** cumulative cash flow, operating profit and investment += this period's, for every firm that traded (in the market, or left at its end) */
export function bookProfits(world: World): void {
  for (const firm of world.firms) {
    if (!firm.alive && firm.exitedPeriod !== world.period) continue;
    firm.cumulativeProfitUsdM += periodProfitUsdM(firm.period);
    firm.cumulativeOperatingProfitUsdM += periodOperatingProfitUsdM(firm.period);
    firm.cumulativeInvestmentUsdM += firm.period.investmentUsdM;
  }
}
