// The uncertain parameters as studies sample them: the global study's factors cover every prior
// the schema declares (or hold it with a reason), a factor puts each field at its prior's value
// (a multiplier or a shift of each entry's own value, kept within the field's allowed values), and
// `vary: uncertain` expands to one range per field of the scenario.
import { describe, expect, it } from "vitest";
import { planStudy } from "../../sim/experiment/plan.js";
import { normalizeStudy } from "../../sim/experiment/study.js";
import {
  GLOBAL_FACTORS,
  HELD_FIXED,
  concreteFields,
  factorDisplayValue,
  factorOverrides,
  memberPrior,
  uncertainRanges,
  withOverrides,
} from "../../sim/experiment/uncertainty.js";
import { numericParameters } from "../../sim/scenario/parameters.js";
import { loadScenario } from "../../sim/scenario/load.js";

describe("the global study's factors", () => {
  it("are at most 32 (a Saltelli design of d factors uses 2d of the 64 Sobol' dimensions), with distinct ids", () => {
    expect(GLOBAL_FACTORS.length).toBeLessThanOrEqual(32);
    expect(new Set(GLOBAL_FACTORS.map((f) => f.id)).size).toBe(GLOBAL_FACTORS.length);
  });

  it("cover every field with a prior exactly once, or hold it with a reason", () => {
    const inFactors = GLOBAL_FACTORS.flatMap((f) => f.members);
    const held = HELD_FIXED.flatMap((h) => h.paths);
    expect(new Set(inFactors).size).toBe(inFactors.length);
    for (const path of inFactors) expect(held, path).not.toContain(path);
    const withPrior = numericParameters().filter((p) => p.fixedBecause === undefined);
    for (const p of withPrior) expect([...inFactors, ...held], p.schemaPath).toContain(p.schemaPath);
    expect(inFactors.length + held.length).toBe(withPrior.length);
    for (const h of HELD_FIXED) expect(h.why).toMatch(/\w{4}/);
  });

  it("read each member's prior from the schema: absolute for a single field, relative for an entry's", () => {
    expect(memberPrior("technology.algorithmicEfficiencyDoublingMonths")).toMatchObject({ how: "absolute", range: [5, 14] });
    expect(memberPrior("kinds.<id>.fixedCostPerYearUsdM")).toMatchObject({ how: "factor", range: [0.7, 1.4], scale: "linear" });
    expect(memberPrior("kinds.<id>.trainingQuarters")).toMatchObject({ how: "shift", range: [-1, 1], allowed: { min: 0, max: 12, integer: true } });
    expect(memberPrior("segments.<id>.vettingFailShare")).toMatchObject({ how: "factor", allowed: { min: 0, max: 1 } });
  });
});

describe("a factor's values in a scenario", () => {
  it("sets every entry of a field by its multiplier or shift, within the field's allowed values", async () => {
    const { scenario } = await loadScenario("licensing-era");
    const factor = (id: string) => {
      const found = GLOBAL_FACTORS.find((f) => f.id === id);
      if (!found) throw new Error(`no global factor ${id}`);
      return found;
    };
    const factors = ["overheads", "cadence", "vetting_fail", "compute_growth"].map(factor);
    // u = 0: the lowest multiplier and shift; u -> 1: the highest
    const low = factorOverrides(scenario, factors, [0, 0, 0, 0]);
    expect(low["kinds.startup.fixedCostPerYearUsdM"]).toBeCloseTo(60 * 0.7, 10);
    expect(low["kinds.frontier-lab.entryCostUsdM"]).toBeCloseTo(200 * 0.5, 10); // each member over its own prior
    expect(low["kinds.startup.trainingQuarters"]).toBe(0); // 1 - 1
    expect(low["kinds.startup.releaseIntervalQuarters"]).toBe(1); // 2 - 1
    expect(low["kinds.frontier-lab.modelsOnSale"]).toBe(1); // 2 - 1
    expect(low["technology.frontierComputeGrowthPerYear"]).toBe(3);
    const high = factorOverrides(scenario, factors, [0.999999, 0.999999, 0.999999, 0.999999]);
    expect(high["kinds.startup.fixedCostPerYearUsdM"]).toBeCloseTo(60 * 1.4, 3);
    expect(high["kinds.startup.trainingQuarters"]).toBe(2);
    expect(high["kinds.startup.releaseIntervalQuarters"]).toBe(4); // 2 + 2
    expect(high["segments.developers.vettingFailShare"]).toBeCloseTo(0.5, 4); // 0.25 x 2
    expect(high["technology.frontierComputeGrowthPerYear"]).toBeCloseTo(6, 4);
    // a multiplier of 2 on a share of 0.6 stays a share
    const shares = factorOverrides({ ...scenario, segments: { ...scenario.segments, developers: { ...scenario.segments.developers, vettingFailShare: 0.6 } } }, [factor("vetting_fail")], [0.999999]);
    expect(shares["segments.developers.vettingFailShare"]).toBe(1);
    const sampled = withOverrides(scenario, high);
    expect(sampled.kinds.startup.releaseIntervalQuarters).toBe(4);
    expect(scenario.kinds.startup.releaseIntervalQuarters).toBe(2); // the original is untouched
  });

  it("leaves out fields the scenario does not have: a regime factor on a scenario without one", async () => {
    const { scenario } = await loadScenario("baseline");
    const regimeFactors = GLOBAL_FACTORS.filter((f) => f.members.some((m) => m.startsWith("regime.")));
    expect(regimeFactors.map((f) => f.id)).toEqual(["latency_cost", "compliance_cost", "detection", "audit_blocks"]);
    const overrides = factorOverrides(scenario, regimeFactors, regimeFactors.map(() => 0.5));
    expect(Object.keys(overrides).some((p) => p.startsWith("regime"))).toBe(false);
    const { scenario: era } = await loadScenario("open-weight-ban");
    expect(concreteFields(era, "regime.preReleaseApproval.blockProbability")).toEqual([]);
    expect(concreteFields(era, "regime.enforcement.detectionProbabilityPerQuarter")).toEqual([{ path: "regime.enforcement.detectionProbabilityPerQuarter", value: 0.05 }]);
  });

  it("shows a factor by its first member: the value, or the multiplier", () => {
    const growth = GLOBAL_FACTORS.find((f) => f.id === "compute_growth")!;
    const market = GLOBAL_FACTORS.find((f) => f.id === "market_size")!;
    expect(factorDisplayValue(growth, 0.5)).toBeCloseTo(4.5, 12);
    expect(factorDisplayValue(market, 0.5)).toBeCloseTo(1, 12); // log-uniform on 0.5-2: the middle is x1
  });
});

describe("vary: uncertain", () => {
  it("expands to one range per uncertain field of the scenario, entries around their own values", async () => {
    const { scenario } = await loadScenario("baseline");
    const ranges = uncertainRanges(scenario);
    const byPath = new Map(ranges.map((r) => [r.path, r]));
    expect(byPath.get("kinds.startup.fixedCostPerYearUsdM")).toMatchObject({ min: 42, max: 84, scale: "linear", integer: false });
    expect(byPath.get("technology.algorithmicEfficiencyDoublingMonths")).toMatchObject({ min: 5, max: 14 });
    expect(byPath.get("kinds.startup.trainingQuarters")).toMatchObject({ min: 0, max: 2, integer: true });
    expect(ranges.some((r) => r.path.startsWith("regime."))).toBe(false);
    expect(byPath.has("kinds.startup.openWeightsPreferenceUsdM")).toBe(false); // 0: a multiplier cannot move it
    expect(ranges.length).toBeGreaterThan(100);
  });

  it("plans a Latin hypercube sweep over them, and refuses Saltelli's design with more than 32", async () => {
    const definition = normalizeStudy({ type: "sweep", scenario: "baseline", vary: "uncertain", sample: { method: "lhs", points: 4 }, seeds: 1 }, "test", "uncertain");
    const plan = await planStudy(definition, "test");
    const { scenario } = await loadScenario("baseline");
    expect(plan.parameterPaths).toEqual(uncertainRanges(scenario).map((r) => r.path));
    expect(plan.points.length).toBe(4);
    expect(plan.scenarios[0][2].kinds.startup.fixedCostPerYearUsdM).toBe(plan.points[2]["kinds.startup.fixedCostPerYearUsdM"]);
    const saltelli = normalizeStudy({ type: "sweep", scenario: "baseline", vary: "uncertain", sample: { method: "saltelli", points: 4 }, seeds: 1 }, "test", "uncertain");
    await expect(planStudy(saltelli, "test")).rejects.toThrow(/vary: uncertain gives \d+ parameters .* more than the 32 saltelli sampling takes: use sample: lhs/);
    expect(() => normalizeStudy({ type: "sweep", scenario: "baseline", vary: "uncertain", seeds: 1 }, "test", "uncertain")).toThrow(/expected sample: lhs, sobol or saltelli for vary: uncertain/);
  });
});

describe("vary: uncertain in a study file", () => {
  it("loads as every uncertain parameter, and a sweep with it needs a sampling method", async () => {
    const { mkdtempSync, writeFileSync } = await import("node:fs");
    const { join } = await import("node:path");
    const { tmpdir } = await import("node:os");
    const { loadStudyFile } = await import("../../sim/experiment/study.js");
    const dir = mkdtempSync(join(tmpdir(), "moat-uncertain-"));
    const file = join(dir, "all.yaml");
    writeFileSync(file, "type: sweep\nscenario: baseline\nvary: uncertain\nsample: { method: lhs, points: 8 }\nseeds: 2\n");
    expect(loadStudyFile(file)).toMatchObject({ varyUncertain: true, vary: { grid: [], ranges: [] }, sample: { method: "lhs", points: 8 } });
    writeFileSync(file, "type: sweep\nscenario: baseline\nvary: uncertain\nseeds: 2\n");
    expect(() => loadStudyFile(file)).toThrow(/all\.yaml: sample: expected sample: lhs, sobol or saltelli for vary: uncertain/);
    writeFileSync(file, "type: sweep\nscenario: baseline\nvary: everything\nseeds: 2\n");
    expect(() => loadStudyFile(file)).toThrow(/vary: expected uncertain \(every uncertain parameter\) or a mapping/);
  });
});
