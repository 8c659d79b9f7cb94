// The valuation firms decide on (sim/valuation.ts), on the tiny market of test/tiny-market.ts, with
// the arithmetic worked by hand in the comments.
import { describe, expect, it } from "vitest";
import { createWorld } from "../sim/world.js";
import { allTrainingOptions, candidateRunSizes, entryValueUsdM, modelTerms, runningValueUsdM, stayValueUsdM, trainingOptions, valuer } from "../sim/valuation.js";
import { NO_COST_REGIME, tinyScenario } from "./tiny-market.js";

const LOG2 = Math.log10(2);
// delta = (1 + r)^(-1/4) = 1.1^(-0.25) = 0.976454 per quarter
const DELTA = Math.pow(1.1, -0.25);

/** p solving the monopolist's FOC (p - c) alpha (1 - s(p)) = 1, s(p) = e^(v - alpha p) / (1 + e^(v - alpha p)), by bisection */
function monopolyPrice(cost: number, alpha: number, v: number): number {
  const share = (p: number) => 1 / (1 + Math.exp(alpha * p - v));
  let low = cost;
  let high = cost + 100 / alpha;
  for (let i = 0; i < 200; i++) {
    const mid = (low + high) / 2;
    if ((mid - cost) * alpha * (1 - share(mid)) < 1) low = mid;
    else high = mid;
  }
  return (low + high) / 2;
}

describe("the valuation context", () => {
  it("discounts at 1.1^(-1/4) a quarter over 8 quarters; earnings fade at rho = exp(-beta g) = exp(-(1 + log10 2) / 4) = 0.7223", () => {
    const world = createWorld(tinyScenario(), 1);
    const v = valuer(world, null, world.scenario.kinds.lab);
    expect(v.delta).toBeCloseTo(DELTA, 14);
    expect(v.horizonPeriods).toBe(8);
    // frontier growth: log10(10) + log10(2) x 12 / 12 = 1.30103 a year = 0.3252575 a quarter (no history yet: the trend)
    expect(v.frontierGrowthPerPeriod).toBeCloseTo((1 + LOG2) / 4, 14);
    expect(v.obsolescence).toBeCloseTo(Math.exp(-(1 + LOG2) / 4), 14);
    // nothing on sale yet: the best capability is the frontier run's, log10(1e26) = 26
    expect(v.bestCapability).toBe(26);
  });

  it("running value: -40 a year of overhead is -10 a quarter over 8 quarters, -10 (1 - delta^8) / (1 - delta) = -73.71", () => {
    const world = createWorld(tinyScenario({ kind: { fixedCostPerYearUsdM: 40 } }), 1);
    const kind = world.scenario.kinds.lab;
    const v = valuer(world, null, kind);
    const annuity = (1 - DELTA ** 8) / (1 - DELTA);
    expect(runningValueUsdM(v, kind)).toBeCloseTo(-10 * annuity, 10);
    expect(runningValueUsdM(v, kind)).toBeCloseTo(-73.71, 2);
    // staying with 5 a quarter of fading profit and a best new model worth 3 now: 5 (1 - (delta rho)^8) / (1 - delta rho) - 73.71 + 3
    const fading = (1 - (DELTA * v.obsolescence) ** 8) / (1 - DELTA * v.obsolescence);
    const stay = (terms: Partial<Parameters<typeof stayValueUsdM>[2]>) =>
      stayValueUsdM(v, kind, { lastNetOperatingUsdM: 0, openUseValueUsdM: 0, periodsUntilTraining: 0, bestTrainingValueUsdM: 0, ...terms });
    expect(stay({ lastNetOperatingUsdM: 5, bestTrainingValueUsdM: 3 })).toBeCloseTo(5 * fading - 10 * annuity + 3, 10);
    // its open models' use, worth 2 a quarter, fades with them: (5 + 2) x fading
    expect(stay({ lastNetOperatingUsdM: 5, openUseValueUsdM: 2, bestTrainingValueUsdM: 3 })).toBeCloseTo(7 * fading - 10 * annuity + 3, 10);
    // waiting 2 quarters to train again: the run is worth delta^2 x 3 = 0.976454^2 x 3 = 2.8604 now, not 0
    expect(stay({ periodsUntilTraining: 2, bestTrainingValueUsdM: 3 })).toBeCloseTo(DELTA ** 2 * 3 - 10 * annuity, 10);
    expect(DELTA ** 2 * 3).toBeCloseTo(2.8604, 4);
    // a training run that loses money is not started: it counts as 0
    expect(stay({ bestTrainingValueUsdM: -50 })).toBeCloseTo(-10 * annuity, 10);
    // entering with a first model worth 20 at an entry cost of 7: 20 - 7 - 73.71
    const entrant = createWorld(tinyScenario({ kind: { fixedCostPerYearUsdM: 40, entryCostUsdM: 7 } }), 1);
    const ve = valuer(entrant, null, entrant.scenario.kinds.lab);
    expect(entryValueUsdM(ve, entrant.scenario.kinds.lab, 20)).toBeCloseTo(13 - 10 * annuity, 10);
  });
});

describe("the terms of selling one model", () => {
  const model = { trainingFlop: 1e26, capability: 26, open: false, releasedUnderRegime: true, comply: false };

  it("a closed monopolist prices where (p - c) alpha (1 - s) = 1: c = 2 x 1.5 = 3, v = 26 - 26 = 0, so p = 5.15 and profit (p - c) M s", () => {
    const world = createWorld(tinyScenario(), 1);
    const kind = world.scenario.kinds.lab;
    const { terms, status } = modelTerms(valuer(world, null, kind), kind, false, false, model, "home", 0);
    const price = monopolyPrice(3, 0.5, 0);
    const share = 1 / (1 + Math.exp(0.5 * price));
    expect(price).toBeCloseTo(5.15, 2);
    expect(status).toBe("exempt");
    expect(terms.profitPerPeriodUsdM).toBeCloseTo(((price - 3) * 10000 * share) / 1e6, 12);
    expect(terms).toMatchObject({ upfrontUsdM: 0, recurringCostPerPeriodUsdM: 0, delayPeriods: 0, blockProbability: 0, withdrawalProbabilityPerPeriod: 0 });
  });

  it("open weights are priced at cost and earn the kind's use value: v = 25 - 26 = -1, s = e^-2.5 / (1 + e^-2.5) = 0.07586, 1000 USD/Mtok x 758.6 Mtok = 0.7586", () => {
    const world = createWorld(tinyScenario({ kind: { openUsageValueUsdPerMtok: 1000 } }), 1);
    const kind = world.scenario.kinds.lab;
    const { terms } = modelTerms(valuer(world, null, kind), kind, false, false, { ...model, trainingFlop: 1e25, capability: 25, open: true }, "home", 0);
    const share = Math.exp(-2.5) / (1 + Math.exp(-2.5));
    expect(terms.profitPerPeriodUsdM).toBeCloseTo((1000 * 10000 * share) / 1e6, 12);
    expect(terms.profitPerPeriodUsdM).toBeCloseTo(0.7586, 4);
  });

  it("a gray model expects the fine 0.2 x 50 = 10 and the stigma 8 / 4 = 2 a quarter, and withdrawal at 0.2 a quarter", () => {
    const regime = { ...NO_COST_REGIME, enforcement: { detectionProbabilityPerQuarter: 0.2, penaltyUsdM: 50, withdrawOnDetection: true } };
    const world = createWorld(tinyScenario({ regime, kind: { unlicensedStigmaUsdMPerYear: 8 } }), 1);
    const kind = world.scenario.kinds.lab;
    const { terms, status } = modelTerms(valuer(world, world.scenario.regime, kind), kind, false, false, model, "home", 0);
    expect(status).toBe("gray");
    expect(terms.recurringCostPerPeriodUsdM).toBeCloseTo(12, 10);
    expect(terms.withdrawalProbabilityPerPeriod).toBeCloseTo(0.2, 12);
    // buyers who accept gray models see it 0.5 worse: v = -0.5, so it earns less than the lawful monopolist
    const price = monopolyPrice(3, 0.5, -0.5);
    const share = 1 / (1 + Math.exp(0.5 * price + 0.5));
    expect(terms.profitPerPeriodUsdM).toBeCloseTo(((price - 3) * 10000 * share) / 1e6, 12);
  });

  it("buyers who require a licence do not buy a gray model: it earns nothing", () => {
    const world = createWorld(tinyScenario({ regime: NO_COST_REGIME, segment: { requiresLicensed: true } }), 1);
    const kind = world.scenario.kinds.lab;
    const { terms } = modelTerms(valuer(world, world.scenario.regime, kind), kind, false, false, model, "home", 0);
    expect(terms.profitPerPeriodUsdM).toBe(0);
  });
});

describe("training options", () => {
  it("run sizes: the menu [1, 0.1] x the FLOP matching the frontier at release (10^(26 + 2 x 0.3253) = 4.47e26), capped at 1e26, plus just under the 1e26 line", () => {
    const world = createWorld(tinyScenario({ regime: NO_COST_REGIME }), 1);
    const kind = world.scenario.kinds.lab;
    // 10^(26.5 + log10(2) / 2) = sqrt(20) x 1e26 = 4.472e26: x1 is capped at the frontier run 1e26; x0.1 = 4.472e25
    expect(candidateRunSizes(world, kind, null, 0, 2).map((f) => f / 1e25)).toEqual([10, expect.closeTo(Math.sqrt(20), 10)]);
    // the line 1e26 x (1 - 0.05) = 9.5e25 lies within [4.47e25, 1e26]
    expect(candidateRunSizes(world, kind, world.scenario.regime, 0, 2).map((f) => f / 1e25)).toEqual([10, 9.5, expect.closeTo(Math.sqrt(20), 10)]);
  });

  it("the financing constraint: with 50 of cash and no credit only the 4.47e25 run (44.7 at 1e-18 USD per FLOP) is affordable", () => {
    const world = createWorld(tinyScenario(), 1);
    const kind = world.scenario.kinds.lab;
    const options = trainingOptions(valuer(world, null, kind), kind, { jurisdiction: "home", weightSecurityPaid: false, licensed: false, cashUsdM: 50 });
    expect(options.map((o) => [o.open, o.upfrontUsdM])).toEqual([
      [false, expect.closeTo(10 * Math.sqrt(20), 10)],
      [true, expect.closeTo(10 * Math.sqrt(20), 10)],
    ]);
  });

  it("under a regime a run at the line may comply or evade, closed or open; complying adds the one-off weight security to the training cost 100", () => {
    const regime = { ...NO_COST_REGIME, complianceCosts: { ...NO_COST_REGIME.complianceCosts, weightSecurityOneOffUsdM: 12.5 } };
    const world = createWorld(tinyScenario({ regime }), 1);
    const kind = world.scenario.kinds.lab;
    const options = trainingOptions(valuer(world, world.scenario.regime, kind), kind, { jurisdiction: "home", weightSecurityPaid: false, licensed: false, cashUsdM: 1000 });
    const atLine = options.filter((o) => o.trainingFlop === 1e26).map((o) => [o.open, o.comply, o.upfrontUsdM]);
    expect(atLine).toEqual([
      [false, true, expect.closeTo(112.5, 10)],
      [false, false, expect.closeTo(100, 10)],
      [true, true, expect.closeTo(112.5, 10)],
      [true, false, expect.closeTo(100, 10)],
    ]);
    // below the line (9.5e25 and 4.47e25): exempt, one option each for closed and open
    expect(options.filter((o) => o.trainingFlop < 1e26).every((o) => !o.comply)).toBe(true);
    expect(options.length).toBe(8);
  });
});

describe("the training options shared by firms in the same situation (memoized per period)", () => {
  const regime = { ...NO_COST_REGIME, complianceCosts: { ...NO_COST_REGIME.complianceCosts, weightSecurityOneOffUsdM: 12.5 } };
  const fresh = (world: ReturnType<typeof createWorld>, cashUsdM: number) => {
    const kind = world.scenario.kinds.lab;
    const all = allTrainingOptions(valuer(world, world.scenario.regime, kind), kind, { jurisdiction: "home", weightSecurityPaid: false, licensed: false });
    return all.filter((o) => o.upfrontUsdM <= cashUsdM + kind.creditLimitUsdM);
  };

  it("each firm keeps exactly the options it can finance, whatever the order firms ask in, and cannot alter another's", () => {
    const world = createWorld(tinyScenario({ regime }), 1);
    const kind = world.scenario.kinds.lab;
    const ask = (cashUsdM: number) => trainingOptions(valuer(world, world.scenario.regime, kind), kind, { jurisdiction: "home", weightSecurityPaid: false, licensed: false, cashUsdM });
    const counts = [1000, 50, 0, 105, 1000].map((cash) => {
      const options = ask(cash);
      expect(options).toEqual(fresh(world, cash));
      options.forEach((o) => (o.value = Number.NaN)); // a caller's copy: the next firm is unaffected
      return options.length;
    });
    // the bounds bind: 8 options with 1000, 2 with 50 (the 4.47e25 runs), none with 0; 105 leaves out the complying runs at the line (112.5)
    expect(counts).toEqual([8, 2, 0, 6, 8]);
  });

  it("a new period or a new outlook is valued afresh, never from the previous one", () => {
    const world = createWorld(tinyScenario({ regime }), 1);
    const kind = world.scenario.kinds.lab;
    const ask = () => trainingOptions(valuer(world, world.scenario.regime, kind), kind, { jurisdiction: "home", weightSecurityPaid: false, licensed: false, cashUsdM: 1000 });
    const before = ask();
    // rivals ten times as attractive: no option is worth more, those that sell to anyone are worth less
    world.outlook = world.outlook.map((o) => ({ ...o, rivalsExpUtility: 10 * o.rivalsExpUtility + 10 }));
    const afterOutlook = ask();
    expect(afterOutlook).toEqual(fresh(world, 1000));
    afterOutlook.forEach((o, i) => expect(o.value).toBeLessThanOrEqual(before[i].value));
    expect(afterOutlook.filter((o, i) => o.value < before[i].value).length).toBeGreaterThan(0);
    world.period += 1;
    expect(ask()).toEqual(fresh(world, 1000));
    expect(ask().map((o) => o.value)).not.toEqual(afterOutlook.map((o) => o.value));
  });
});

describe("the market side of a training run shared within a period (modelProspect)", () => {
  it("options valued through the period's shared prospects equal those valued afresh, for every kind and firm standing, to the bit", async () => {
    const { loadScenario } = await import("../sim/scenario/load.js");
    const { stepPeriod } = await import("../sim/engine.js");
    const { scenario } = await loadScenario("licensing-era");
    const world = createWorld(scenario, 3);
    for (let t = 0; t < 6; t++) {
      world.period = t;
      stepPeriod(world);
    }
    world.period = 6;
    const regime = scenario.regime;
    let compared = 0;
    for (const kind of Object.values(scenario.kinds)) {
      for (const jurisdiction of ["home", "offshore", "foreign"]) {
        for (const [weightSecurityPaid, licensed] of [[false, false], [true, false], [true, true]]) {
          const firm = { jurisdiction, weightSecurityPaid, licensed };
          const shared = allTrainingOptions(valuer(world, regime, kind), kind, firm);
          // a valuer built by hand is not the period's: its options are valued without the shared prospects
          const afresh = allTrainingOptions({ ...valuer(world, regime, kind) }, kind, firm);
          expect(shared).toEqual(afresh);
          expect(shared.map((o) => Object.is(o.value, afresh[shared.indexOf(o)].value))).not.toContain(false);
          compared += shared.length;
        }
      }
    }
    expect(compared).toBeGreaterThan(50);
  });
});
