// The what-if page: controls -> state (kept in the URL) -> scenarios -> runs in the worker pool ->
// statistics across seeds -> the CLI's charts and a plain-language readout. Everything the page
// computes comes from the same engine and the same chart builders as the CLI.
import type { MetricRow } from "../../../output.js";
import { deriveSeeds } from "../../../experiment/seeds.js";
import { buildChart, type ChartRequest, type StudyTables } from "../../../report/charts/index.js";
import { ScenarioError } from "../../../scenario/errors.js";
import {
  CONTROLS,
  SEEDS,
  controlValues,
  positionValue,
  showValue,
  sliderPosition,
  type Control,
  type ControlValue,
  type SliderControl,
} from "../../../page/controls.js";
import { runsCsv, scenarioYaml } from "../../../experiment/export.js";
import { readoutLines } from "../../../report/readout.js";
import { decodeState, encodeState, type WhatIfState } from "../../../page/state.js";
import { comparisonTables, type ArmRuns } from "../../../statistics.js";
import { NO_REGIME_ARM, buildWhatIf, defaultPresetId, listPresets, type WhatIf } from "../../../page/whatif.js";
import { drawChart, measureText } from "./charts.js";
import { Superseded, createRunPool, type RunRequest } from "./pool.js";

const files = __MOAT_SCENARIOS__;
const presets = listPresets(files);
const defaultPreset = defaultPresetId(presets);

/** What the tests and the timing measurement read (window.moatPage). */
interface PageProbe {
  state: WhatIfState;
  /** completed updates (charts drawn) since the page loaded */
  updates: number;
  /** the last completed update */
  last?: { ms: number; runMs: number; drawMs: number; runs: number; cached: number; seeds: number; scenario: string };
  /** all completed updates' times, ms from the control change to the charts drawn */
  timings: number[];
}

const probe: PageProbe = { state: decodeState(location.search, presets.map((p) => p.id), defaultPreset).state, updates: 0, timings: [] };
(window as unknown as { moatPage: PageProbe }).moatPage = probe;

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const statusLine = $<HTMLParagraphElement>("status");
const readoutList = $<HTMLUListElement>("readout");
const changesList = $<HTMLUListElement>("changes");
const problemsBox = $<HTMLDivElement>("problems");
const linkNotes = $<HTMLDivElement>("link-notes");
const presetSelect = $<HTMLSelectElement>("preset");
const presetDescription = $<HTMLParagraphElement>("preset-description");
const seedsInput = $<HTMLInputElement>("seeds");
const seedsValue = $<HTMLOutputElement>("seeds-value");
const shareInput = $<HTMLInputElement>("share-link");
const csvButton = $<HTMLButtonElement>("download-csv");
const yamlButton = $<HTMLButtonElement>("download-yaml");

/** One worker per core (the page's own thread mostly waits while they run), at most eight. */
const workerCount = Math.max(1, Math.min(8, navigator.hardwareConcurrency || 2));
const pool = createRunPool("worker.js", workerCount);

let state = probe.state;
let whatIf: WhatIf | undefined;
let lastArms: ArmRuns[] = [];
let changedAt = performance.now();
let debounce: ReturnType<typeof setTimeout> | undefined;
/** A dragged slider fires many input events; start running once it rests this long. */
const SLIDER_SETTLE_MS = 60;
/** Counts updates that reached the drawing stage, so an older one stops drawing over a newer one. */
let updateGeneration = 0;

// ---------------------------------------------------------------------------------------------
// Controls

interface ControlWidgets {
  control: Control;
  input: HTMLInputElement;
  output: HTMLOutputElement;
  row: HTMLElement;
}

const widgets: ControlWidgets[] = [];

function buildPresetSelect(): void {
  const groups = [
    { label: "Regimes", items: presets.filter((p) => p.group === "regime") },
    { label: "Teaching scenarios", items: presets.filter((p) => p.group === "teaching") },
  ];
  for (const group of groups) {
    if (group.items.length === 0) continue;
    const element = document.createElement("optgroup");
    element.label = group.label;
    for (const preset of group.items) {
      const option = document.createElement("option");
      option.value = preset.id;
      option.textContent = preset.hasRegime ? preset.id : `${preset.id} (no regime)`;
      element.append(option);
    }
    presetSelect.append(element);
  }
  presetSelect.addEventListener("change", () => {
    setState({ ...state, preset: presetSelect.value, changed: {} });
    syncControls();
    scheduleUpdate(0);
  });
}

function buildControls(): void {
  const regimeBox = $<HTMLFieldSetElement>("regime-controls");
  const marketBox = $<HTMLFieldSetElement>("market-controls");
  for (const control of CONTROLS) {
    const row = document.createElement("div");
    row.className = `control control-${control.type}`;
    row.dataset.control = control.id;
    const label = document.createElement("label");
    const input = document.createElement("input");
    input.id = `control-${control.id}`;
    input.name = control.id;
    label.htmlFor = input.id;
    label.textContent = control.label;
    const output = document.createElement("output");
    output.htmlFor.add(input.id);
    output.id = `value-${control.id}`;
    const help = document.createElement("p");
    help.className = "help";
    help.textContent = control.help;
    if (control.type === "slider") {
      input.type = "range";
      input.min = String(control.min);
      input.max = String(control.max);
      input.step = String(control.step);
      row.append(label, output, input, help);
    } else {
      input.type = "checkbox";
      label.prepend(input);
      row.append(label, output, help);
    }
    // While a slider is dragged ("input") wait for it to rest; once released ("change") run at once.
    input.addEventListener("input", () => onControlInput(control, input, control.type === "toggle" ? 0 : SLIDER_SETTLE_MS));
    if (control.type === "slider") input.addEventListener("change", () => onControlInput(control, input, 0));
    (control.regime ? regimeBox : marketBox).append(row);
    widgets.push({ control, input, output, row });
  }
  seedsInput.min = String(SEEDS.min);
  seedsInput.max = String(SEEDS.max);
  const onSeeds = (delayMs: number) => () => {
    seedsValue.value = seedsInput.value;
    setState({ ...state, seeds: Number(seedsInput.value) });
    scheduleUpdate(delayMs);
  };
  seedsInput.addEventListener("input", onSeeds(SLIDER_SETTLE_MS));
  seedsInput.addEventListener("change", onSeeds(0));
  $<HTMLButtonElement>("reset").addEventListener("click", () => {
    setState({ ...state, changed: {} });
    syncControls();
    scheduleUpdate(0);
  });
  $<HTMLButtonElement>("copy-link").addEventListener("click", () => {
    shareInput.select();
    void navigator.clipboard?.writeText(shareInput.value).catch(() => undefined);
  });
  csvButton.addEventListener("click", downloadCsv);
  yamlButton.addEventListener("click", downloadYaml);
}

function controlValueOf(control: Control, input: HTMLInputElement): ControlValue {
  if (control.type === "toggle") return input.checked;
  return positionValue(control, Number(input.value));
}

function onControlInput(control: Control, input: HTMLInputElement, delayMs: number): void {
  const value = controlValueOf(control, input);
  const presetValue = whatIf ? controlValues(whatIf.presetScenario)[control.id] : undefined;
  const changed = { ...state.changed };
  if (value === presetValue) delete changed[control.id];
  else changed[control.id] = value;
  setState({ ...state, changed });
  showControlValue(control, value);
  scheduleUpdate(delayMs);
}

function showControlValue(control: Control, value: ControlValue): void {
  const widget = widgets.find((w) => w.control === control);
  if (!widget) return;
  widget.output.value = showValue(control, value);
  widget.row.classList.toggle("changed", control.id in state.changed);
}

/** Put the controls where the state (and the preset) says. */
function syncControls(): void {
  presetSelect.value = state.preset;
  seedsInput.value = String(state.seeds);
  seedsValue.value = String(state.seeds);
  const preset = presets.find((p) => p.id === state.preset);
  presetDescription.textContent = preset?.description ?? "";
  let presetValues: Record<string, ControlValue> = {};
  try {
    presetValues = controlValues(buildWhatIf(files, presets, { ...state, changed: {} }).presetScenario);
  } catch {
    // shown by update()
  }
  const hasRegime = preset?.hasRegime ?? false;
  $<HTMLFieldSetElement>("regime-controls").disabled = !hasRegime;
  $<HTMLParagraphElement>("no-regime-note").hidden = hasRegime;
  for (const { control, input } of widgets) {
    const value = control.id in state.changed ? state.changed[control.id] : presetValues[control.id];
    if (control.type === "toggle") input.checked = value === true;
    else input.value = String(sliderPosition(control as SliderControl, typeof value === "number" ? value : null));
    showControlValue(control, control.regime && !hasRegime ? null : value);
  }
}

function setState(next: WhatIfState): void {
  state = next;
  probe.state = next;
  const query = encodeState(next);
  history.replaceState(null, "", `${location.pathname}?${query}`);
  shareInput.value = location.href;
}

// ---------------------------------------------------------------------------------------------
// Running and drawing

const CHARTS: { id: string; request: (arm: string, baseline: string | undefined) => Omit<ChartRequest, "size" | "measureText"> }[] = [
  { id: "chart-hhi", request: (_arm, baseline) => ({ kind: "timeseries", metric: "hhi_usage", vs: baseline }) },
  { id: "chart-frontier", request: (_arm, baseline) => ({ kind: "timeseries", metric: "frontier_providers", vs: baseline }) },
  { id: "chart-gray", request: (_arm, baseline) => ({ kind: "timeseries", metric: "gray_share", vs: baseline }) },
  { id: "chart-price", request: (_arm, baseline) => ({ kind: "timeseries", metric: "mean_price", vs: baseline }) },
  { id: "chart-shares", request: (arm) => ({ kind: "shares", metric: "usage_share", arm }) },
  { id: "chart-shares-baseline", request: (_arm, baseline) => ({ kind: "shares", metric: "usage_share", arm: baseline }) },
];

/** The state of the update last started (or waiting to start). */
let scheduledQuery = "";

function scheduleUpdate(delayMs: number): void {
  const query = encodeState(state);
  // A released slider ("change") after its last "input" already started this very update.
  if (query === scheduledQuery && debounce === undefined && document.body.dataset.status !== "error") return;
  scheduledQuery = query;
  changedAt = performance.now();
  if (debounce !== undefined) clearTimeout(debounce);
  debounce = setTimeout(() => {
    debounce = undefined;
    void update(changedAt);
  }, delayMs);
}

function showLines(box: HTMLElement, lines: string[]): void {
  box.hidden = lines.length === 0;
  box.replaceChildren(
    ...lines.map((line) => {
      const p = document.createElement("p");
      p.textContent = line;
      return p;
    }),
  );
}

async function update(startedAt: number): Promise<void> {
  let next: WhatIf;
  try {
    next = buildWhatIf(files, presets, state);
  } catch (error) {
    showLines(problemsBox, error instanceof ScenarioError ? error.problems : [String(error)]);
    document.body.dataset.status = "error";
    return;
  }
  showLines(problemsBox, []);
  whatIf = next;
  const generation = ++updateGeneration;
  const seeds = deriveSeeds(next.scenario.seed, state.seeds);
  // Charts say "The <arm> regime ...": "The licensing-era regime", "The licensing-era what-if regime".
  const armName = next.changes.length > 0 ? `${next.presetScenario.name} what-if` : next.scenario.name;
  const arms: { name: string; scenario: typeof next.scenario }[] = [{ name: armName, scenario: next.scenario }];
  if (next.noRegime) arms.push({ name: NO_REGIME_ARM, scenario: next.noRegime });
  const requests: RunRequest[] = arms.flatMap((arm) => seeds.map((seed) => ({ scenario: arm.scenario, seed })));
  document.body.dataset.status = "running";
  csvButton.disabled = true;
  let results: MetricRow[][];
  let cached = 0;
  try {
    results = await pool.run(requests, (progress) => {
      cached = progress.cached;
      statusLine.textContent = `Running ${requests.length} runs (${state.seeds} seeds x ${arms.length} arm${arms.length > 1 ? "s" : ""}) on ${pool.size} worker${pool.size > 1 ? "s" : ""}: ${progress.done} of ${progress.total} done`;
    });
  } catch (error) {
    if (error instanceof Superseded) return;
    statusLine.textContent = String(error instanceof Error ? error.message : error);
    document.body.dataset.status = "error";
    return;
  }
  const ranAt = performance.now();
  const armRuns: ArmRuns[] = arms.map((arm, a) => ({
    name: arm.name,
    scenario: next.scenario.name,
    seeds,
    runs: results.slice(a * seeds.length, (a + 1) * seeds.length),
  }));
  const baseline = next.noRegime ? NO_REGIME_ARM : undefined;
  const tables = comparisonTables({
    name: next.scenario.name,
    arms: armRuns,
    baseline,
    startYear: next.scenario.startYear,
    periodsPerYear: next.scenario.periodsPerYear,
    regimeStartPeriod: next.scenario.regime ? next.scenario.regime.startPeriod : null,
    moatVersion: __MOAT_VERSION__,
  });
  if (generation !== updateGeneration) return;
  const drawn = await draw(tables, next, armRuns[0].name, baseline, () => generation === updateGeneration);
  if (!drawn || changedAt !== startedAt) return; // a newer change is on its way
  lastArms = armRuns;
  csvButton.disabled = false;
  await new Promise((resolve) => requestAnimationFrame(() => resolve(undefined)));
  const ms = performance.now() - startedAt;
  probe.updates += 1;
  probe.timings.push(ms);
  probe.last = { ms, runMs: ranAt - startedAt, drawMs: performance.now() - ranAt, runs: requests.length, cached, seeds: state.seeds, scenario: next.scenario.name };
  statusLine.textContent = `${requests.length} runs (${state.seeds} seeds x ${arms.length} arm${arms.length > 1 ? "s" : ""}, ${cached} reused) drawn in ${(ms / 1000).toFixed(2)} s`;
  document.body.dataset.status = "ready";
  document.body.dataset.updates = String(probe.updates);
}

/** Draw charts and readout; false when `current()` turned false on the way (a newer update took over). */
async function draw(tables: StudyTables, next: WhatIf, arm: string, baseline: string | undefined, current: () => boolean): Promise<boolean> {
  const single = $<HTMLElement>("chart-shares-baseline").parentElement as HTMLElement;
  single.hidden = baseline === undefined;
  for (const chart of CHARTS) {
    if (chart.id === "chart-shares-baseline" && baseline === undefined) continue;
    const request = { ...chart.request(arm, baseline), size: "print", measureText } as ChartRequest;
    const built = buildChart(tables, request);
    if (!current()) return false;
    await drawChart($<HTMLElement>(chart.id), built.spec, built.title);
  }
  if (!current()) return false;
  changesList.replaceChildren(
    ...(next.changes.length > 0 ? next.changes : [`none: ${next.preset.id} as shipped`]).map((line) => {
      const li = document.createElement("li");
      li.textContent = line;
      return li;
    }),
  );
  const lines = baseline
    ? readoutLines(tables, arm, baseline).map((line) => ({ text: line.text, metric: line.metric, clear: line.clear }))
    : [{ text: `${next.preset.id} has no regime: the charts show the market on its own. Pick a regime preset to compare.`, metric: "", clear: false }];
  readoutList.replaceChildren(
    ...lines.map((line) => {
      const li = document.createElement("li");
      li.textContent = line.text;
      if (line.metric) li.dataset.metric = line.metric;
      li.classList.toggle("clear", line.clear);
      return li;
    }),
  );
  return true;
}

// ---------------------------------------------------------------------------------------------
// Downloads

function download(name: string, type: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function downloadCsv(): void {
  if (!whatIf || lastArms.length === 0) return;
  download(`${whatIf.scenario.name}-runs.csv`, "text/csv", runsCsv(lastArms));
}

function downloadYaml(): void {
  if (!whatIf) return;
  const header = [
    `${whatIf.scenario.name}: exported from the moat what-if page (moat ${__MOAT_VERSION__}).`,
    `Page state: ?${encodeState(state)}`,
    `Run it from the repository: npx moat run ${whatIf.scenario.name}.yaml`,
    ...(whatIf.changes.length > 0 ? ["Changed from the preset:", ...whatIf.changes.map((c) => `  ${c}`)] : []),
  ];
  download(`${whatIf.scenario.name}.yaml`, "application/yaml", scenarioYaml(whatIf.scenario, header));
}

// ---------------------------------------------------------------------------------------------

async function start(): Promise<void> {
  const decoded = decodeState(location.search, presets.map((p) => p.id), defaultPreset);
  buildPresetSelect();
  buildControls();
  setState(decoded.state);
  syncControls();
  showLines(linkNotes, decoded.problems.map((p) => `This link was repaired: ${p}`));
  await document.fonts?.ready;
  scheduledQuery = encodeState(state);
  changedAt = performance.now();
  void update(changedAt);
}

void start();
