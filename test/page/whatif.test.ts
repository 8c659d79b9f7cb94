import { describe, expect, it } from "vitest";
import { readScenarioFiles } from "../../sim/page/app/build.js";
import { NO_REGIME_ARM, buildWhatIf, bundleResolver, defaultPresetId, listPresets, normalizeScenarioPath, resolveBundled } from "../../sim/page/whatif.js";
import { loadScenario } from "../../sim/scenario/load.js";
import { ScenarioError } from "../../sim/scenario/errors.js";

const files = readScenarioFiles();
const presets = listPresets(files);

describe("presets", () => {
  it("are every shipped scenario, baseline first, teaching scenarios last", () => {
    const top = Object.keys(files).filter((f) => !f.includes("/"));
    expect(presets.filter((p) => p.group === "regime").map((p) => p.file).sort()).toEqual(top.sort());
    expect(presets[0].id).toBe("baseline");
    expect(presets[0].hasRegime).toBe(false);
    const groups = presets.map((p) => p.group);
    expect(groups.indexOf("teaching") === -1 || groups.lastIndexOf("regime") < groups.indexOf("teaching")).toBe(true);
    expect(defaultPresetId(presets)).toBe("licensing-era");
  });

  it("resolve exactly as the CLI's loader does from disk", async () => {
    for (const preset of presets) {
      const fromDisk = (await loadScenario(`scenarios/${preset.file}`)).scenario;
      expect(resolveBundled(files, preset.file).scenario, preset.id).toEqual(fromDisk);
    }
  });

  it("follow extends inside the bundle: relative paths and bare names", () => {
    expect(normalizeScenarioPath("teaching/../baseline.yaml")).toBe("baseline.yaml");
    expect(normalizeScenarioPath("../outside.yaml")).toBeUndefined();
    const resolve = bundleResolver({ "baseline.yaml": "a: 1", "teaching/x.yaml": "b: 2" });
    expect(resolve("../baseline.yaml", "scenarios/teaching/x.yaml")).toEqual({ file: "scenarios/baseline.yaml", text: "a: 1", id: "baseline.yaml" });
    expect(resolve("baseline", "scenarios/teaching/x.yaml")).toEqual({ file: "scenarios/baseline.yaml", text: "a: 1", id: "baseline.yaml" });
    expect(resolve("nope", "scenarios/x.yaml")).toEqual({ problem: 'expected a scenario shipped with the page, got "nope" (available: baseline, teaching/x)' });
  });
});

describe("the what-if scenarios", () => {
  it("are the preset itself when nothing moved, compared with the same scenario without its regime", () => {
    const whatIf = buildWhatIf(files, presets, { preset: "licensing-era", seeds: 20, changed: {} });
    expect(whatIf.scenario).toEqual(whatIf.presetScenario);
    expect(whatIf.changes).toEqual([]);
    expect(whatIf.noRegime).toEqual({ ...whatIf.scenario, regime: null });
    expect(NO_REGIME_ARM).toBe("no regime");
  });

  it("are renamed and described when a control moved", () => {
    const whatIf = buildWhatIf(files, presets, { preset: "licensing-era", seeds: 20, changed: { threshold: 1e25 } });
    expect(whatIf.scenario.name).toBe("licensing-era-what-if");
    expect(whatIf.scenario.description).toMatch(/What-if changes: Licensing line \(training compute\): 1e26 FLOP -> 1e25 FLOP\.$/);
    expect(whatIf.scenario.regime?.thresholdFlop).toBe(1e25);
  });

  it("have no comparison arm for a preset without a regime", () => {
    expect(buildWhatIf(files, presets, { preset: "baseline", seeds: 20, changed: {} }).noRegime).toBeUndefined();
  });

  it("carry a chosen master seed in the scenario's seed, where the run seeds derive from", () => {
    expect(buildWhatIf(files, presets, { preset: "licensing-era", seeds: 20, changed: {}, masterSeed: 99 }).scenario.seed).toBe(99);
  });

  it("report a broken scenario as one line per problem", () => {
    const broken = { ...files, "licensing-era.yaml": `${files["licensing-era.yaml"]}\nperiods: -3\n` };
    expect(() => buildWhatIf(broken, presets, { preset: "licensing-era", seeds: 2, changed: {} })).toThrowError(ScenarioError);
    try {
      buildWhatIf(broken, presets, { preset: "licensing-era", seeds: 2, changed: {} });
    } catch (error) {
      expect((error as ScenarioError).problems).toEqual(["scenarios/licensing-era.yaml: periods: expected a whole number from 1 to 400, got -3"]);
    }
  });
});
