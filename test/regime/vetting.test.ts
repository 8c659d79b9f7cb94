// End-user vetting as a mechanism, black box: the share of developers who fail vetting moves the
// gray market monotonically, and the extreme (every developer locked out, the old switch) is the
// shipped scenario vetting-lockout.
import { describe, expect, it } from "vitest";
import { loadScenario } from "../../sim/scenario/load.js";
import type { Scenario } from "../../sim/scenario/schema.js";
import { simulate } from "../../sim/simulate.js";

const SEEDS = Array.from({ length: 12 }, (_, i) => i + 1);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

async function era(failShare?: number): Promise<Scenario> {
  const overrides: Record<string, unknown> = {};
  if (failShare !== undefined) overrides["segments.developers.vettingFailShare"] = failShare;
  return (await loadScenario("licensing-era", { overrides })).scenario;
}

function meanGrayShare(scenario: Scenario): number {
  const last = scenario.periods - 1;
  return mean(SEEDS.map((seed) => simulate(scenario, seed, { recordFirms: false }).metrics.find((m) => m.metric === "gray_share" && m.period === last)!.value));
}

describe("end-user vetting fail share", () => {
  it("vetting-lockout is licensing-era with every developer failing vetting", async () => {
    const lockout = (await loadScenario("vetting-lockout")).scenario;
    expect(lockout.segments.developers.vettingFailShare).toBe(1);
    const overridden = (await loadScenario("licensing-era", { overrides: { "segments.developers.vettingFailShare": 1 } })).scenario;
    const blank = { name: "", description: "", extends: undefined };
    expect({ ...lockout, ...blank }).toEqual({ ...overridden, ...blank });
  });

  // By 2027 the buyers kept out turn mostly to lawful open-weight and exempt models (the gray share
  // hardly moves); by 2035 nearly every model is above the line and they turn to gray ones.
  it("the 2035 Q4 gray share rises with the fail share: 0 <= the default 0.25 <= 1 (lock-out), by more than 0.2 from 0 to 1, mean over 12 seeds", async () => {
    const none = meanGrayShare(await era(0));
    const assumed = meanGrayShare(await era());
    const lockedOut = meanGrayShare(await era(1));
    expect((await era()).segments.developers.vettingFailShare).toBe(0.25);
    expect(none).toBeLessThanOrEqual(assumed);
    expect(assumed).toBeLessThanOrEqual(lockedOut);
    expect(lockedOut).toBeGreaterThan(none + 0.2);
  });
});
