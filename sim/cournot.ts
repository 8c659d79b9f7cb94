// The textbook Cournot market (market.competition = cournot): N identical firms, linear inverse
// demand P = A - B Q with B = b / S, marginal cost c, fixed cost F and licence fee K per period.
// It runs phases 5-7 of a period with the closed form below instead of the Bertrand-Nash market.
// Its benchmarks (free entry N_e, the social optimum, raising rivals' costs) are test oracles in
// test/oracles/cournot.ts.
import type { Regime } from "./scenario/schema.js";
import { pay } from "./ledger.js";
import { decayingAnnuity, logitBinary } from "./decisions.js";
import { licenceFeeUsdMPerPeriod } from "./regime/charges.js";
import { valuer } from "./valuation.js";
import { exitFirm } from "./period/actions.js";
import { admitEntrant, arrivalsThisPeriod, drawEntrant } from "./period/entry.js";
import { bookProfits, payRunningCosts } from "./period/settlement.js";
import { countComplianceSpend, type World } from "./state.js";

// pi(N) = (A - c)^2 / (B (N + 1)^2): profit per firm of N symmetric Cournot firms, gross of fixed cost.
export function cournotSymmetricProfit(A: number, B: number, c: number, N: number): number {
  return ((A - c) * (A - c)) / (B * (N + 1) * (N + 1));
}

/** The symmetric Cournot equilibrium of N firms (N = 0: no output, P = A). */
export interface SymmetricCournot {
  quantityPerFirm: number;
  price: number;
  /** CS = B Q^2 / 2 */
  consumerSurplus: number;
}

// q = (A - c) / (B (N + 1)), P = A - B N q, CS = B (N q)^2 / 2.
export function symmetricCournot(A: number, B: number, c: number, N: number): SymmetricCournot {
  const quantityPerFirm = N > 0 ? (A - c) / (B * (N + 1)) : 0;
  const price = N > 0 ? A - B * N * quantityPerFirm : A;
  return { quantityPerFirm, price, consumerSurplus: (B * (N * quantityPerFirm) ** 2) / 2 };
}

/** What the Cournot market of one period reports. */
export interface CournotOutcome {
  firmCount: number;
  price: number;
  quantityPerFirm: number;
  consumerSurplus: number;
}

/**
 * One period of the textbook market: the firms in the market at its start produce the symmetric
 * equilibrium and pay c q, K and their running costs; then firms exit one at a time while
 * pi(N) - F - K < 0 over the horizon; then potential entrants enter one at a time while
 * pi(N + 1) - F - K over the horizon beats the entry cost.
 */
export function cournotPeriod(world: World, regime: Regime | null): CournotOutcome {
  const { scenario, ledger } = world;
  const ppy = scenario.periodsPerYear;
  const c = scenario.market.cournot!;
  const slope = c.demandSlope / c.marketSize;
  const licenceFee = regime ? licenceFeeUsdMPerPeriod(regime, true, false, ppy) : 0;
  const profitWith = (n: number) => cournotSymmetricProfit(c.demandIntercept, slope, c.marginalCost, n);
  const alive = () => world.firms.filter((f) => f.alive);
  // market clears with the firms in the market at the start of the period
  const producers = alive();
  const n = producers.length;
  const { quantityPerFirm, price, consumerSurplus } = symmetricCournot(c.demandIntercept, slope, c.marginalCost, n);
  for (const firm of producers) {
    const revenue = price * quantityPerFirm;
    pay(ledger, "buyers", firm.id, revenue);
    pay(ledger, firm.id, "compute", c.marginalCost * quantityPerFirm);
    pay(ledger, firm.id, "government", licenceFee);
    firm.period.revenueUsdM += revenue;
    firm.period.homeRevenueUsdM += revenue;
    firm.period.usageMtok += quantityPerFirm;
    firm.period.homeUsageMtok += quantityPerFirm;
    firm.period.servingCostUsdM += c.marginalCost * quantityPerFirm;
    firm.period.complianceUsdM += licenceFee;
    countComplianceSpend(world.events, "fixed", licenceFee);
    payRunningCosts(world, firm);
    firm.lastNetOperatingUsdM = firm.period.revenueUsdM - firm.period.servingCostUsdM - firm.period.complianceUsdM;
  }
  // exits, one firm at a time, each seeing the firms left: stay iff pi(N) - F - K >= 0
  for (const firm of producers) {
    const kind = firm.kind;
    const v = valuer(world, regime, kind);
    const perPeriod = profitWith(alive().length) - kind.fixedCostPerYearUsdM / ppy - licenceFee + kind.externalFundingPerYearUsdM / ppy;
    const stayValue = decayingAnnuity(v.delta, 1, 0, v.horizonPeriods) * perPeriod;
    if (!logitBinary(stayValue, kind.decisionNoiseUsdM, firm.decisionStream)) exitFirm(world, firm);
  }
  // entry, one potential entrant at a time: enter iff pi(N + 1) - F - K >= 0 over the horizon beats the entry cost
  for (const kindId of world.kindIds) {
    const kind = scenario.kinds[kindId];
    const count = arrivalsThisPeriod(world, kindId);
    for (let a = 0; a < count; a++) {
      const entrant = drawEntrant(world, kindId);
      const v = valuer(world, regime, kind);
      const perPeriod = profitWith(alive().length + 1) - kind.fixedCostPerYearUsdM / ppy - licenceFee + kind.externalFundingPerYearUsdM / ppy;
      const value = decayingAnnuity(v.delta, 1, 0, v.horizonPeriods) * perPeriod - kind.entryCostUsdM;
      if (logitBinary(value, kind.decisionNoiseUsdM, entrant.stream)) admitEntrant(world, entrant);
    }
  }
  bookProfits(world);
  return { firmCount: n, price, quantityPerFirm, consumerSurplus };
}
