// The start check's quantities: the providers at 1e25 FLOP are the roster's firms with a model at
// that scale (counted by hand from the scenario's firms), the compliance market is the quarterly
// spend in USD B a year, the history has no compliance market, and the data column is the data's
// moment in its last year.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { START_QUANTITIES, observeStart, providersAtOrAbove, startCheck } from "../../sim/calibration/start-check.js";
import { createWorld } from "../../sim/world.js";
import { simulate } from "../../sim/simulate.js";
import { loadScenario } from "../../sim/scenario/load.js";
import { REPO } from "../experiment/helpers.js";

describe("the 2026 start check", () => {
  it("counts the roster's firms with a model of at least 1e25 FLOP", async () => {
    const { scenario } = await loadScenario("baseline");
    const byHand = scenario.firms.filter((f) => f.models.some((m) => m.trainingFlop >= 1e25)).length;
    expect(byHand).toBeGreaterThan(0);
    expect(providersAtOrAbove(createWorld(scenario, 1), 1e25)).toBe(byHand);
    expect(providersAtOrAbove(createWorld(scenario, 1), 1e30)).toBe(0);
  });

  it("reads each metric quantity from the period's rows as simulate reports it, the compliance market in USD B a year", async () => {
    const { scenario } = await loadScenario("licensing-era");
    const run = simulate(scenario, 3, { recordFirms: false });
    const observed = observeStart(scenario, 3, [0, 7]);
    for (const period of [0, 7]) {
      const at = (metric: string) => run.metrics.find((r) => r.metric === metric && r.period === period)!.value;
      const values = observed.get(period)!;
      expect(values.frontier_providers).toBe(at("frontier_providers"));
      expect(values.open_weight_share).toBe(at("open_weight_share"));
      expect(values.enterprise_adoption).toBe(at("enterprise_adoption"));
      expect(values.compliance_market).toBeCloseTo((4 * at("compliance_spend")) / 1000, 12);
    }
    expect(observed.get(0)!.compliance_market).toBeGreaterThan(0);
  });

  it("finds no compliance market in the history (no regime) and sets the data's last year beside the model", async () => {
    const { scenario } = await loadScenario(join(REPO, "scenarios", "calibration", "history-calibrated.yaml"));
    const end = observeStart(scenario, 2, [scenario.periods - 1]).get(scenario.periods - 1)!;
    expect(end.compliance_market).toBe(0);
    const rows = startCheck(
      [
        { moment: "organizations_1e25", year: 2023, value: 3, basis: 3 },
        { moment: "organizations_1e25", year: 2024, value: 11, basis: 11 },
      ],
      [end],
      [end],
      [end],
    );
    expect(rows.map((r) => r.quantity.id)).toEqual(START_QUANTITIES.map((q) => q.id));
    expect(rows[0].data).toEqual({ year: 2024, value: 11 });
    expect(rows.find((r) => r.quantity.id === "enterprise_adoption")!.data).toBeNull();
    expect(rows[0].historyEnd).toEqual({ mean: end.providers_1e25, q05: end.providers_1e25, q95: end.providers_1e25, seeds: 1 });
  });
});
