// Monitoring, black box: its latency is a utility loss buyers feel (licensed models lose usage to
// others as it grows), and its cost is booked as compliance, split into fixed and variable parts.
import { describe, expect, it } from "vitest";
import { loadScenario } from "../../sim/scenario/load.js";
import type { Scenario } from "../../sim/scenario/schema.js";
import { simulate } from "../../sim/simulate.js";
import type { MetricRow } from "../../sim/output.js";

const SEEDS = Array.from({ length: 20 }, (_, i) => i + 1);
const QUARTERS = 8;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

async function era(overrides: Record<string, unknown> = {}): Promise<Scenario> {
  return (await loadScenario("licensing-era", { overrides: { periods: QUARTERS, ...overrides } })).scenario;
}

const value = (metrics: MetricRow[], metric: string, period: number) => metrics.find((m) => m.metric === metric && m.period === period)!.value;

describe("monitoring latency", () => {
  it("a slower monitored model loses buyers: the 2027 Q4 gray share is higher when latency costs 2 utility per unit than when it costs nothing (mean, 20 seeds)", async () => {
    const gray = async (utilityPerOverhead: number) => {
      const s = await era({ "market.latencyUtilityPerOverhead": utilityPerOverhead });
      return mean(SEEDS.map((seed) => value(simulate(s, seed, { recordFirms: false }).metrics, "gray_share", QUARTERS - 1)));
    };
    expect(await gray(2)).toBeGreaterThan(await gray(0));
  });
});

describe("compliance spend", () => {
  it("is its fixed part plus its variable part in every period; both are paid under licensing-era", async () => {
    const s = await era();
    const { metrics } = simulate(s, 1, { recordFirms: false });
    let fixed = 0;
    let variable = 0;
    for (let t = 0; t < QUARTERS; t++) {
      const parts = value(metrics, "compliance_spend_fixed", t) + value(metrics, "compliance_spend_variable", t);
      expect(value(metrics, "compliance_spend", t)).toBeCloseTo(parts, 9);
      fixed += value(metrics, "compliance_spend_fixed", t);
      variable += value(metrics, "compliance_spend_variable", t);
    }
    expect(fixed).toBeGreaterThan(0);
    expect(variable).toBeGreaterThan(0);
  });

  it("the serving overhead is variable: with it and vetting at zero the variable part is zero", async () => {
    const s = await era({ "regime.complianceCosts.monitoringServingCostOverhead": 0, "regime.complianceCosts.endUserVettingPerEnterpriseCustomerPerYearUsdM": 0 });
    const { metrics } = simulate(s, 1, { recordFirms: false });
    for (let t = 0; t < QUARTERS; t++) expect(value(metrics, "compliance_spend_variable", t)).toBe(0);
  });
});
