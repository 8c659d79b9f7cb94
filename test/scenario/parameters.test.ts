// A parameter's facts live once, in the schema's metadata, and are looked up by path.
import { describe, expect, it } from "vitest";
import { scenarioFields } from "../../sim/scenario/docs.js";
import { schemaAtPath } from "../../sim/scenario/errors.js";
import { numericParameters, parameterInfo, parametersWithoutPrior, rangedParameters } from "../../sim/scenario/parameters.js";
import { ScenarioSchema } from "../../sim/scenario/schema.js";
import type { z } from "zod";

describe("parameterInfo", () => {
  it("finds a field by its concrete path or the schema's form", () => {
    const threshold = parameterInfo("regime.thresholdFlop");
    expect(threshold).toMatchObject({ schemaPath: "regime.thresholdFlop", unit: "FLOP", label: "FLOP threshold", range: [1e24, 1e28], scale: "log", numeric: true, integer: false, policy: true });
    expect(parameterInfo("kinds.startup.arrivalsPerYear")).toMatchObject({ schemaPath: "kinds.<id>.arrivalsPerYear", range: [0, 20], scale: "linear", policy: false });
    expect(parameterInfo("kinds.<id>.arrivalsPerYear")?.schemaPath).toBe("kinds.<id>.arrivalsPerYear");
    expect(parameterInfo("firms.2.models.0.trainingFlop")).toMatchObject({ schemaPath: "firms[].models[].trainingFlop", scale: "log" });
    expect(parameterInfo("firms[].models[].trainingFlop")?.schemaPath).toBe("firms[].models[].trainingFlop");
    expect(parameterInfo("regime.preReleaseApproval.auditDelayQuarters")).toMatchObject({ integer: true, label: "audit delay (quarters)" });
    expect(parameterInfo("periods")).toMatchObject({ integer: true, numeric: true, scale: "linear" });
    expect(parameterInfo("regime.lightTier")?.numeric).toBe(false);
  });

  it("is undefined for a path the schema does not have", () => {
    for (const path of ["", "regime.nope", "regime.thresholdFlop.x", "firms.x.name", "technology..x"]) expect(parameterInfo(path), path).toBeUndefined();
  });

  it("gives the slider the wider explore range where the schema sets one, else the plausible range", () => {
    expect(parameterInfo("regime.complianceCosts.redTeamingPerYearUsdM")).toMatchObject({ range: [1, 3], sliderRange: [0, 6] });
    expect(parameterInfo("regime.licenceFeePerYearUsdM")).toMatchObject({ range: [0, 50], sliderRange: [0, 50] });
  });
});

describe("the schema's ranges and scales", () => {
  const ranged = rangedParameters();

  it("cover the regime's levers and the technology trends", () => {
    const paths = ranged.map((p) => p.schemaPath);
    expect(paths).toContain("regime.thresholdFlop");
    expect(paths).toContain("regime.complianceCosts.scale");
    expect(paths).toContain("technology.algorithmicEfficiencyDoublingMonths");
    expect(paths).toContain("kinds.<id>.discountRatePerYear");
    expect(ranged.filter((p) => !p.policy).length).toBeGreaterThan(10);
    for (const p of ranged) expect(p.label, p.schemaPath).toBeDefined();
  });

  it("are ordered ranges the field accepts, positive on a log scale, inside the slider's extent", () => {
    for (const p of ranged) {
      const [low, high] = p.range as [number, number];
      expect(low, p.schemaPath).toBeLessThan(high);
      if (p.scale === "log") expect(low, p.schemaPath).toBeGreaterThan(0);
      const field = schemaAtPath(ScenarioSchema, p.schemaPath.replace(/\[\]/g, ".0").split(".").map((s) => (s === "<id>" ? "x" : s))) as z.ZodType | undefined;
      expect(field, p.schemaPath).toBeDefined();
      for (const value of [low, high]) expect(field?.safeParse(value).success, `${p.schemaPath} = ${value}`).toBe(true);
      const [sliderLow, sliderHigh] = p.sliderRange as [number, number];
      expect(sliderLow, p.schemaPath).toBeLessThanOrEqual(low);
      expect(sliderHigh, p.schemaPath).toBeGreaterThanOrEqual(high);
    }
  });

  it("put every default inside its plausible range", () => {
    for (const field of scenarioFields()) {
      const info = parameterInfo(field.path);
      if (!info?.range || field.defaultText === undefined || field.defaultText === "null") continue;
      const value = Number(field.defaultText);
      expect(value, field.path).toBeGreaterThanOrEqual(info.range[0]);
      expect(value, field.path).toBeLessThanOrEqual(info.range[1]);
    }
  });

  it("declare every FLOP line and training compute log scale (sweeps have always sampled these log-uniformly)", () => {
    const flop = scenarioFields().filter((f) => /Flop$/.test(f.path));
    expect(flop.length).toBeGreaterThanOrEqual(4);
    for (const f of flop) expect(parameterInfo(f.path)?.scale, f.path).toBe("log");
  });
});

describe("declared uncertainty: every assumed or calibrated number has a prior", () => {
  it("lists no numeric field without a range, a relative range or a reason to be fixed", () => {
    // a new numeric field fails here until its doc() gives `range`, `relativeRange` or `fixedBecause`
    expect(parametersWithoutPrior().map((p) => p.schemaPath)).toEqual([]);
  });

  it("fixes only run and numerical settings, textbook exercises and observed facts", () => {
    const fixed = numericParameters().filter((p) => p.fixedBecause !== undefined);
    expect(fixed.map((p) => p.schemaPath).sort()).toEqual(
      [
        "firms[].models[].ageQuarters",
        "market.cournot.demandIntercept",
        "market.cournot.demandSlope",
        "market.cournot.marginalCost",
        "market.cournot.marketSize",
        "market.pricingMaxIterations",
        "market.pricingTolerance",
        "periods",
        "periodsPerYear",
        "seed",
        "startYear",
      ].sort(),
    );
    for (const p of fixed) expect(p.range, p.schemaPath).toBeUndefined();
  });

  it("gives every field of a kind, a segment or a firm a prior relative to each entry's value, around the entry's value", () => {
    const entryFields = numericParameters().filter((p) => /<id>|\[\]/.test(p.schemaPath) && p.fixedBecause === undefined);
    expect(entryFields.length).toBeGreaterThan(25);
    for (const p of entryFields) {
      const relative = p.relativeRange;
      expect(relative, p.schemaPath).toBeDefined();
      expect(p.rangeSource, p.schemaPath).toMatch(/\S/);
      if (relative && "factor" in relative) {
        const [low, high] = relative.factor;
        expect(low, p.schemaPath).toBeGreaterThan(0);
        expect(low, p.schemaPath).toBeLessThanOrEqual(1);
        expect(high, p.schemaPath).toBeGreaterThanOrEqual(1);
        expect(low).toBeLessThan(high);
      } else if (relative && "shift" in relative) {
        const [low, high] = relative.shift;
        expect(low, p.schemaPath).toBeLessThanOrEqual(0);
        expect(high, p.schemaPath).toBeGreaterThanOrEqual(0);
        expect(low).toBeLessThan(high);
        if (p.integer) expect([low, high].every(Number.isInteger), p.schemaPath).toBe(true);
      }
    }
  });

  it("says where each range comes from: a source or an assumption with its reasoning", () => {
    for (const p of numericParameters()) {
      if (p.fixedBecause !== undefined) continue;
      expect(`${p.source} ${p.rangeSource ?? ""}`, p.schemaPath).toMatch(/[A-Za-z]{4}/);
      if (p.source === "assumption") expect(p.rangeSource ?? "", `${p.schemaPath}: "assumption" alone does not say why the range is what it is`).toMatch(/\S/);
    }
  });
});
