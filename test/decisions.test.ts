import { describe, expect, it } from "vitest";
import { bestResponseEarnings, decayingAnnuity, logitChoice, optionValue, type SegmentOutlook } from "../sim/decisions.js";
import { lambertW0 } from "./oracles/math.js";
import { streamFor } from "../sim/random.js";

const segment = (over: Partial<SegmentOutlook>): SegmentOutlook => ({
  marketSizeMtok: 1e6, buyers: 100, priceSensitivity: 0.5, capabilityTaste: 1, openWeightsValue: 0, baseUtility: 0, enterprise: false, rivalsExpUtility: 0, ...over,
});

describe("best-response pricing of a prospective model", () => {
  it("with no rivals it is the monopoly price of the Lambert-W closed form", () => {
    const a = 0.5, c = 1, d = 3;
    const e = bestResponseEarnings([segment({ priceSensitivity: a })], { meanUtility: Float64Array.of(d), servingCostUsdPerMtok: c, priceTaker: false }, [1]);
    expect(e.priceUsdPerMtok).toBeCloseTo(c + (1 + lambertW0(Math.exp(d - a * c - 1))) / a, 8);
  });

  it("against fixed rivals it satisfies p - c = 1 / (a (1 - s))", () => {
    const a = 0.4, c = 2, R = 3.5;
    const e = bestResponseEarnings([segment({ priceSensitivity: a, rivalsExpUtility: R })], { meanUtility: Float64Array.of(2), servingCostUsdPerMtok: c, priceTaker: false }, [1]);
    const v = Math.exp(2 - a * e.priceUsdPerMtok);
    const s = v / (1 + R + v);
    expect(e.priceUsdPerMtok - c).toBeCloseTo(1 / (a * (1 - s)), 8);
    expect(e.operatingProfitUsdM).toBeCloseTo(((e.priceUsdPerMtok - c) * 1e6 * s) / 1e6, 10);
  });

  it("price takers sell at cost and segments that may not buy are skipped", () => {
    const e = bestResponseEarnings([segment({}), segment({ enterprise: true })], { meanUtility: Float64Array.of(1, Number.NaN), servingCostUsdPerMtok: 1, priceTaker: true }, [1, 1]);
    expect(e.priceUsdPerMtok).toBe(1);
    expect(e.operatingProfitUsdM).toBe(0);
    expect(e.enterpriseCustomers).toBe(0);
    expect(e.quantityMtok).toBeGreaterThan(0);
  });
});

describe("option values", () => {
  it("optionValue is the discounted sum it claims to be", () => {
    const terms = { upfrontUsdM: 10, profitPerPeriodUsdM: 5, recurringCostPerPeriodUsdM: 1, delayPeriods: 2, blockProbability: 0.1, withdrawalProbabilityPerPeriod: 0.05, preferenceUsdM: 3 };
    const delta = 0.97, rho = 0.8, H = 6;
    let expected = 0;
    for (let h = 2; h < 2 + H; h++) expected += Math.pow(delta, h) * (Math.pow(rho * 0.95, h - 2) * 5 - Math.pow(0.95, h - 2) * 1);
    expected = 0.9 * expected - 10 + 3;
    expect(optionValue(terms, delta, rho, H)).toBeCloseTo(expected, 12);
    expect(decayingAnnuity(0.9, 1, 0, 3)).toBeCloseTo(1 + 0.9 + 0.81, 12);
  });

  it("logit choice frequencies match exp(V/noise) / sum exp(V/noise)", () => {
    const values = [0, 1, 2];
    const noise = 1;
    const rng = streamFor(1, "test/logit");
    const counts = [0, 0, 0];
    const n = 20000;
    for (let i = 0; i < n; i++) counts[logitChoice(values, noise, rng)]++;
    const z = values.reduce((sum, v) => sum + Math.exp(v / noise), 0);
    values.forEach((v, i) => expect(Math.abs(counts[i] / n - Math.exp(v / noise) / z)).toBeLessThan(0.015));
    expect(logitChoice([1, 5, 3], 0, rng)).toBe(1); // no noise: the best option
  });
});
