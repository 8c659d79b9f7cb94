// The what-if page's controls: which scenario field each one sets (its range, scale and
// whole-number flag are the schema's, see sim/scenario/parameters.ts), how its value is shown,
// and how a set of control values becomes scenario overrides (dotted path -> value) on top of a
// preset. Portable: the page, its worker and the tests use it.
import { parameterInfo } from "../scenario/parameters.js";
import type { Scenario } from "../scenario/schema.js";

/** A slider: the scenario field it sets and the range a student can explore. */
export interface SliderControl {
  type: "slider";
  /** short key in the shared link, e.g. `threshold` */
  id: string;
  /** dotted scenario path, e.g. `regime.thresholdFlop` */
  path: string;
  label: string;
  /** one-line help shown under the control */
  help: string;
  /** slider range in the control's own units (log10 of the value for log sliders) */
  min: number;
  max: number;
  step: number;
  /** "log10": the slider moves the exponent (the FLOP line spans four orders of magnitude) */
  scale: "linear" | "log10";
  /** whole numbers only (quarters, seeds) */
  integer: boolean;
  /** false for controls that act on the market itself (both arms), true for regime fields */
  regime: boolean;
  /** the leftmost position means "none" (the field's object is removed), shown with this text */
  offAtMin?: string;
  format: (value: number) => string;
}

/** An on/off switch for an optional part of the regime (null when off). */
export interface ToggleControl {
  type: "toggle";
  id: string;
  path: string;
  label: string;
  help: string;
  regime: true;
}

export type Control = SliderControl | ToggleControl;

/** Control value: a number for sliders, on/off for toggles; null is "off" for the audit slider. */
export type ControlValue = number | boolean | null;

/** FLOP in scientific notation: 1e26, 3.2e25. */
export function formatFlop(flop: number): string {
  const exponent = Math.floor(Math.log10(flop) + 1e-9);
  const mantissa = Number((flop / 10 ** exponent).toPrecision(2));
  return mantissa === 1 ? `1e${exponent}` : `${mantissa}e${exponent}`;
}

function usdM(value: number): string {
  if (value === 0) return "$0";
  if (value < 0.01) return `$${Number((value * 1000).toPrecision(2))}k`;
  if (value < 1) return `$${Number((value * 1000).toPrecision(3))}k`;
  return `$${Number(value.toPrecision(3))}M`;
}

const percent = (value: number) => `${Number((value * 100).toPrecision(3))}%`;

/** What a slider states itself; its range, scale and whole-number flag come from the scenario schema. */
type SliderCopy = Omit<SliderControl, "type" | "min" | "max" | "scale" | "integer">;

/**
 * A slider over the field at `copy.path`, spanning the field's slider range from the schema
 * (`explore`, else the plausible `range`), in log10 units when the schema's scale is log. A slider
 * with an "off" end gets one extra step below the range for it.
 */
function slider(copy: SliderCopy): SliderControl {
  const info = parameterInfo(copy.path);
  if (!info?.sliderRange) throw new Error(`internal: the scenario schema gives ${copy.path} no range for a slider`);
  const log = info.scale === "log";
  const [low, high] = info.sliderRange.map((v) => (log ? Math.log10(v) : v));
  return { type: "slider", ...copy, min: copy.offAtMin !== undefined ? low - copy.step : low, max: high, scale: log ? "log10" : "linear", integer: info.integer };
}

/** Sliders and switches in the order the page shows them. */
export const CONTROLS: readonly Control[] = [
  slider({
    id: "threshold",
    path: "regime.thresholdFlop",
    label: "Licensing line (training compute)",
    help: "Models trained with at least this much compute need a full licence (a light tier's line moves with it).",
    step: 0.1,
    regime: true,
    format: (v) => `${formatFlop(v)} FLOP`,
  }),
  slider({
    id: "fee",
    path: "regime.licenceFeePerYearUsdM",
    label: "Licence fee",
    help: "Paid to the regulator by each licensed firm, per year.",
    step: 0.5,
    regime: true,
    format: (v) => `${usdM(v)} per year`,
  }),
  slider({
    id: "security",
    path: "regime.complianceCosts.weightSecurityOneOffUsdM",
    label: "Weight security (one-off)",
    help: "Set-up cost of hardware security modules and multi-party authorization ($5-20M quoted).",
    step: 0.5,
    regime: true,
    format: (v) => usdM(v),
  }),
  slider({
    id: "monitoring",
    path: "regime.complianceCosts.inferenceMonitoringPerDeploymentPerYearUsdM",
    label: "Inference monitoring",
    help: "Real-time monitoring of each deployed licensed model ($2-8M per year quoted).",
    step: 0.5,
    regime: true,
    format: (v) => `${usdM(v)} per model per year`,
  }),
  slider({
    id: "overhead",
    path: "regime.complianceCosts.monitoringServingCostOverhead",
    label: "Monitoring serving overhead",
    help: "Extra serving cost of monitored models: a classifier pass on each request (assumption; the 15-30% quoted is latency, a loss buyers feel).",
    step: 0.01,
    regime: true,
    format: (v) => `+${percent(v)} serving cost`,
  }),
  slider({
    id: "redteam",
    path: "regime.complianceCosts.redTeamingPerYearUsdM",
    label: "Red-teaming",
    help: "Standardized red-teaming of each licensed model ($1-3M per year quoted).",
    step: 0.1,
    regime: true,
    format: (v) => `${usdM(v)} per model per year`,
  }),
  slider({
    id: "vetting",
    path: "regime.complianceCosts.endUserVettingPerEnterpriseCustomerPerYearUsdM",
    label: "End-user vetting",
    help: "Background checks and use-case approval, per enterprise customer served.",
    step: 0.05,
    regime: true,
    format: (v) => `${usdM(v)} per customer per year`,
  }),
  slider({
    id: "costscale",
    path: "regime.complianceCosts.scale",
    label: "All compliance costs x",
    help: "Multiplies every compliance cost above (1 = as quoted).",
    step: 0.1,
    regime: true,
    format: (v) => `x${Number(v.toPrecision(3))}`,
  }),
  slider({
    id: "detection",
    path: "regime.enforcement.detectionProbabilityPerQuarter",
    label: "Enforcement",
    help: "Chance per quarter that an unlicensed model above the line is caught.",
    step: 0.01,
    regime: true,
    format: (v) => `${percent(v)} per quarter`,
  }),
  slider({
    id: "audit",
    path: "regime.preReleaseApproval.auditDelayQuarters",
    label: "Pre-release audit delay",
    help: "Quarters an audit holds a licensed model before release (leftmost: no audit).",
    step: 1,
    regime: true,
    offAtMin: "no audit",
    format: (v) => (v === 1 ? "1 quarter" : `${v} quarters`),
  }),
  {
    type: "toggle",
    id: "owban",
    path: "regime.openWeightBanFlop",
    label: "Open-weight ban",
    help: "Releasing open weights of a model at or above the ban line is illegal (the line is the licensing line unless the preset sets its own).",
    regime: true,
  },
  {
    type: "toggle",
    id: "foreign",
    path: "regime.foreignReview",
    label: "Foreign-entity review",
    help: "Providers from the foreign bloc are shut out of the home enterprise segments (or the segments the preset names).",
    regime: true,
  },
  slider({
    id: "algo",
    path: "technology.algorithmicEfficiencyDoublingMonths",
    label: "Algorithmic efficiency doubling",
    help: "Months for the compute a fixed capability needs to halve (faster = the line bites sooner). Applies with and without the regime.",
    step: 1,
    regime: false,
    format: (v) => `every ${Number(v.toPrecision(3))} months`,
  }),
];

/** Replicate runs per arm: the slider range and the page's default. */
export const SEEDS = { min: 1, max: 50, default: 20 } as const;

export function controlById(id: string): Control | undefined {
  return CONTROLS.find((c) => c.id === id);
}

// ---------------------------------------------------------------------------------------------
// Slider positions <-> values

/** The control value a slider position stands for: null at the "off" end, else sliderValue. */
export function positionValue(control: SliderControl, position: number): number | null {
  if (control.offAtMin !== undefined && position <= control.min) return null;
  return sliderValue(control, position);
}

/** The field value a slider position stands for (10^position on log sliders, rounded to 3 digits). */
export function sliderValue(control: SliderControl, position: number): number {
  if (control.scale === "log10") return Number((10 ** position).toPrecision(3));
  const snapped = Math.round(position / control.step) * control.step;
  return Number(snapped.toFixed(6));
}

/** The slider position of a value, clamped to the slider's range; "off" (null) is the leftmost. */
export function sliderPosition(control: SliderControl, value: number | null): number {
  if (value === null) return control.offAtMin !== undefined ? control.min : control.max;
  const raw = control.scale === "log10" ? Math.log10(value) : value;
  return Math.min(control.max, Math.max(control.min, raw));
}

/** Closest value the slider can stand for (clamped to the range, snapped to the step). */
export function clampToSlider(control: SliderControl, value: number): number {
  if (control.offAtMin !== undefined && value <= control.min) return control.min + control.step;
  if (control.scale === "log10") {
    const position = sliderPosition(control, value);
    return position === Math.log10(value) ? Number(value.toPrecision(3)) : sliderValue(control, position);
  }
  const clamped = Math.min(control.max, Math.max(control.min, value));
  return control.integer ? Math.round(clamped) : Number(clamped.toPrecision(6));
}

// ---------------------------------------------------------------------------------------------
// Reading values from a scenario

function getPath(value: unknown, path: string): unknown {
  let node = value;
  for (const key of path.split(".")) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** What each control shows for a scenario (the preset's own values); regime controls are null without a regime. */
export function controlValues(scenario: Scenario): Record<string, ControlValue> {
  const values: Record<string, ControlValue> = {};
  for (const control of CONTROLS) {
    if (control.regime && !scenario.regime) {
      values[control.id] = null;
      continue;
    }
    if (control.type === "toggle") {
      values[control.id] = getPath(scenario, control.path) !== null && getPath(scenario, control.path) !== undefined;
      continue;
    }
    if (control.id === "audit") {
      values.audit = scenario.regime?.preReleaseApproval ? scenario.regime.preReleaseApproval.auditDelayQuarters : null;
      continue;
    }
    const value = getPath(scenario, control.path);
    values[control.id] = typeof value === "number" ? value : null;
  }
  return values;
}

// ---------------------------------------------------------------------------------------------
// Control values -> scenario overrides

/** Foreign review when switched on in a preset without one: the foreign bloc, shut out of the home enterprise segments. */
export function defaultForeignReview(scenario: Scenario): { blockedJurisdictions: string[]; segments: string[] } {
  const home = scenario.regime?.jurisdiction ?? scenario.homeJurisdiction;
  const others = Object.keys(scenario.jurisdictions).filter((j) => j !== home);
  const blocked = others.includes("foreign") ? ["foreign"] : others;
  const homeSegments = Object.entries(scenario.segments).filter(([, segment]) => segment.jurisdiction === home);
  const enterprise = homeSegments.filter(([, segment]) => segment.enterprise);
  return { blockedJurisdictions: blocked, segments: (enterprise.length > 0 ? enterprise : homeSegments).map(([id]) => id) };
}

/**
 * The overrides (dotted path -> value) that turn `preset` into the what-if scenario, for the
 * controls whose value differs from the preset's. Regime controls are ignored when the preset has
 * no regime (there is nothing to tune).
 */
export function controlOverrides(preset: Scenario, changed: Record<string, ControlValue>): Record<string, unknown> {
  const overrides: Record<string, unknown> = {};
  const threshold = typeof changed.threshold === "number" ? changed.threshold : (preset.regime?.thresholdFlop ?? null);
  for (const control of CONTROLS) {
    if (!(control.id in changed)) continue;
    const value = changed[control.id];
    if (control.regime && !preset.regime) continue;
    if (control.id === "audit") {
      if (value === null) overrides["regime.preReleaseApproval"] = null;
      else if (preset.regime?.preReleaseApproval) overrides[control.path] = value;
      else overrides["regime.preReleaseApproval"] = { auditDelayQuarters: value };
    } else if (control.id === "owban") {
      overrides[control.path] = value ? (preset.regime?.openWeightBanFlop ?? threshold ?? 1e26) : null;
    } else if (control.id === "foreign") {
      overrides[control.path] = value ? (preset.regime?.foreignReview ?? defaultForeignReview(preset)) : null;
    } else if (typeof value === "number") {
      overrides[control.path] = value;
    }
  }
  // A light tier sits below the licensing line: it moves with the line, keeping the preset's ratio.
  const light = preset.regime?.lightTier;
  const presetLine = preset.regime?.thresholdFlop;
  if (light && presetLine && typeof overrides["regime.thresholdFlop"] === "number")
    overrides["regime.lightTier.minTrainingFlop"] = Number(((overrides["regime.thresholdFlop"] as number) * (light.minTrainingFlop / presetLine)).toPrecision(3));
  return overrides;
}

/** One line per changed control: "Licensing line (training compute): 1e26 FLOP -> 1e25 FLOP". */
export function describeChanges(preset: Scenario, changed: Record<string, ControlValue>): string[] {
  const before = controlValues(preset);
  const lines: string[] = [];
  for (const control of CONTROLS) {
    if (!(control.id in changed) || (control.regime && !preset.regime)) continue;
    lines.push(`${control.label}: ${showValue(control, before[control.id])} -> ${showValue(control, changed[control.id])}`);
  }
  return lines;
}

/** A control value in words: "1e26 FLOP", "on", "no audit". */
export function showValue(control: Control, value: ControlValue): string {
  if (control.type === "toggle") return value ? "on" : "off";
  if (value === null || typeof value !== "number") return control.offAtMin ?? (control.id === "threshold" ? "no compute line" : "none");
  return control.format(value);
}
