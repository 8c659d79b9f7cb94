// The textbook result in the simulation's own market (logit demand, Bertrand-Nash prices, entry and
// exit by value), not only in the Cournot market: a pure fixed licence fee, paid per licensed firm
// whatever it sells, lowers the number of firms and raises concentration (Mankiw and Whinston 1986;
// Sutton 1991). scenarios/textbook/logit-licence-fee.yaml is the baseline with nothing but the fee.
import { describe, expect, it } from "vitest";
import { loadScenario } from "../sim/scenario/load.js";
import type { Scenario } from "../sim/scenario/schema.js";
import { simulate } from "../sim/simulate.js";
import { activeInstruments } from "../sim/experiment/decompose.js";

const SEEDS = Array.from({ length: 20 }, (_, i) => i + 1);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

function lastValue(scenario: Scenario, seed: number, metric: string): number {
  const last = scenario.periods - 1;
  return simulate(scenario, seed, { recordFirms: false }).metrics.find((m) => m.metric === metric && m.period === last)!.value;
}

describe("a pure fixed licence fee in the logit-Bertrand market", async () => {
  const fee = (await loadScenario("scenarios/textbook/logit-licence-fee.yaml")).scenario;
  const none: Scenario = { ...fee, regime: null };

  it("is the only instrument in force, and every model is above the line", () => {
    expect(activeInstruments(fee).map((i) => i.id)).toEqual(["licence-fee"]);
    expect(fee.regime!.thresholdFlop).toBe(0);
  });

  it("lowers the number of providers and raises HHI in 2035 Q4: in the mean over 20 seeds and in most seeds", () => {
    const providers: number[] = [];
    const hhi: number[] = [];
    for (const seed of SEEDS) {
      providers.push(lastValue(fee, seed, "providers") - lastValue(none, seed, "providers"));
      hhi.push(lastValue(fee, seed, "hhi_usage") - lastValue(none, seed, "hhi_usage"));
    }
    expect(mean(providers)).toBeLessThan(0);
    expect(providers.filter((d) => d < 0).length).toBeGreaterThan(SEEDS.length / 2);
    expect(mean(hhi)).toBeGreaterThan(0);
    expect(hhi.filter((d) => d > 0).length).toBeGreaterThan(SEEDS.length / 2);
  });
});
