// Operating profit and investment are reported apart: operating profit = revenue - serving -
// compliance - penalties - overhead; investment = training, entry, relocation; the incumbents'
// cash flow is the one minus the other, for the metrics and for each firm row.
import { describe, expect, it } from "vitest";
import { loadScenario } from "../../sim/scenario/load.js";
import { simulate } from "../../sim/simulate.js";
import type { MetricRow } from "../../sim/output.js";

const byPeriod = (metrics: MetricRow[], metric: string) => metrics.filter((m) => m.metric === metric).map((m) => m.value);

describe("operating profit and investment", () => {
  it("incumbents' cash flow = operating profit - investment in every period; investment is paid in some", async () => {
    const s = (await loadScenario("licensing-era", { overrides: { periods: 12 } })).scenario;
    const { metrics, firms } = simulate(s, 3);
    const operating = byPeriod(metrics, "incumbent_operating_profit");
    const investment = byPeriod(metrics, "incumbent_investment");
    const cashFlow = byPeriod(metrics, "incumbent_cash_flow");
    for (let t = 0; t < s.periods; t++) expect(cashFlow[t]).toBeCloseTo(operating[t] - investment[t], 6);
    expect(investment.some((x) => x > 0)).toBe(true);
    for (const row of firms) {
      expect(row.profitUsdM).toBeCloseTo(row.operatingProfitUsdM - row.investmentUsdM, 6);
      expect(row.investmentUsdM).toBeGreaterThanOrEqual(0);
    }
    // the metric is the sum of the roster's rows
    const roster = new Set(s.firms.map((f) => f.name));
    for (let t = 0; t < s.periods; t++) {
      const sum = firms.filter((r) => r.period === t && roster.has(r.name)).reduce((a, r) => a + r.operatingProfitUsdM, 0);
      expect(operating[t]).toBeCloseTo(sum, 6);
    }
  });
});
