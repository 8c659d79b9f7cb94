// The what-if page's state and its shared-link form. A link names the preset, the number of
// seeds and only the controls a student moved away from the preset, e.g.
//   ?preset=licensing-era&seeds=20&threshold=1e25&owban=on&audit=off
// so a link stays short and readable. Portable.
import { CONTROLS, SEEDS, clampToSlider, controlById, type ControlValue } from "./controls.js";

export interface WhatIfState {
  /** preset scenario name (a file in scenarios/, or `teaching/<name>`) */
  preset: string;
  /** replicate runs per arm */
  seeds: number;
  /** master seed the run seeds derive from (undefined: the scenario's `seed`, as the CLI does) */
  masterSeed?: number;
  /** values of the controls moved away from the preset, by control id */
  changed: Record<string, ControlValue>;
}

/** Number in a link: shortest round-trip form without "+" (which a query string reads as a space). */
export function linkNumber(value: number): string {
  return String(value).replace("e+", "e");
}

/** The state as a query string (without "?"): preset and seeds first, then the changed controls in page order. */
export function encodeState(state: WhatIfState): string {
  const parts = [`preset=${encodeURIComponent(state.preset).replaceAll("%2F", "/")}`, `seeds=${state.seeds}`];
  if (state.masterSeed !== undefined) parts.push(`seed=${state.masterSeed}`);
  for (const control of CONTROLS) {
    if (!(control.id in state.changed)) continue;
    const value = state.changed[control.id];
    const text = typeof value === "number" ? linkNumber(value) : value === null ? "off" : value ? "on" : "off";
    parts.push(`${control.id}=${text}`);
  }
  return parts.join("&");
}

/** Notes on a damaged link shown at most (a link with thousands of bad keys gets a count of the rest). */
const MAX_NOTES = 10;

/** A value from a link, as it is echoed in a note: quoted, escaped, at most 40 characters. */
function shown(text: string): string {
  const cut = text.length > 40 ? `${text.slice(0, 40)}…` : text;
  return JSON.stringify(cut).replace(/[\u2028\u2029\u0085\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/**
 * A state from a query string. Unknown presets fall back to `defaultPreset`, values outside a
 * slider's range are clamped, unreadable values and unknown keys are dropped; each such repair is
 * reported as one line so the page can say what it did with a damaged link.
 */
export function decodeState(query: string, presets: readonly string[], defaultPreset: string): { state: WhatIfState; problems: string[] } {
  const params = new URLSearchParams(query.startsWith("?") || query.startsWith("#") ? query.slice(1) : query);
  const problems: string[] = [];
  let preset = params.get("preset") ?? defaultPreset;
  if (!presets.includes(preset)) {
    problems.push(`preset: expected one of ${presets.join(", ")}, got ${shown(preset)}; showing ${defaultPreset}`);
    preset = defaultPreset;
  }
  let seeds: number = SEEDS.default;
  const seedsText = params.get("seeds");
  if (seedsText !== null) {
    const n = Number(seedsText);
    if (seedsText.trim() === "" || !Number.isFinite(n)) problems.push(`seeds: expected a whole number from ${SEEDS.min} to ${SEEDS.max}, got ${shown(seedsText)}`);
    else seeds = Math.min(SEEDS.max, Math.max(SEEDS.min, Math.round(n)));
  }
  let masterSeed: number | undefined;
  const seedText = params.get("seed");
  if (seedText !== null) {
    const n = Number(seedText);
    if (seedText.trim() !== "" && Number.isInteger(n) && n >= 0 && n <= 2 ** 31 - 1) masterSeed = n === 0 ? 0 : n; // "-0" is seed 0
    else problems.push(`seed: expected a whole number from 0 to 2147483647, got ${shown(seedText)}`);
  }
  const changed: Record<string, ControlValue> = {};
  for (const [key, text] of params) {
    if (key === "preset" || key === "seeds" || key === "seed") continue;
    const control = controlById(key);
    if (!control) {
      problems.push(`${/^[A-Za-z0-9_-]{1,40}$/.test(key) ? key : shown(key)}: not a control of this page; ignored`);
      continue;
    }
    if (control.type === "toggle") {
      if (text === "on" || text === "off") changed[key] = text === "on";
      else problems.push(`${key}: expected on or off, got ${shown(text)}`);
      continue;
    }
    if (text === "off" && control.offAtMin !== undefined) {
      changed[key] = null;
      continue;
    }
    const value = Number(text);
    const valid = text.trim() !== "" && Number.isFinite(value) && (control.scale === "linear" || value > 0);
    if (!valid) {
      problems.push(`${key}: expected a number, got ${shown(text)}`);
      continue;
    }
    const clamped = clampToSlider(control, value);
    changed[key] = clamped === 0 ? 0 : clamped; // -0 (from "-1e-400") is 0 in a link
  }
  const state: WhatIfState = { preset, seeds, changed };
  if (masterSeed !== undefined) state.masterSeed = masterSeed;
  const kept = problems.length > MAX_NOTES ? [...problems.slice(0, MAX_NOTES), `... and ${problems.length - MAX_NOTES} more repairs`] : problems;
  return { state, problems: kept };
}
