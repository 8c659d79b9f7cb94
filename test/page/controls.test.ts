import { describe, expect, it } from "vitest";
import { readScenarioFiles } from "../../sim/page/app/build.js";
import {
  CONTROLS,
  clampToSlider,
  controlOverrides,
  controlValues,
  defaultForeignReview,
  describeChanges,
  formatFlop,
  positionValue,
  sliderPosition,
  sliderValue,
  type ControlValue,
  type SliderControl,
} from "../../sim/page/controls.js";
import { buildWhatIf, listPresets, resolveBundled } from "../../sim/page/whatif.js";
import { schemaAtPath } from "../../sim/scenario/errors.js";
import { ScenarioSchema, paramDocs } from "../../sim/scenario/schema.js";
import type { z } from "zod";

const files = readScenarioFiles();
const presets = listPresets(files);
const sliders = CONTROLS.filter((c): c is SliderControl => c.type === "slider");

describe("control definitions", () => {
  it("point at scenario fields the schema knows", () => {
    for (const control of CONTROLS) expect(schemaAtPath(ScenarioSchema, control.path.split(".")), control.path).toBeDefined();
  });

  it("cover at least the documented range of each field", () => {
    for (const control of sliders) {
      const schema = schemaAtPath(ScenarioSchema, control.path.split(".")) as z.ZodType;
      const range = paramDocs.get(schema)?.range;
      if (!range) continue;
      const [low, high] = range;
      const lowest = sliderValue(control, control.offAtMin !== undefined ? control.min + control.step : control.min);
      const highest = sliderValue(control, control.max);
      expect(lowest, `${control.id} low`).toBeLessThanOrEqual(low * (1 + 1e-9));
      expect(highest, `${control.id} high`).toBeGreaterThanOrEqual(high * (1 - 1e-9));
    }
  });

  it("have unique ids that are safe in a link", () => {
    const ids = CONTROLS.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z]+$/);
    expect(ids).not.toContain("preset");
    expect(ids).not.toContain("seeds");
    expect(ids).not.toContain("seed");
  });
});

describe("slider positions and values", () => {
  const threshold = sliders.find((c) => c.id === "threshold") as SliderControl;
  const audit = sliders.find((c) => c.id === "audit") as SliderControl;

  it("log sliders move the exponent: position 25 is 1e25 FLOP, 26.5 is 3.16e26", () => {
    expect(sliderValue(threshold, 25)).toBe(1e25);
    expect(sliderValue(threshold, 26.5)).toBe(3.16e26);
    expect(sliderPosition(threshold, 1e26)).toBeCloseTo(26, 12);
    expect(formatFlop(3.16e26)).toBe("3.2e26");
    expect(formatFlop(1e26)).toBe("1e26");
  });

  it("the audit slider's leftmost position is no audit", () => {
    expect(positionValue(audit, -1)).toBeNull();
    expect(positionValue(audit, 0)).toBe(0);
    expect(sliderPosition(audit, null)).toBe(-1);
    expect(clampToSlider(audit, -5)).toBe(0);
    expect(clampToSlider(audit, 99)).toBe(8);
  });

  it("every position maps to a value that maps back to the same position", () => {
    for (const control of sliders) {
      for (let position = control.min; position <= control.max + 1e-9; position += control.step) {
        const value = positionValue(control, position);
        const back = sliderPosition(control, value);
        expect(Math.abs(back - position), `${control.id} at ${position}`).toBeLessThan(control.scale === "log10" ? 0.01 : 1e-9);
      }
    }
  });
});

describe("control overrides", () => {
  const extremes = (end: "min" | "max"): Record<string, ControlValue> => {
    const changed: Record<string, ControlValue> = {};
    for (const control of CONTROLS) {
      if (control.type === "toggle") changed[control.id] = end === "max";
      else changed[control.id] = positionValue(control, end === "min" ? control.min : control.max);
    }
    return changed;
  };

  it("give a valid scenario for every preset with every control at either end", () => {
    for (const preset of presets)
      for (const end of ["min", "max"] as const) {
        const whatIf = buildWhatIf(files, presets, { preset: preset.id, seeds: 2, changed: extremes(end) });
        expect(whatIf.scenario.technology.algorithmicEfficiencyDoublingMonths).toBe(end === "min" ? 3 : 24);
        if (preset.hasRegime) {
          const regime = whatIf.scenario.regime;
          expect(regime).not.toBeNull();
          expect(regime?.thresholdFlop).toBe(end === "min" ? 1e24 : 1e28);
          expect(regime?.preReleaseApproval === null).toBe(end === "min");
          expect(regime?.openWeightBanFlop === null).toBe(end === "min");
          expect(regime?.foreignReview === null).toBe(end === "min");
        } else expect(whatIf.scenario.regime).toBeNull();
      }
  });

  it("set exactly the fields of the moved controls", () => {
    const preset = resolveBundled(files, "licensing-era.yaml").scenario;
    expect(controlOverrides(preset, { threshold: 1e25, detection: 0.5 })).toEqual({
      "regime.thresholdFlop": 1e25,
      "regime.enforcement.detectionProbabilityPerQuarter": 0.5,
    });
    expect(controlOverrides(preset, { audit: null })).toEqual({ "regime.preReleaseApproval": null });
    expect(controlOverrides(preset, { audit: 4 })).toEqual({ "regime.preReleaseApproval.auditDelayQuarters": 4 });
    // the ban line follows the licensing line when the preset has none
    expect(controlOverrides(preset, { owban: true, threshold: 3e25 })).toEqual({ "regime.openWeightBanFlop": 3e25, "regime.thresholdFlop": 3e25 });
  });

  it("add a pre-release audit with the schema's defaults to a preset without one", () => {
    const whatIf = buildWhatIf(files, presets, { preset: "compute-threshold", seeds: 2, changed: { audit: 3 } });
    expect(whatIf.scenario.regime?.preReleaseApproval).toEqual({ auditDelayQuarters: 3, blockProbability: 0.1, openWeightsAllowed: false });
  });

  it("switch on foreign review for the foreign bloc against the home enterprise segments", () => {
    const baseline = resolveBundled(files, "baseline.yaml").scenario;
    expect(defaultForeignReview(baseline)).toEqual({ blockedJurisdictions: ["foreign"], segments: ["regulated-enterprise", "other-enterprise"] });
  });

  it("ignore regime controls when the preset has no regime", () => {
    const baseline = resolveBundled(files, "baseline.yaml").scenario;
    expect(controlOverrides(baseline, { threshold: 1e25, algo: 12 })).toEqual({ "technology.algorithmicEfficiencyDoublingMonths": 12 });
    expect(controlValues(baseline).threshold).toBeNull();
  });

  it("describe each change in words", () => {
    const preset = resolveBundled(files, "licensing-era.yaml").scenario;
    expect(describeChanges(preset, { threshold: 1e25, audit: null, owban: true })).toEqual([
      "Licensing line (training compute): 1e26 FLOP -> 1e25 FLOP",
      "Pre-release audit delay: 2 quarters -> no audit",
      "Open-weight ban: off -> on",
    ]);
  });
});

describe("a tiered regime", () => {
  it("moves the light tier's line with the licensing line, keeping the preset's ratio", () => {
    const tiered = resolveBundled(files, "tiered-licensing.yaml").scenario;
    const ratio = (tiered.regime?.lightTier?.minTrainingFlop ?? 0) / (tiered.regime?.thresholdFlop ?? 1);
    const whatIf = buildWhatIf(files, presets, { preset: "tiered-licensing", seeds: 2, changed: { threshold: 1e24 } });
    expect(ratio).toBeGreaterThan(0);
    expect(ratio).toBeLessThan(1);
    expect((whatIf.scenario.regime?.lightTier?.minTrainingFlop ?? 0) / (1e24 * ratio)).toBeCloseTo(1, 2);
  });
});
