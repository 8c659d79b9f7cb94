// From the page's state to the scenarios it runs: presets are the shipped scenario files (bundled
// as text), `extends:` is followed inside that bundle, the moved controls become overrides, and
// the comparison arm is the same scenario with `regime: null` (what `simulate` runs as its
// counterfactual). Portable: no file system.
import { resolveScenarioText, type ExtendsResolver, type ResolvedScenario } from "../scenario/resolve.js";
import type { Scenario } from "../scenario/schema.js";
import { NO_REGIME_ARM, comparisonTables, type ArmRuns, type StudyTables } from "../statistics.js";
import { controlOverrides, describeChanges } from "./controls.js";
import type { WhatIfState } from "./state.js";

/** Scenario files by path relative to scenarios/: `baseline.yaml`, `teaching/01-first-look.yaml`. */
export type ScenarioFiles = Record<string, string>;

/** Name of the comparison arm: the same scenario and seeds without the regime (sim/statistics.ts). */
export { NO_REGIME_ARM } from "../statistics.js";

export interface Preset {
  /** `licensing-era`, `teaching/02-the-line` (the file path without .yaml) */
  id: string;
  /** path relative to scenarios/ */
  file: string;
  name: string;
  description: string;
  hasRegime: boolean;
  /** "regime" for top-level scenario files, "teaching" for scenarios/teaching/ */
  group: "regime" | "teaching";
}

/** `teaching/../baseline.yaml` -> `baseline.yaml`; undefined when the path leaves scenarios/. */
export function normalizeScenarioPath(path: string): string | undefined {
  const out: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") {
      if (out.length === 0) return undefined;
      out.pop();
    } else out.push(part);
  }
  return out.join("/");
}

/** Follows `extends:` inside the bundled files: paths relative to the extending file, bare names in scenarios/. */
export function bundleResolver(files: ScenarioFiles): ExtendsResolver {
  return (ref, fromFile) => {
    const from = fromFile.replace(/^scenarios\//, "");
    const bare = !/[\\/]/.test(ref) && !/\.(ya?ml|json)$/i.test(ref);
    const dir = from.includes("/") ? from.slice(0, from.lastIndexOf("/") + 1) : "";
    const path = bare ? `${ref}.yaml` : normalizeScenarioPath(dir + ref);
    const available = Object.keys(files).map((f) => f.replace(/\.yaml$/, "")).join(", ");
    if (path === undefined || !(path in files))
      return { problem: `expected a scenario shipped with the page, got "${ref}" (available: ${available})` };
    return { file: `scenarios/${path}`, text: files[path], id: path };
  };
}

/** Resolve one bundled scenario file (extends followed, overrides applied, validated). */
export function resolveBundled(files: ScenarioFiles, file: string, overrides?: Record<string, unknown>): ResolvedScenario {
  const text = files[file];
  if (text === undefined) throw new Error(`no bundled scenario ${file}`);
  return resolveScenarioText(text, `scenarios/${file}`, { id: file, resolveExtends: bundleResolver(files), overrides, overridesLabel: "what-if controls" });
}

/** The presets: baseline first, then the other top-level scenarios, then the teaching scenarios, by name. */
export function listPresets(files: ScenarioFiles): Preset[] {
  const presets: Preset[] = [];
  for (const file of Object.keys(files)) {
    const scenario = resolveBundled(files, file).scenario;
    presets.push({
      id: file.replace(/\.yaml$/, ""),
      file,
      name: scenario.name,
      description: scenario.description.trim(),
      hasRegime: scenario.regime !== null,
      group: file.startsWith("teaching/") ? "teaching" : "regime",
    });
  }
  const rank = (p: Preset) => (p.id === "baseline" ? 0 : p.group === "regime" ? 1 : 2);
  return presets.sort((a, b) => rank(a) - rank(b) || a.id.localeCompare(b.id));
}

/** The preset a fresh page shows: licensing-era when shipped, else the first with a regime. */
export function defaultPresetId(presets: readonly Preset[]): string {
  return (presets.find((p) => p.id === "licensing-era") ?? presets.find((p) => p.hasRegime) ?? presets[0]).id;
}

export interface WhatIf {
  preset: Preset;
  /** the preset as shipped (control values are compared with it) */
  presetScenario: Scenario;
  /** the scenario with the student's changes: the regime arm */
  scenario: Scenario;
  /** the same scenario with `regime: null`; absent when the preset has no regime */
  noRegime?: Scenario;
  /** "Licensing line: 1e26 FLOP -> 1e25 FLOP", one per moved control */
  changes: string[];
}

/** The scenarios a state asks for. Throws ScenarioError when a control value fails validation. */
export function buildWhatIf(files: ScenarioFiles, presets: readonly Preset[], state: WhatIfState): WhatIf {
  const preset = presets.find((p) => p.id === state.preset);
  if (!preset) throw new Error(`unknown preset ${state.preset}`);
  const presetScenario = resolveBundled(files, preset.file).scenario;
  const overrides = controlOverrides(presetScenario, state.changed);
  const changes = describeChanges(presetScenario, state.changed);
  if (Object.keys(overrides).length > 0) {
    overrides.name = `${presetScenario.name}-what-if`;
    overrides.description = `${presetScenario.description.trim()} What-if changes: ${changes.join("; ")}.`;
  }
  // The run seeds derive from the scenario's seed (as in the CLI), so a chosen master seed is written there.
  if (state.masterSeed !== undefined && state.masterSeed !== presetScenario.seed) overrides.seed = state.masterSeed;
  const scenario = Object.keys(overrides).length > 0 ? resolveBundled(files, preset.file, overrides).scenario : presetScenario;
  const whatIf: WhatIf = { preset, presetScenario, scenario, changes };
  if (scenario.regime) whatIf.noRegime = { ...scenario, regime: null };
  return whatIf;
}

/** The arms an update runs: the scenario as set, then (with a regime) the same scenario without it. */
export function whatIfArms(whatIf: WhatIf): { name: string; scenario: Scenario }[] {
  // Charts say "The <arm> regime ...": "The licensing-era regime", "The licensing-era what-if regime".
  const armName = whatIf.changes.length > 0 ? `${whatIf.presetScenario.name} what-if` : whatIf.scenario.name;
  const arms = [{ name: armName, scenario: whatIf.scenario }];
  if (whatIf.noRegime) arms.push({ name: NO_REGIME_ARM, scenario: whatIf.noRegime });
  return arms;
}

/** The statistics the page draws from the arms' runs (every seed at the end, the seeds in so far while partial). */
export function whatIfTables(whatIf: WhatIf, armRuns: ArmRuns[], moatVersion: string): StudyTables {
  return comparisonTables({
    name: whatIf.scenario.name,
    arms: armRuns,
    baseline: whatIf.noRegime ? NO_REGIME_ARM : undefined,
    startYear: whatIf.scenario.startYear,
    periodsPerYear: whatIf.scenario.periodsPerYear,
    regimeStartPeriod: whatIf.scenario.regime ? whatIf.scenario.regime.startPeriod : null,
    moatVersion,
  });
}
