// The simulated side: the releases of a run, recorded period by period, are those of the very run
// `simulate` makes, and become ModelRelease records by the stated rules.
import { describe, expect, it } from "vitest";
import { calendarYearOf, fullYearsOf, simulateReleases, simulatedMoments, trainingRunCostUsd } from "../../sim/calibration/simulated.js";
import { loadScenario } from "../../sim/scenario/load.js";
import type { Scenario } from "../../sim/scenario/schema.js";
import { runWorld, simulate } from "../../sim/simulate.js";
import type { FirmState } from "../../sim/state.js";

const { scenario: history } = await loadScenario("history");
const short: Scenario = { ...history, periods: 8 };

describe("simulateReleases", () => {
  it("steps the same run as simulate: same end state, and one record per release the run counts", () => {
    const log = simulateReleases(short, 3);
    const reference = runWorld(short, 3, false).world;
    expect([...log.world.ledger.firmCash]).toEqual([...reference.ledger.firmCash]);
    expect(log.world.firms.map((f) => f.models.map((m) => m.id))).toEqual(reference.firms.map((f) => f.models.map((m) => m.id)));
    const counted = simulate(short, 3, { recordFirms: false }).metrics.filter((r) => r.metric === "releases").reduce((sum, r) => sum + r.value, 0);
    expect(counted).toBeGreaterThan(0); // the check below is not vacuous
    expect(log.releases.length).toBe(counted);
  });

  it("does not count the roster's models as releases, even those released in period 0", () => {
    // the roster's OpenAI Five has age 0 (released in period 0); no run can finish within one period
    expect(history.firms.some((f) => f.models.some((m) => m.ageQuarters === 0))).toBe(true);
    expect(simulateReleases({ ...history, periods: 1 }, 1).releases).toEqual([]);
  });

  it("places a release outside the US exactly when its firm is outside the home jurisdiction", () => {
    const { releases, world } = simulateReleases(history, 2);
    const firmOf = (developer: string | null) => world.firms[Number(developer!.replace("firm ", ""))];
    expect(releases.some((r) => r.outsideUs)).toBe(true);
    expect(releases.some((r) => !r.outsideUs)).toBe(true);
    for (const r of releases) expect(r.outsideUs).toBe(firmOf(r.developer).jurisdiction !== history.homeJurisdiction);
    for (const r of releases) expect(r.year >= 2020 && r.year <= 2024).toBe(true);
  });

  it("gives the same moments for the same seed", () => {
    expect(simulatedMoments(short, 9)).toEqual(simulatedMoments(short, 9));
  });
});

describe("calendar and cost", () => {
  it("maps periods to calendar years and keeps only full years", () => {
    expect([0, 3, 4, 19].map((t) => calendarYearOf(history, t))).toEqual([2020, 2020, 2021, 2024]);
    expect(fullYearsOf(history)).toEqual([2020, 2021, 2022, 2023, 2024]);
    expect(fullYearsOf({ ...history, periods: 18 })).toEqual([2020, 2021, 2022, 2023]);
  });

  it("costs a run at the cost of a FLOP when it starts, times the kind's multiplier", () => {
    // 1e24 FLOP x 2e-18 USD/FLOP x 0.5 (two years at a two-year halving) x 1.5 = 1.5e6 USD
    const scenario: Scenario = { ...history, technology: { ...history.technology, costPerFlopUsdAtStart: 2e-18, hardwareCostHalvingYears: 2 } };
    const firm = { kind: { ...history.kinds.foreign, trainingCostMultiplier: 1.5 } } as FirmState;
    expect(trainingRunCostUsd(scenario, firm, 1e24, 8)).toBeCloseTo(1.5e6, 6);
  });
});
