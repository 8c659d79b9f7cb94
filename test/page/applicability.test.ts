// Which page controls act in a scenario: a licence cost needs a licensing line and its obligation.
import { describe, expect, it } from "vitest";
import { readScenarioFiles } from "../../sim/page/app/build.js";
import { inapplicableFields } from "../../sim/page/applicability.js";
import { CONTROLS } from "../../sim/page/controls.js";
import { buildWhatIf, listPresets } from "../../sim/page/whatif.js";

const files = readScenarioFiles();
const presets = listPresets(files);
const scenarioOf = (preset: string, changed = {}) => buildWhatIf(files, presets, { preset, seeds: 2, changed }).scenario;

describe("inapplicableFields", () => {
  it("teaching scenario 03 (no licensing line): the fee, every compliance cost and the audit do not apply; enforcement and the ban do", () => {
    const reasons = inapplicableFields(scenarioOf("teaching/03-open-weights-ban"));
    for (const path of ["regime.licenceFeePerYearUsdM", "regime.complianceCosts.weightSecurityOneOffUsdM", "regime.complianceCosts.scale", "regime.preReleaseApproval.auditDelayQuarters"])
      expect(reasons.get(path), path).toMatch(/no licensing line/);
    for (const path of ["regime.thresholdFlop", "regime.enforcement.detectionProbabilityPerQuarter", "regime.openWeightBanFlop", "technology.algorithmicEfficiencyDoublingMonths"]) expect(reasons.has(path), path).toBe(false);
  });

  it("adding a line brings the licence costs back", () => {
    const reasons = inapplicableFields(scenarioOf("teaching/03-open-weights-ban", { threshold: 1e26 }));
    expect(reasons.has("regime.licenceFeePerYearUsdM")).toBe(false);
    expect(reasons.has("regime.complianceCosts.weightSecurityOneOffUsdM")).toBe(false);
  });

  it("teaching scenario 01 (obligations off): each obligation's cost is inapplicable, the fee and its scale apply", () => {
    const reasons = inapplicableFields(scenarioOf("teaching/01-a-simple-licence"));
    expect(reasons.get("regime.complianceCosts.weightSecurityOneOffUsdM")).toMatch(/weightSecurity: false/);
    expect(reasons.get("regime.complianceCosts.monitoringServingCostOverhead")).toMatch(/inferenceMonitoring: false/);
    expect(reasons.has("regime.licenceFeePerYearUsdM")).toBe(false);
    expect(reasons.has("regime.complianceCosts.scale")).toBe(false);
  });

  it("licensing-era: every control applies; only fields of page controls are ever named", () => {
    expect([...inapplicableFields(scenarioOf("licensing-era")).keys()]).toEqual([]);
    const paths = new Set(CONTROLS.map((c) => c.path));
    for (const preset of presets) for (const path of inapplicableFields(scenarioOf(preset.id)).keys()) expect(paths.has(path), `${preset.id}: ${path}`).toBe(true);
  });
});
