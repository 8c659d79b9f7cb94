// The dynamic market: textbook free entry (exact), the square-root law, money accounting,
// determinism, and directions of effect over many seeds.
import { describe, expect, it } from "vitest";
import { loadScenario } from "../sim/scenario/load.js";
import type { Scenario } from "../sim/scenario/schema.js";
import { simulate } from "../sim/simulate.js";
import { stepPeriod } from "../sim/engine.js";
import { createWorld } from "../sim/world.js";
import { observePeriod } from "../sim/observe.js";
import { freeEntryFirmCount } from "./oracles/cournot.js";
import { balanceScale, totalBalance } from "../sim/ledger.js";
import { deriveSeeds } from "../sim/experiment/seeds.js";
import type { MetricRow } from "../sim/output.js";

const TEXTBOOK = "scenarios/textbook/cournot-free-entry.yaml";
const TEXTBOOK_LICENCE = "scenarios/textbook/cournot-free-entry-licence.yaml";

async function scenario(ref: string, overrides?: Record<string, unknown>): Promise<Scenario> {
  return (await loadScenario(ref, { overrides })).scenario;
}

function series(metrics: MetricRow[], metric: string): number[] {
  return metrics.filter((m) => m.metric === metric).map((m) => m.value);
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const mean = (xs: number[]) => sum(xs) / xs.length;

describe("free entry under Cournot (ECONOMICS.md 4)", () => {
  it("entry settles exactly at N_e = floor((A - c)/sqrt(B F) - 1) and stays there", async () => {
    const s = await scenario(TEXTBOOK);
    const c = s.market.cournot!;
    const F = s.kinds.firm.fixedCostPerYearUsdM / s.periodsPerYear;
    const expected = freeEntryFirmCount(c.demandIntercept, c.demandSlope / c.marketSize, c.marginalCost, F);
    expect(expected).toBe(27);
    const providers = series(simulate(s, 1).metrics, "providers");
    expect(providers.at(-1)).toBe(expected);
    expect(providers.slice(-20).every((n) => n === expected)).toBe(true);
    expect(Math.max(...providers)).toBe(expected); // never overshoots
  });

  it("a licence fee K lowers N_e exactly as the formula says", async () => {
    const s = await scenario(TEXTBOOK_LICENCE);
    const c = s.market.cournot!;
    const F = s.kinds.firm.fixedCostPerYearUsdM / s.periodsPerYear;
    const K = s.regime!.licenceFeePerYearUsdM / s.periodsPerYear;
    const expected = freeEntryFirmCount(c.demandIntercept, c.demandSlope, c.marginalCost, F + K);
    expect(expected).toBe(22);
    const providers = series(simulate(s, 1).metrics, "providers");
    expect(providers.at(-1)).toBe(expected);
    expect(providers.slice(-20).every((n) => n === expected)).toBe(true);
  });

  it("a market that starts crowded shrinks to N_e by exit", async () => {
    const firms = Array.from({ length: 40 }, (_, i) => ({ name: `f${i}`, kind: "firm", cashUsdM: 1000 }));
    const s = await scenario(TEXTBOOK, { firms, "kinds.firm.arrivalsPerYear": 0 });
    const providers = series(simulate(s, 1).metrics, "providers");
    expect(providers.at(-1)).toBe(27);
  });

  it("the number of firms grows like the square root of market size (Bresnahan-Reiss, Sutton)", async () => {
    const sizes = [1, 4, 16, 64];
    const counts: number[] = [];
    for (const marketSize of sizes) {
      const s = await scenario(TEXTBOOK, { "market.cournot.marketSize": marketSize, periods: 400, "kinds.firm.arrivalsPerYear": 8 });
      const n = series(simulate(s, 1).metrics, "providers").at(-1)!;
      expect(n).toBe(freeEntryFirmCount(100, 1 / marketSize, 10, 10));
      counts.push(n);
    }
    // (N_e + 1) / sqrt(S) tends to (A - c) / sqrt(b F) = 90 / sqrt(10); floor() costs at most 1 firm
    for (let i = 0; i < sizes.length; i++) {
      const ratio = (counts[i] + 1) / Math.sqrt(sizes[i]);
      expect(ratio).toBeLessThanOrEqual(90 / Math.sqrt(10) + 1e-9);
      expect(ratio).toBeGreaterThan(90 / Math.sqrt(10) - 1 / Math.sqrt(sizes[i]) - 1e-9);
    }
    // concentration (HHI = 10000 / N) falls toward zero as the market grows (exogenous sunk costs)
    const hhi = counts.map((n) => 10000 / n);
    for (let i = 1; i < hhi.length; i++) expect(hhi[i]).toBeLessThan(hhi[i - 1]);
  });
});

describe("accounting: no money created or lost", () => {
  for (const ref of ["licensing-era", "open-weight-ban", TEXTBOOK_LICENCE]) {
    it(`balances sum to zero and flows reconcile every period (${ref})`, async () => {
      const s = await scenario(ref, { periods: 24 });
      const world = createWorld(s, 7);
      let previousCash: number[] = [];
      for (let t = 0; t < s.periods; t++) {
        world.period = t;
        const outcome = stepPeriod(world);
        const metrics = observePeriod(world, outcome);
        const value = (m: string) => metrics.find((r) => r.metric === m)!.value;
        // the sum of all balances is zero (firms' starting cash came from investors)
        expect(Math.abs(totalBalance(world.ledger))).toBeLessThan(1e-9 * Math.max(1, balanceScale(world.ledger)));
        // buyers' spending equals providers' revenue (plus leaked weights hosted at cost)
        const leakedHosting = world.ledger.flowsThisPeriod.buyers.paid - value("revenue");
        expect(leakedHosting).toBeGreaterThanOrEqual(-1e-6);
        if (world.leakedCopies.length === 0) expect(Math.abs(leakedHosting)).toBeLessThan(1e-6);
        // compliance spend = compliance industry receipts + licence fees; government = fees + penalties
        const penalties = sum(world.firms.map((f) => (f.alive || f.exitedPeriod === t ? f.period.penaltiesUsdM : 0)));
        const fees = value("compliance_spend") - world.ledger.flowsThisPeriod.compliance.received;
        expect(fees).toBeGreaterThanOrEqual(-1e-6);
        expect(world.ledger.flowsThisPeriod.government.received).toBeCloseTo(fees + penalties, 6);
        // each surviving firm's cash moves by exactly its profit plus its funding
        for (const f of world.firms) {
          if (f.alive && previousCash[f.id] !== undefined && f.enteredPeriod < t) {
            const change = world.ledger.firmCash[f.id] - previousCash[f.id];
            const profit = f.period.revenueUsdM - f.period.servingCostUsdM - f.period.complianceUsdM - f.period.penaltiesUsdM - f.period.fixedCostUsdM - f.period.investmentUsdM;
            expect(change).toBeCloseTo(profit + f.period.fundingUsdM, 6);
          }
        }
        previousCash = world.firms.map((f) => (f.alive ? world.ledger.firmCash[f.id] : Number.NaN));
      }
    });
  }
});

describe("determinism and streams", () => {
  it("the same scenario and seed give identical results; another seed differs", async () => {
    const s = await scenario("licensing-era", { periods: 16 });
    const a = simulate(s, 3);
    const b = simulate(s, 3);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    const c = simulate(s, 4);
    expect(JSON.stringify(c.metrics)).not.toBe(JSON.stringify(a.metrics));
  });

  it("the counterfactual run equals a run of the same seed with regime: null", async () => {
    const s = await scenario("licensing-era", { periods: 12 });
    const withCf = simulate(s, 5, { counterfactual: true });
    const plain = simulate({ ...s, regime: null }, 5);
    expect(withCf.counterfactualMetrics).toEqual(plain.metrics);
    expect(withCf.incumbentProfits!.length).toBe(s.firms.length);
  });
});

describe("the licensing era is a living market", () => {
  it("shows entry, exit, relocation and gray activity", async () => {
    const s = await scenario("licensing-era");
    const totals = { entries: 0, exits: 0, relocations: 0, gray: 0, licensed: 0 };
    for (const seed of [1, 2, 3]) {
      const m = simulate(s, seed).metrics;
      totals.entries += sum(series(m, "entries"));
      totals.exits += sum(series(m, "exits"));
      totals.relocations += sum(series(m, "relocations"));
      totals.gray += sum(series(m, "gray_share"));
      totals.licensed += sum(series(m, "providers_licensed"));
    }
    expect(totals.entries).toBeGreaterThan(0);
    expect(totals.exits).toBeGreaterThan(0);
    expect(totals.relocations).toBeGreaterThan(0);
    expect(totals.gray).toBeGreaterThan(0);
    expect(totals.licensed).toBeGreaterThan(0);
  });
});

describe("financing constraint: a fixed cost forces the cash-poor out", () => {
  it("a large licence fee drives a small startup out while a cash-rich incumbent pays it and gains", async () => {
    const firms = [
      { name: "Lab", kind: "frontier-lab", cashUsdM: 20000, models: [{ name: "L", trainingFlop: 5e26 }] },
      { name: "Small", kind: "startup", cashUsdM: 100, models: [{ name: "S", trainingFlop: 2e25 }] },
    ];
    const closed: Record<string, unknown> = { firms, periods: 12, "regime.thresholdFlop": 0, "regime.preReleaseApproval": null };
    for (const kind of ["frontier-lab", "startup", "open-source", "foreign"]) closed[`kinds.${kind}.arrivalsPerYear`] = 0;
    for (const kind of ["frontier-lab", "startup"]) closed[`kinds.${kind}.relocationTargets`] = [];
    // no escape: evasion is always caught and fined
    Object.assign(closed, { "regime.enforcement.detectionProbabilityPerQuarter": 1, "regime.enforcement.penaltyUsdM": 1000 });
    const outcome = async (fee: number) => {
      const r = simulate(await scenario("licensing-era", { ...closed, "regime.licenceFeePerYearUsdM": fee }), 1);
      const last = (name: string) => r.firms.filter((f) => f.name === name).at(-1)!;
      const lab = r.firms.filter((f) => f.name === "Lab");
      return { small: last("Small").status, lab: last("Lab").status, labProfit: sum(lab.map((f) => f.profitUsdM)) };
    };
    const without = await outcome(0);
    // USD 600M a year: more than the startup expects to earn over its horizon (it stays at 400), far
    // less than the lab earns once its rival has gone
    const withFee = await outcome(600);
    expect(without.small).toBe("active");
    expect(withFee.small).toBe("exited");
    expect(withFee.lab).toBe("active");
    expect(withFee.labProfit).toBeGreaterThan(without.labProfit); // raising rivals' costs pays here
  });
});

describe("directions of effect over many seeds", () => {
  const seeds = deriveSeeds(2026, 16);

  async function meanOver(ref: string, overrides: Record<string, unknown>, metric: string, reduce: (xs: number[]) => number): Promise<number> {
    const s = await scenario(ref, { periods: 20, ...overrides });
    return mean(seeds.map((seed) => reduce(series(simulate(s, seed, { recordFirms: false }).metrics, metric))));
  }

  it("a higher compliance cost never raises startup entry on average", async () => {
    const low = await meanOver("licensing-era", { "regime.complianceCosts.scale": 0.25 }, "entries.startup", sum);
    const high = await meanOver("licensing-era", { "regime.complianceCosts.scale": 8 }, "entries.startup", sum);
    expect(high).toBeLessThanOrEqual(low);
  });

  it("an open-weight ban with weak enforcement raises the gray-market share", async () => {
    const base = await meanOver("baseline", {}, "gray_share", mean);
    const ban = await meanOver("open-weight-ban", {}, "gray_share", mean);
    expect(ban).toBeGreaterThan(base);
  });

  it("a higher FLOP line lowers the number of licensed firms (as a share of providers)", async () => {
    const values = [];
    for (const line of [1e25, 1e26, 1e27]) {
      const s = await scenario("compute-threshold", { periods: 20, "regime.thresholdFlop": line });
      const shares = seeds.map((seed) => {
        const m = simulate(s, seed, { recordFirms: false }).metrics;
        const licensed = series(m, "providers_licensed");
        const providers = series(m, "providers");
        return mean(licensed.map((l, t) => (providers[t] > 0 ? l / providers[t] : 0)));
      });
      values.push(mean(shares));
    }
    expect(values[1]).toBeLessThan(values[0]);
    expect(values[2]).toBeLessThan(values[1]);
  });
});
