// The what-if page: controls -> state (kept in the URL) -> scenarios -> runs in the worker pool ->
// statistics across seeds -> the CLI's charts and a plain-language readout. Everything the page
// computes comes from the same engine and the same chart builders as the CLI. A teaching scenario
// opens as an exercise: its questions, a prediction, then the runs and the charts it asks about.
import type { MetricRow } from "../../../output.js";
import { deriveSeeds } from "../../../experiment/seeds.js";
import { availableMetrics, buildChart, endEffects, metricWording, type ChartRequest, type StudyTables } from "../../../report/charts/index.js";
import { ScenarioError } from "../../../scenario/errors.js";
import { scenarioFields } from "../../../scenario/docs.js";
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
import { inapplicableFields } from "../../../page/applicability.js";
import { chartTable, chartTableCsv, type ChartTable, type ChartTableRequest } from "../../../page/chart-table.js";
import { PREDICTION_CHOICES, effectOutcome, parseExercise, trendOutcome, type Exercise, type Outcome } from "../../../page/exercises.js";
import { pageExportHeader, runsCsv, scenarioYaml } from "../../../experiment/export.js";
import { READOUT_METRICS, readoutLines } from "../../../report/readout.js";
import { decodeState, encodeState, type WhatIfState } from "../../../page/state.js";
import type { ArmRuns } from "../../../statistics.js";
import { NO_REGIME_ARM, buildWhatIf, defaultPresetId, listPresets, whatIfArms, whatIfTables, type WhatIf } from "../../../page/whatif.js";
import { armRunsOn, completeSeeds, dispatchOrder, drawnMarker, nextPartialDrawAt, onlyMetrics, partialStatus, remainingRunMs, worthRedrawing } from "../../../page/progressive.js";
import { chartPng, chartSvgText, drawChart, measureText } from "./charts.js";
import { Superseded, createRunPool, type Progress, type RunRequest } from "./pool.js";

const files = __MOAT_SCENARIOS__;
const presets = listPresets(files);
const defaultPreset = defaultPresetId(presets);
const exercises = new Map<string, Exercise>();
for (const preset of presets) {
  const exercise = preset.group === "teaching" ? parseExercise(files[preset.file]) : undefined;
  if (exercise) exercises.set(preset.id, exercise);
}

/** One drawing of the charts and readout: partial (some seeds) or final (all). */
interface DrawEvent {
  /** the settings drawn, as the URL's query */
  query: string;
  seedsDrawn: number;
  seedsTotal: number;
  final: boolean;
  /** ms from the control change to this draw's end */
  ms: number;
  /** ms this draw took (tables, charts, readout) */
  drawMs: number;
}

/** What the tests and the timing measurement read (window.moatPage). */
interface PageProbe {
  state: WhatIfState;
  /** completed updates (all seeds drawn) since the page loaded */
  updates: number;
  /**
   * The last completed update: ms from the control change to all seeds drawn, firstDrawMs to its
   * first chart drawn (partial or final), firstRunMs to its first new run in, runMs to the last
   * run in, drawMs from then to the end.
   */
  last?: { ms: number; firstDrawMs: number; firstRunMs: number; runMs: number; drawMs: number; partialDraws: number; runs: number; cached: number; seeds: number; scenario: string };
  /** all completed updates' times, ms from the control change to all seeds drawn */
  timings: number[];
  /** the latest draws, partial and final, oldest first (at most DRAW_EVENTS_KEPT) */
  draws: DrawEvent[];
}
const DRAW_EVENTS_KEPT = 500;

const probe: PageProbe = { state: decodeState(location.search, presets.map((p) => p.id), defaultPreset).state, updates: 0, timings: [], draws: [] };
(window as unknown as { moatPage: PageProbe }).moatPage = probe;

/**
 * Test hook (only the browser tests call it): hold(k) lets each update draw at most k runs beyond
 * those it found cached and keeps its final draw until release(), so the partial state can be
 * seen on any machine, however fast.
 */
const testHold = { runs: Infinity, waiting: [] as (() => void)[] };
(window as unknown as { moatTest: unknown }).moatTest = {
  hold: (runs: number) => {
    testHold.runs = runs;
  },
  release: () => {
    testHold.runs = Infinity;
    for (const resume of testHold.waiting.splice(0)) resume();
  },
};

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const statusLine = $<HTMLParagraphElement>("status");
const readoutList = $<HTMLUListElement>("readout");
const changesList = $<HTMLUListElement>("changes");
const problemsBox = $<HTMLDivElement>("problems");
const linkNotes = $<HTMLDivElement>("link-notes");
const presetSelect = $<HTMLSelectElement>("preset");
const presetDescription = $<HTMLParagraphElement>("preset-description");
const seedsInput = $<HTMLInputElement>("seeds");
const seedsValue = $<HTMLSpanElement>("seeds-value");
const shareInput = $<HTMLInputElement>("share-link");
const csvButton = $<HTMLButtonElement>("download-csv");
const yamlButton = $<HTMLButtonElement>("download-yaml");
const chartsBox = $<HTMLDivElement>("charts");
const readoutRegion = $<HTMLDivElement>("readout-region");

let state = probe.state;
let whatIf: WhatIf | undefined;
let lastArms: ArmRuns[] = [];
let changedAt = performance.now();
let debounce: ReturnType<typeof setTimeout> | undefined;
/** A dragged slider fires many input events; start running once it rests this long. */
const SLIDER_SETTLE_MS = 60;
/** Counts updates that reached the running stage, so an older one stops drawing over a newer one. */
let updateGeneration = 0;
/** Draws one at a time, across updates: a newer update's draw starts once an older one has stopped. */
let drawQueue: Promise<unknown> = Promise.resolve();
function queueDraw<T>(job: () => Promise<T>): Promise<T> {
  const drawing = drawQueue.then(job, job);
  drawQueue = drawing.catch(() => undefined);
  return drawing;
}
let pool: ReturnType<typeof createRunPool> | undefined;

// ---------------------------------------------------------------------------------------------
// Controls

interface ControlWidgets {
  control: Control;
  input: HTMLInputElement;
  value: HTMLSpanElement;
  row: HTMLElement;
  reason: HTMLParagraphElement;
}

const widgets: ControlWidgets[] = [];

function buildPresetSelect(): void {
  const groups = [
    { label: "Regimes", items: presets.filter((p) => p.group === "regime") },
    { label: "Teaching scenarios (exercises)", items: presets.filter((p) => p.group === "teaching") },
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
    syncExercise();
    scheduleUpdate(0);
  });
}

/** "1e26 FLOP" read aloud: "1 times 10 to the 26 FLOP"; other values as shown. */
export function spokenValue(text: string): string {
  return text.replace(/\b(\d+(?:\.\d+)?)e(-?\d+)\b/g, (_m, mantissa: string, exponent: string) => (mantissa === "1" ? `10 to the ${exponent}` : `${mantissa} times 10 to the ${exponent}`));
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
    const labelText = document.createElement("span");
    labelText.textContent = control.label;
    const tag = document.createElement("span");
    tag.className = "changed-tag";
    tag.textContent = "changed";
    const value = document.createElement("span");
    value.className = "value";
    value.id = `value-${control.id}`;
    const help = document.createElement("p");
    help.className = "help";
    help.id = `help-${control.id}`;
    help.textContent = control.help;
    const reason = document.createElement("p");
    reason.className = "reason";
    reason.id = `reason-${control.id}`;
    reason.hidden = true;
    input.setAttribute("aria-describedby", `${help.id} ${reason.id}`);
    if (control.type === "slider") {
      input.type = "range";
      input.min = String(control.min);
      input.max = String(control.max);
      input.step = String(control.step);
      label.append(labelText, tag);
      row.append(label, value, input, help, reason);
    } else {
      input.type = "checkbox";
      label.append(input, labelText, tag);
      row.append(label, value, help, reason);
    }
    // While a slider is dragged ("input") wait for it to rest; once released ("change") run at once.
    input.addEventListener("input", () => onControlInput(control, input, control.type === "toggle" ? 0 : SLIDER_SETTLE_MS));
    if (control.type === "slider") input.addEventListener("change", () => onControlInput(control, input, 0));
    (control.regime ? regimeBox : marketBox).append(row);
    widgets.push({ control, input, value, row, reason });
  }
  seedsInput.min = String(SEEDS.min);
  seedsInput.max = String(SEEDS.max);
  const onSeeds = (delayMs: number) => () => {
    showSeeds();
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
  $<HTMLButtonElement>("print-page").addEventListener("click", () => window.print());
}

function showSeeds(): void {
  seedsValue.textContent = seedsInput.value;
  seedsInput.setAttribute("aria-valuetext", `${seedsInput.value} seeds per arm`);
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
  showApplicability();
  scheduleUpdate(delayMs);
}

function showControlValue(control: Control, value: ControlValue): void {
  const widget = widgets.find((w) => w.control === control);
  if (!widget) return;
  const text = showValue(control, value);
  widget.value.textContent = text;
  if (control.type === "slider") widget.input.setAttribute("aria-valuetext", spokenValue(text));
  widget.row.classList.toggle("changed", control.id in state.changed);
}

/** Disable, with the reason, the controls that do not act in the scenario as set. */
function showApplicability(): void {
  let reasons = new Map<string, string>();
  try {
    reasons = inapplicableFields(buildWhatIf(files, presets, state).scenario);
  } catch {
    // an invalid setting is shown by update()
  }
  for (const { control, input, row, reason } of widgets) {
    const why = reasons.get(control.path);
    input.disabled = why !== undefined;
    row.classList.toggle("not-applicable", why !== undefined);
    reason.hidden = why === undefined;
    reason.textContent = why ?? "";
  }
}

/** Put the controls where the state (and the preset) says. */
function syncControls(): void {
  presetSelect.value = state.preset;
  seedsInput.value = String(state.seeds);
  showSeeds();
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
  showApplicability();
}

function setState(next: WhatIfState): void {
  state = next;
  probe.state = next;
  const query = encodeState(next);
  history.replaceState(null, "", `${location.pathname}?${query}`);
  shareInput.value = location.href;
}

// ---------------------------------------------------------------------------------------------
// Header: folding controls, the about panel and its table of sources

function buildHeader(): void {
  const toggle = $<HTMLButtonElement>("toggle-controls");
  toggle.addEventListener("click", () => {
    const open = !document.body.classList.contains("controls-open");
    document.body.classList.toggle("controls-open", open);
    toggle.setAttribute("aria-expanded", String(open));
    if (open) $<HTMLSelectElement>("preset").focus();
  });
  const about = $<HTMLElement>("about");
  const openAbout = $<HTMLButtonElement>("open-about");
  const setAbout = (open: boolean) => {
    about.hidden = !open;
    openAbout.setAttribute("aria-expanded", String(open));
    if (open) $<HTMLElement>("about-heading").focus();
    else openAbout.focus();
  };
  $<HTMLElement>("about-heading").tabIndex = -1;
  openAbout.addEventListener("click", () => setAbout(about.hidden));
  $<HTMLButtonElement>("close-about").addEventListener("click", () => setAbout(false));
  const docs = new Map(scenarioFields().map((field) => [field.path, field.doc]));
  const body = $<HTMLTableElement>("sources").tBodies[0];
  for (const control of CONTROLS) {
    const doc = docs.get(control.path);
    const row = body.insertRow();
    for (const text of [control.label, control.path, doc?.unit ?? "", doc?.source ?? "assumption"]) {
      const cell = row.insertCell();
      cell.textContent = text;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Exercises (teaching scenarios)

interface PredictionState {
  choice?: Outcome;
  /** the student pressed "Run it" */
  ran: boolean;
}
const predictions = new Map<string, PredictionState>();

function currentExercise(): Exercise | undefined {
  return exercises.get(state.preset);
}

/** A teaching scenario waits for the student's prediction before it runs. */
function waitingForPrediction(): boolean {
  return currentExercise() !== undefined && !(predictions.get(state.preset)?.ran ?? false);
}

function syncExercise(): void {
  const exercise = currentExercise();
  const box = $<HTMLElement>("exercise");
  box.hidden = exercise === undefined;
  document.body.classList.toggle("has-exercise", exercise !== undefined);
  document.body.classList.toggle("exercise-waiting", waitingForPrediction());
  if (!exercise) return;
  const preset = presets.find((p) => p.id === state.preset);
  $<HTMLElement>("exercise-heading").textContent = `Exercise: ${preset?.name ?? state.preset}`;
  $<HTMLElement>("exercise-description").textContent = preset?.description ?? "";
  $<HTMLOListElement>("exercise-questions").replaceChildren(
    ...exercise.questions.map((question) => {
      const li = document.createElement("li");
      li.textContent = question;
      return li;
    }),
  );
  const saved = predictions.get(state.preset) ?? { ran: false };
  const choices = $<HTMLDivElement>("prediction-choices");
  const form = $<HTMLFormElement>("prediction");
  form.hidden = !exercise.prediction;
  if (exercise.prediction) {
    $<HTMLElement>("prediction-question").textContent = `Predict first: ${exercise.prediction.question}`;
    choices.replaceChildren(
      ...PREDICTION_CHOICES[exercise.prediction.kind].map((choice) => {
        const label = document.createElement("label");
        const radio = document.createElement("input");
        radio.type = "radio";
        radio.name = "prediction";
        radio.value = choice.id;
        radio.id = `prediction-${choice.id}`;
        radio.checked = saved.choice === choice.id;
        radio.addEventListener("change", () => {
          predictions.set(state.preset, { ...(predictions.get(state.preset) ?? { ran: false }), choice: choice.id });
          $<HTMLElement>("prediction-needed").hidden = true;
          showPredictionResult();
        });
        label.append(radio, document.createTextNode(choice.label));
        return label;
      }),
    );
  }
  $<HTMLButtonElement>("run-exercise").textContent = saved.ran ? "Run again" : "Run it";
  showPredictionResult();
}

function buildExercise(): void {
  $<HTMLFormElement>("prediction").addEventListener("submit", (event) => {
    event.preventDefault();
    const exercise = currentExercise();
    const saved = predictions.get(state.preset) ?? { ran: false };
    if (exercise?.prediction && saved.choice === undefined) {
      $<HTMLElement>("prediction-needed").hidden = false;
      return;
    }
    predictions.set(state.preset, { ...saved, ran: true });
    syncExercise();
    scheduleUpdate(0);
  });
}

let lastTables: { tables: StudyTables; arm: string; baseline?: string } | undefined;

/** After a run: the student's prediction next to what the runs say. */
function showPredictionResult(): void {
  const box = $<HTMLParagraphElement>("prediction-result");
  const exercise = currentExercise();
  const saved = predictions.get(state.preset);
  const prediction = exercise?.prediction;
  if (!prediction || !saved?.ran || saved.choice === undefined || !lastTables || lastTables.tables.name !== whatIf?.scenario.name) {
    box.hidden = true;
    return;
  }
  const { tables, arm, baseline } = lastTables;
  const wording = metricWording(prediction.metric);
  let outcome: Outcome | undefined;
  let said = "";
  if (prediction.kind === "effect" && baseline) {
    const effect = endEffects(tables, prediction.metric, baseline).find((e) => e.arm === arm);
    if (effect) {
      outcome = effectOutcome(effect);
      said = readoutLines(tables, arm, baseline, [prediction.metric])[0]?.text ?? "";
    }
  } else {
    const rows = tables.summary.filter((row) => row.arm === arm && row.metric === prediction.metric && Number.isFinite(row.mean)).sort((a, b) => a.period - b.period);
    if (rows.length > 1) {
      const first = rows[0];
      const last = rows[rows.length - 1];
      outcome = trendOutcome(first.mean, last.mean);
      said = `With the regime, ${wording.noun} goes from ${wording.level(first.mean)} in ${Math.floor(first.year)} to ${wording.level(last.mean)} in ${Math.floor(last.year)} (mean of the seeds).`;
    }
  }
  const choices = PREDICTION_CHOICES[prediction.kind];
  const picked = choices.find((c) => c.id === saved.choice)?.label ?? "";
  const actual = choices.find((c) => c.id === outcome)?.label;
  box.hidden = false;
  box.textContent =
    outcome === undefined
      ? `You predicted: ${picked}. This run does not report ${wording.noun}.`
      : `You predicted: ${picked}. The runs: ${said} ${outcome === saved.choice ? "Your prediction matches." : `That is "${actual}", not your prediction: which mechanism did you leave out?`}`;
}

// ---------------------------------------------------------------------------------------------
// Running and drawing

interface PageChart {
  id: string;
  metric: string;
  request: (arm: string, baseline: string | undefined) => Omit<ChartRequest, "size" | "measureText"> | undefined;
  table: (arm: string, baseline: string | undefined) => ChartTableRequest | undefined;
}

const timeseries = (id: string, metric: string): PageChart => ({
  id,
  metric,
  request: (_arm, baseline) => ({ kind: "timeseries", metric, vs: baseline }),
  table: (arm, baseline) => ({ kind: "timeseries", metric, arms: baseline ? [arm, baseline] : [arm] }),
});
const shares = (id: string, of: "arm" | "baseline"): PageChart => ({
  id,
  metric: "usage_share",
  request: (arm, baseline) => (of === "arm" ? { kind: "shares", metric: "usage_share", arm } : baseline ? { kind: "shares", metric: "usage_share", arm: baseline } : undefined),
  table: (arm, baseline) => (of === "arm" ? { kind: "shares", metric: "usage_share", arm } : baseline ? { kind: "shares", metric: "usage_share", arm: baseline } : undefined),
});

const DEFAULT_CHARTS: PageChart[] = [
  timeseries("chart-hhi", "hhi_usage"),
  timeseries("chart-frontier", "frontier_providers"),
  timeseries("chart-gray", "gray_share"),
  timeseries("chart-price", "mean_price"),
  shares("chart-shares", "arm"),
  shares("chart-shares-baseline", "baseline"),
];

/** The charts of an exercise: the metrics its questions need, in the order the scenario file lists them. */
function exerciseCharts(exercise: Exercise): PageChart[] {
  return exercise.charts.flatMap((metric) =>
    metric === "usage_share" ? [shares("chart-shares", "arm"), shares("chart-shares-baseline", "baseline")] : [timeseries(`chart-${metric.replace(/[^A-Za-z0-9_-]/g, "-")}`, metric)],
  );
}

/** The charts the page shows for a scenario: an exercise's, else the default ones. */
function chartsFor(next: WhatIf): PageChart[] {
  const exercise = exercises.get(next.preset.id);
  return exercise && exercise.charts.length > 0 ? exerciseCharts(exercise) : DEFAULT_CHARTS;
}

/** The state of the update last started (or waiting to start). */
let scheduledQuery = "";

function scheduleUpdate(delayMs: number): void {
  if (waitingForPrediction()) {
    document.body.classList.add("exercise-waiting");
    return;
  }
  const query = encodeState(state);
  // A released slider ("change") after its last "input" already started this very update.
  if (query === scheduledQuery && debounce === undefined && document.body.dataset.status !== "error" && document.body.dataset.status !== "waiting") return;
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

function showReadout(lines: { text: string; metric: string; clear: boolean }[]): void {
  readoutList.replaceChildren(
    ...lines.map((line) => {
      const li = document.createElement("li");
      li.textContent = line.text;
      if (line.metric) li.dataset.metric = line.metric;
      li.classList.toggle("clear", line.clear);
      return li;
    }),
  );
}

async function update(startedAt: number): Promise<void> {
  let next: WhatIf;
  try {
    next = buildWhatIf(files, presets, state);
  } catch (error) {
    const problems = error instanceof ScenarioError ? error.problems : [String(error)];
    showLines(problemsBox, problems);
    showReadout([{ text: `Not run: the settings make an invalid scenario. ${problems.join(" ")}`, metric: "", clear: false }]);
    readoutRegion.removeAttribute("aria-busy");
    document.body.dataset.status = "error";
    return;
  }
  if (!pool) return;
  showLines(problemsBox, []);
  whatIf = next;
  const generation = ++updateGeneration;
  /** this update is the newest and no newer change is waiting to start */
  const live = () => generation === updateGeneration && changedAt === startedAt;
  const query = encodeState(state);
  const seeds = deriveSeeds(next.scenario.seed, state.seeds);
  const arms = whatIfArms(next);
  const armLabels = arms.map((arm) => ({ name: arm.name, scenario: next.scenario.name }));
  const baseline = next.noRegime ? NO_REGIME_ARM : undefined;
  // Seed by seed, both arms of a seed together: the first seeds come back first, paired.
  const requests: RunRequest[] = dispatchOrder(arms.length, seeds.length).map((slot) => ({ scenario: arms[slot.arm].scenario, seed: seeds[slot.seed] }));
  const runsText = `${requests.length} runs (${state.seeds} seeds x ${arms.length} arm${arms.length > 1 ? "s" : ""}`;
  document.body.dataset.status = "running";
  csvButton.disabled = true;
  // Partial draws change the readout quietly; the final one is announced (aria-busy="false").
  readoutRegion.setAttribute("aria-busy", "true");
  const runPool = pool;

  // Progressive drawing: the runs in so far (request order), the order they came in, the draws made.
  const runs: (MetricRow[] | undefined)[] = requests.map(() => undefined);
  const arrivals: number[] = [];
  let cached = 0;
  let progress: Progress | undefined;
  let seedsDrawn = 0;
  let partialDraws = 0;
  let firstRunMs: number | undefined;
  let firstDrawMs: number | undefined;
  let partialEndedAt: number | undefined;
  let partialTookMs = 0;
  /** a partial draw computes only the metrics it shows */
  const shownMetrics = [...chartsFor(next).map((chart) => chart.metric), ...READOUT_METRICS];
  const shownRuns: (MetricRow[] | undefined)[] = runs.map(() => undefined);
  let partialScheduled = false;
  let partialBusy = false;
  let partialWanted = false;
  let finalStarted = false;

  const record = (count: number, final: boolean, drawStartedAt: number) => {
    const now = performance.now();
    probe.draws.push({ query, seedsDrawn: count, seedsTotal: seeds.length, final, ms: now - startedAt, drawMs: now - drawStartedAt });
    if (probe.draws.length > DRAW_EVENTS_KEPT) probe.draws.shift();
    document.body.dataset.drawn = drawnMarker(count, seeds.length);
  };
  const onChartDrawn = () => {
    if (firstDrawMs === undefined) requestAnimationFrame(() => (firstDrawMs ??= performance.now() - startedAt));
  };
  const showRunning = () => {
    if (!progress || finalStarted) return;
    const running = `${runsText}) on ${runPool.size} worker${runPool.size > 1 ? "s" : ""}: ${progress.done} of ${progress.total} done`;
    statusLine.textContent = seedsDrawn > 0 ? `${partialStatus(seedsDrawn, seeds.length)} Running ${running}.` : `Running ${running}`;
  };
  /** The runs a draw may use: all in so far, or under the test hook only the first ones held back. */
  const visibleRuns = (): (MetricRow[] | undefined)[] => {
    if (!Number.isFinite(testHold.runs)) return runs;
    const shown = new Set(arrivals.slice(0, cached + testHold.runs));
    return runs.map((run, i) => (shown.has(i) ? run : undefined));
  };
  const drawPartial = async (): Promise<void> => {
    if (finalStarted || !live()) return;
    const visible = visibleRuns();
    const chosen = completeSeeds(visible, arms.length, seeds.length);
    // nothing to draw yet, or nothing new; every seed in: the final draw follows
    if (chosen.length === 0 || chosen.length === seedsDrawn || chosen.length === seeds.length) return;
    // after the first partial draw, redraw only when it would be seen a while before the final one
    const runsIn = arrivals.length - cached;
    if (seedsDrawn > 0 && !worthRedrawing(remainingRunMs(performance.now() - startedAt, runsIn, requests.length - arrivals.length), partialTookMs)) return;
    const shown = visible.map((run, i) => (run === undefined ? undefined : (shownRuns[i] ??= onlyMetrics(run, shownMetrics))));
    partialBusy = true;
    const drawStartedAt = performance.now();
    try {
      const tables = whatIfTables(next, armRunsOn(armLabels, seeds, shown, chosen), __MOAT_VERSION__);
      const partial = { seedsDrawn: chosen.length, seedsTotal: seeds.length };
      if (!(await draw(tables, next, arms[0].name, baseline, () => live() && !finalStarted, onChartDrawn, partial))) return;
      seedsDrawn = chosen.length;
      partialDraws += 1;
      record(seedsDrawn, false, drawStartedAt);
      document.body.dataset.status = "partial";
      showRunning();
    } finally {
      partialBusy = false;
      partialEndedAt = performance.now();
      partialTookMs = partialEndedAt - drawStartedAt;
      if (partialWanted) {
        partialWanted = false;
        requestPartial();
      }
    }
  };
  /**
   * A partial draw as soon as the first runs are in (once the pool has given the idle worker its
   * next run), then after a pause (nextPartialDrawAt), at the next frame.
   */
  function requestPartial(): void {
    if (finalStarted || !live()) return;
    if (partialBusy) {
      partialWanted = true;
      return;
    }
    if (partialScheduled) return;
    partialScheduled = true;
    const atNextFrame = () =>
      requestAnimationFrame(() => {
        partialScheduled = false;
        void queueDraw(drawPartial);
      });
    const waitMs = nextPartialDrawAt(partialEndedAt === undefined ? undefined : { endedAtMs: partialEndedAt, tookMs: partialTookMs }) - performance.now();
    if (partialEndedAt === undefined)
      setTimeout(() => {
        partialScheduled = false;
        void queueDraw(drawPartial);
      }, 0);
    else if (waitMs > 0) setTimeout(atNextFrame, waitMs);
    else atNextFrame();
  }
  const onProgress = (report: Progress) => {
    if (generation !== updateGeneration) return;
    if (!progress) cached = report.cached;
    progress = report;
    if (firstRunMs === undefined && report.done > report.cached) firstRunMs = performance.now() - startedAt;
    report.runs.forEach((run, i) => {
      if (run && runs[i] === undefined) {
        runs[i] = run;
        arrivals.push(i);
      }
    });
    showRunning();
    requestPartial();
  };

  let results: MetricRow[][];
  try {
    results = await runPool.run(requests, onProgress);
  } catch (error) {
    if (error instanceof Superseded) return;
    const message = String(error instanceof Error ? error.message : error);
    statusLine.textContent = message;
    showReadout([{ text: `Not run: ${message}`, metric: "", clear: false }]);
    readoutRegion.removeAttribute("aria-busy");
    document.body.dataset.status = "error";
    return;
  }
  if (arrivals.length > cached + testHold.runs) await new Promise<void>((resume) => testHold.waiting.push(resume));
  const ranAt = performance.now();
  finalStarted = true;
  if (generation !== updateGeneration) return;
  const armRuns: ArmRuns[] = armRunsOn(armLabels, seeds, results, seeds.map((_, i) => i));
  const tables = whatIfTables(next, armRuns, __MOAT_VERSION__);
  // a partial draw in progress stops at its next chart; this one waits for it
  const drawn = await queueDraw(() => draw(tables, next, arms[0].name, baseline, () => generation === updateGeneration, onChartDrawn));
  if (!drawn || changedAt !== startedAt) return; // a newer change is on its way
  lastArms = armRuns;
  lastTables = { tables, arm: armRuns[0].name, baseline };
  showPredictionResult();
  csvButton.disabled = false;
  readoutRegion.setAttribute("aria-busy", "false");
  record(seeds.length, true, ranAt);
  await new Promise((resolve) => requestAnimationFrame(() => resolve(undefined)));
  const ms = performance.now() - startedAt;
  probe.updates += 1;
  probe.timings.push(ms);
  probe.last = {
    ms,
    firstDrawMs: firstDrawMs ?? ms,
    firstRunMs: firstRunMs ?? ms,
    runMs: ranAt - startedAt,
    drawMs: performance.now() - ranAt,
    partialDraws,
    runs: requests.length,
    cached,
    seeds: state.seeds,
    scenario: next.scenario.name,
  };
  statusLine.textContent = `${runsText}, ${cached} reused) drawn in ${(ms / 1000).toFixed(2)} s`;
  document.body.dataset.status = "ready";
  document.body.dataset.updates = String(probe.updates);
}

/** Resolves after the browser has painted a frame (a task after the next animation frame). */
function nextPaint(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
}

/** One figure per chart: the chart, its tools (table, downloads) and its table. */
function figureFor(id: string): { figure: HTMLElement; chart: HTMLElement; tools: HTMLElement; table: HTMLElement } {
  let chart = document.getElementById(id);
  if (!chart) {
    const figure = document.createElement("figure");
    chart = document.createElement("div");
    chart.id = id;
    chart.className = "chart";
    const tools = document.createElement("div");
    tools.className = "chart-tools";
    // shown (by style.css) in place of a chart a partial draw leaves for the final one
    const pending = document.createElement("p");
    pending.className = "pending-note";
    const table = document.createElement("div");
    table.className = "chart-table";
    table.id = `${id}-table`;
    table.hidden = true;
    // a scrollable region takes the keyboard focus, so it can be scrolled without a mouse
    table.tabIndex = 0;
    table.setAttribute("role", "region");
    table.setAttribute("aria-label", "Numbers of the chart");
    figure.append(chart, pending, tools, table);
    chartsBox.append(figure);
  }
  const figure = chart.parentElement as HTMLElement;
  return { figure, chart, tools: figure.querySelector(".chart-tools") as HTMLElement, table: figure.querySelector(".chart-table") as HTMLElement };
}

function tableElement(table: ChartTable, caption: string): HTMLTableElement {
  const element = document.createElement("table");
  element.createCaption().textContent = caption;
  const head = element.createTHead().insertRow();
  for (const column of table.columns) {
    const th = document.createElement("th");
    th.scope = "col";
    th.textContent = column;
    head.append(th);
  }
  const body = element.createTBody();
  for (const row of table.rows) {
    const tr = body.insertRow();
    for (const cell of row) {
      const td = tr.insertCell();
      if (typeof cell === "number") {
        td.className = "num";
        td.textContent = Number.isInteger(cell) ? String(cell) : Number(cell.toPrecision(4)).toString();
      } else td.textContent = cell;
    }
  }
  return element;
}

function toolButton(text: string, label: string, onClick: () => void): HTMLButtonElement {
  const button = document.createElement("button");
  button.type = "button";
  button.textContent = text;
  button.setAttribute("aria-label", label);
  button.addEventListener("click", onClick);
  return button;
}

/** Whether any of the element is on the screen. */
function inView(element: HTMLElement): boolean {
  const box = element.getBoundingClientRect();
  return box.bottom > 0 && box.top < innerHeight && box.right > 0 && box.left < innerWidth;
}

/**
 * Draw charts and readout; false when `current()` turned false on the way (a newer update took
 * over). `onChartDrawn` is called as each chart is in the page. A partial draw (some seeds in)
 * says so in the tables' captions and offers no downloads of its provisional numbers; it draws
 * the first chart and those on the screen, and blanks the others with a note until the final
 * draw (six charts take a few hundred ms of processor time the workers need on a small machine).
 */
async function draw(
  tables: StudyTables,
  next: WhatIf,
  arm: string,
  baseline: string | undefined,
  current: () => boolean,
  onChartDrawn: () => void,
  partial?: { seedsDrawn: number; seedsTotal: number },
): Promise<boolean> {
  const available = new Set(availableMetrics(tables));
  const wanted = chartsFor(next).filter((chart) => {
    if (!chart.request(arm, baseline)) return false;
    return chart.metric === "usage_share" ? [...available].some((id) => id.startsWith("usage_share.")) : available.has(chart.metric);
  });
  const keep = new Set(wanted.map((chart) => chart.id));
  for (const figure of [...chartsBox.children]) if (!keep.has(figure.querySelector(".chart")?.id ?? "")) figure.remove();
  for (const [index, chart] of wanted.entries()) {
    if (!current()) return false;
    const parts = figureFor(chart.id);
    chartsBox.append(parts.figure); // keep the wanted order
    if (partial && index > 0 && !inView(parts.figure)) {
      // no numbers of the previous settings next to the new ones: blank until drawn
      parts.figure.classList.add("pending");
      (parts.figure.querySelector(".pending-note") as HTMLElement).textContent = `Drawn when all ${partial.seedsTotal} seeds are in.`;
      parts.table.replaceChildren();
      for (const button of parts.tools.querySelectorAll("button")) button.disabled = true;
      continue;
    }
    const request = { ...(chart.request(arm, baseline) as ChartRequest), size: "print", measureText } as ChartRequest;
    const built = buildChart(tables, request);
    await drawChart(parts.chart, built.spec, built.title);
    parts.figure.classList.remove("pending");
    onChartDrawn();
    // let the browser paint the first chart now (and, while provisional, each chart and any input)
    if (partial || chart === wanted[0]) await nextPaint();
    const tableRequest = chart.table(arm, baseline) as ChartTableRequest;
    const table = () => chartTable(tables, tableRequest);
    const across = partial ? `${partial.seedsDrawn} of ${partial.seedsTotal} seeds so far, provisional` : `${tables.seedCount} seeds`;
    // the table is built when it is opened (most stay closed, and each draw replaces them)
    const fillTable = () => parts.table.replaceChildren(tableElement(table(), `${built.title} (mean and 90% band across ${across})`));
    const what = tableRequest.kind === "shares" ? `usage shares by provider kind (${tableRequest.arm})` : metricWording(chart.metric).info.label;
    const stem = `${next.scenario.name}-${built.name}${tableRequest.kind === "shares" ? `-${tableRequest.arm.replace(/\s+/g, "-")}` : ""}`;
    const tableToggle = toolButton("Table", `Table: the numbers of the chart of ${what}`, () => {
      parts.table.hidden = !parts.table.hidden;
      if (!parts.table.hidden && parts.table.childElementCount === 0) fillTable();
      tableToggle.setAttribute("aria-expanded", String(!parts.table.hidden));
    });
    tableToggle.setAttribute("aria-expanded", String(!parts.table.hidden));
    tableToggle.setAttribute("aria-controls", parts.table.id);
    const downloads = [
      toolButton("PNG", `PNG: download the chart of ${what}`, () => void chartPng(parts.chart).then((blob) => blob && downloadBlob(`${stem}.png`, blob))),
      toolButton("SVG", `SVG: download the chart of ${what}`, () => download(`${stem}.svg`, "image/svg+xml", chartSvgText(parts.chart))),
      toolButton("CSV", `CSV: download the numbers of the chart of ${what}`, () => download(`${stem}.csv`, "text/csv", chartTableCsv(table()))),
    ];
    // provisional numbers are shown, not handed out: the downloads wait for every seed
    for (const button of downloads) button.disabled = partial !== undefined;
    parts.tools.replaceChildren(tableToggle, ...downloads);
    if (parts.table.hidden) parts.table.replaceChildren();
    else fillTable();
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
  showReadout(lines);
  return true;
}

// ---------------------------------------------------------------------------------------------
// Downloads

function downloadBlob(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function download(name: string, type: string, text: string): void {
  downloadBlob(name, new Blob([text], { type }));
}

function downloadCsv(): void {
  if (!whatIf || lastArms.length === 0) return;
  download(`${whatIf.scenario.name}-runs.csv`, "text/csv", runsCsv(lastArms));
}

function downloadYaml(): void {
  if (!whatIf) return;
  const header = pageExportHeader({
    scenarioName: whatIf.scenario.name,
    moatVersion: __MOAT_VERSION__,
    query: encodeState(state),
    seeds: state.seeds,
    masterSeed: whatIf.scenario.seed,
    hasRegime: whatIf.scenario.regime !== null,
    changes: whatIf.changes,
  });
  download(`${whatIf.scenario.name}.yaml`, "application/yaml", scenarioYaml(whatIf.scenario, header));
}

// ---------------------------------------------------------------------------------------------

async function start(): Promise<void> {
  const decoded = decodeState(location.search, presets.map((p) => p.id), defaultPreset);
  buildHeader();
  buildPresetSelect();
  buildControls();
  buildExercise();
  setState(decoded.state);
  syncControls();
  syncExercise();
  showLines(linkNotes, decoded.problems.map((p) => `This link was repaired: ${p}`));
  if (location.protocol === "file:") return; // index.html says why nothing runs
  /** One worker per core (the page's own thread mostly waits while they run), at most eight. */
  const workerCount = Math.max(1, Math.min(8, navigator.hardwareConcurrency || 2));
  pool = createRunPool("worker.js", workerCount);
  await document.fonts?.ready;
  if (waitingForPrediction()) {
    document.body.dataset.status = "waiting";
    statusLine.textContent = "Waiting for your prediction.";
    return;
  }
  scheduledQuery = encodeState(state);
  changedAt = performance.now();
  void update(changedAt);
}

void start();
