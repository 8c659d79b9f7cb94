// Publication charts as vega-lite specs, built from a study's summary tables.
// Pure and portable: no Node-only imports, so the browser what-if page builds the same specs.
// Each builder computes the finding the title states from the data it draws; the renderer
// (render.ts) only turns a spec into SVG and PNG.

import type { TopLevelSpec } from "vega-lite";
import { kindLabel, metricInfo, unitWords, type MetricInfo } from "../metric-catalog.js";

export { kindLabel };
import { hhiBand2023 } from "../metrics.js";

// ---------------------------------------------------------------------------------------------
// Inputs

/** One row of summary.csv or differences.csv: statistics across seeds of one metric in one period. */
export interface StatRow {
  arm: string;
  /** sweep grid index, 0 outside sweeps */
  point: number;
  /** values of the varied parameters at this point, by parameter path */
  params: Record<string, number>;
  period: number;
  /** calendar year as a decimal: startYear + period / periodsPerYear */
  year: number;
  metric: string;
  n: number;
  mean: number;
  median: number;
  q05: number;
  q95: number;
  se: number;
}

/** What a chart needs to know about a study (or a single run) and its tables. */
export interface StudyTables {
  /** study name, or the scenario name of a single run */
  name: string;
  /** "single" is one seed from `moat run` drawn against its no-regime counterfactual */
  type: "single" | "run" | "compare" | "sweep";
  arms: { name: string; scenario: string }[];
  /** arm the others are compared with */
  baseline?: string;
  /** varied parameter paths of a sweep, in grid order */
  parameters: string[];
  seedCount: number;
  /** the seeds themselves, when known (a single run's seed is named in the source line) */
  seeds?: number[];
  moatVersion: string;
  startYear: number;
  periodsPerYear: number;
  regimeStartPeriod: number | null;
  summary: StatRow[];
  /** per-seed differences arm minus baseline (empty when there is no baseline) */
  differences: StatRow[];
}

export type ChartKind = "timeseries" | "difference" | "endstate" | "shares" | "heatmap";
export const CHART_KINDS: readonly ChartKind[] = ["timeseries", "difference", "endstate", "shares", "heatmap"];

export type ChartSize = "social" | "print" | "slide";

/** Width of `text` in pixels at `fontSizePx` in the chart font; `weight` 400 regular, 600 semibold. */
export type TextMeasure = (text: string, fontSizePx: number, weight: number) => number;

export interface ChartRequest {
  kind: ChartKind;
  /** metric id from the catalog; for "shares" the by-kind base id (default usage_share) */
  metric: string;
  /** baseline arm to compare against (default: the study's baseline) */
  vs?: string;
  /** arm to draw for single-arm kinds (shares, heatmap; default: first non-baseline arm) */
  arm?: string;
  size: ChartSize;
  /** replaces the computed title */
  title?: string;
  /** exact text widths (the renderer passes the shipped font's metrics); default: an estimate */
  measureText?: TextMeasure;
}

export interface Chart {
  spec: TopLevelSpec;
  /** title lines as drawn */
  title: string;
  /** file stem, e.g. "hhi_usage-timeseries" */
  name: string;
}

/** A mistake the user can fix (unknown metric, wrong kind for the study): exit status 2. */
export class ChartInputError extends Error {
  override name = "ChartInputError";
}

// ---------------------------------------------------------------------------------------------
// Style: sizes, type, palette

/**
 * Pixel sizes. social: 1200x675 (16:9, the card size of the big platforms). slide: 1920x1080.
 * print: 1050x788 is one journal column, 3.5 in wide at 300 dpi (4:3); type is set in points at
 * 300 dpi (1 pt = 300/72 px), 9.5 pt title, 7 pt labels, 6 pt source line.
 */
export const CHART_SIZES: Record<ChartSize, { width: number; height: number; dpi: number }> = {
  social: { width: 1200, height: 675, dpi: 96 },
  print: { width: 1050, height: 788, dpi: 300 },
  slide: { width: 1920, height: 1080, dpi: 96 },
};

interface Typography {
  title: number;
  subtitle: number;
  /** direct labels and annotations */
  label: number;
  axisLabel: number;
  axisTitle: number;
  source: number;
  padding: number;
  lineWidth: number;
}

const TYPOGRAPHY: Record<ChartSize, Typography> = {
  social: { title: 32, subtitle: 21, label: 20, axisLabel: 18, axisTitle: 18, source: 15, padding: 28, lineWidth: 3 },
  print: { title: 40, subtitle: 30, label: 29, axisLabel: 28, axisTitle: 28, source: 25, padding: 24, lineWidth: 5 },
  slide: { title: 52, subtitle: 34, label: 32, axisLabel: 29, axisTitle: 29, source: 24, padding: 44, lineWidth: 5 },
};

/** The chart font: Source Sans 3 (SIL Open Font License 1.1), shipped by the `source-sans` npm package. */
export const FONT_FAMILY = "Source Sans 3";
/** The family as CSS wants it in SVG and in browsers: quoted (the name has a digit), with a fallback. */
export const FONT_CSS = `"${FONT_FAMILY}", sans-serif`;

/** Okabe & Ito (2008) colour-blind-safe palette. */
export const OKABE_ITO = {
  black: "#000000",
  orange: "#E69F00",
  skyBlue: "#56B4E9",
  bluishGreen: "#009E73",
  yellow: "#F0E442",
  blue: "#0072B2",
  vermillion: "#D55E00",
  reddishPurple: "#CC79A7",
} as const;

/** Colours for regime arms in order (yellow left out: too light for lines on white). */
export const SERIES_COLOURS: readonly string[] = [
  OKABE_ITO.vermillion,
  OKABE_ITO.blue,
  OKABE_ITO.bluishGreen,
  OKABE_ITO.reddishPurple,
  OKABE_ITO.orange,
  OKABE_ITO.skyBlue,
];
/** The baseline is drawn in a neutral grey (4.5:1 contrast on white) so the regime stands out. */
export const BASELINE_COLOUR = "#767676";
/** The gray market's band: a dark neutral, apart from every provider kind's hue. */
export const GRAY_MARKET_COLOUR = "#4A4A4A";
/** Provider kinds' colours in the shares chart, by kind id; other kinds take SERIES_COLOURS in order. */
export const KIND_COLOURS: Record<string, string> = {
  "frontier-lab": OKABE_ITO.blue,
  startup: OKABE_ITO.orange,
  "open-source": OKABE_ITO.bluishGreen,
  foreign: OKABE_ITO.reddishPurple,
};
/** Sequential, perceptually uniform and colour-blind-safe scheme for heat maps. */
export const HEATMAP_SCHEME = "viridis";
/** Diverging blue-orange scheme (colour-blind-safe) for HHI heat maps, centred on 1,800. */
export const HEATMAP_DIVERGING_SCHEME = "blueorange";
/** 2023 US Merger Guidelines: an HHI above 1,800 is "highly concentrated". */
export const HHI_HIGHLY_CONCENTRATED = 1800;

const INK = "#222222";
const MUTED = "#595959";
const GRID = "#E3E3E3";

// ---------------------------------------------------------------------------------------------
// Text: width estimate, wrapping, numbers

// Approximate advance widths of Source Sans 3 in em, for when the renderer's exact metrics are absent.
function estimateCharEm(ch: string): number {
  if (" ".includes(ch)) return 0.2;
  if ("iljI.,:;'|!()[]".includes(ch)) return 0.25;
  if ("frt-".includes(ch)) return 0.33;
  if ("mwMW".includes(ch)) return 0.75;
  if ("0123456789".includes(ch)) return 0.5;
  if (ch >= "A" && ch <= "Z") return 0.58;
  return 0.49;
}

/** Estimated width in px of `text` in Source Sans 3 (semibold about 4% wider). */
export const estimateTextWidth: TextMeasure = (text, fontSizePx, weight) => {
  let em = 0;
  for (const ch of text) em += estimateCharEm(ch);
  return em * fontSizePx * (weight >= 600 ? 1.04 : 1);
};

/** Greedy word wrap of `text` into lines no wider than `maxWidthPx`. */
export function wrapText(text: string, maxWidthPx: number, fontSizePx: number, weight: number, measure: TextMeasure): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter((w) => w.length > 0)) {
    const candidate = line ? `${line} ${word}` : word;
    if (line && measure(candidate, fontSizePx, weight) > maxWidthPx) {
      lines.push(line);
      line = word;
    } else line = candidate;
  }
  if (line) lines.push(line);
  return lines.length > 0 ? lines : [""];
}

/** 1234567.8 -> "1,234,568" with `decimals` digits after the point; no locale lookups, so identical everywhere. */
export function formatNumber(value: number, decimals = 0): string {
  if (!Number.isFinite(value)) return String(value);
  const negative = value < 0 && Math.abs(value) >= 0.5 * 10 ** -decimals;
  const fixed = Math.abs(value).toFixed(decimals);
  const [whole, fraction] = fixed.split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${negative ? "-" : ""}${grouped}${fraction ? `.${fraction}` : ""}`;
}

/** `value` rounded to `digits` significant figures (1,174 -> 1,170), for amounts stated in words. */
export function roundSignificant(value: number, digits = 3): number {
  if (value === 0 || !Number.isFinite(value)) return value;
  const factor = 10 ** (digits - 1 - Math.floor(Math.log10(Math.abs(value))));
  return Math.round(value * factor) / factor;
}

// A number to three significant figures with thousands separators and no trailing zeros: 1,170 / 8 / 0.42.
function formatSignificant(value: number): string {
  const rounded = roundSignificant(value);
  return formatNumber(rounded, decimalsForMagnitude(rounded)).replace(/(\.\d*?)0+$/, "$1").replace(/\.$/, "");
}

/** Digits after the point that show `value` to about three significant figures (none at 100 and above). */
function decimalsForMagnitude(value: number): number {
  const magnitude = Math.abs(value);
  if (magnitude >= 100 || magnitude === 0) return 0;
  if (magnitude >= 10) return 1;
  return Math.min(6, 2 - Math.floor(Math.log10(magnitude)));
}

// ---------------------------------------------------------------------------------------------
// Metrics in words

/** How a metric is named and counted in titles, axes and labels. */
export interface MetricWording {
  /** the registry's entry (only id, label, unit and description for an unknown id) */
  info: Pick<MetricInfo, "id" | "label" | "unit" | "description"> & Partial<MetricInfo>;
  /** noun phrase for titles, e.g. "market concentration" */
  noun: string;
  /** shares are drawn in percent (data x100) */
  isShare: boolean;
  /** multiply data by this before drawing */
  scale: number;
  /** y-axis title for levels, e.g. "HHI (usage shares), points" */
  axisTitle: string;
  /** unit of a difference, e.g. "percentage points" */
  differenceUnit: string;
  /** a level in words, e.g. "3,400 HHI points", "12%" */
  level(value: number): string;
  /** a difference's size in words (no sign), e.g. "1,240 HHI points" */
  amount(difference: number): string;
  /** a difference's size as a bare number, when the unit was said just before: "323", "3.1", "$12M" */
  amountShort(difference: number): string;
  /** a level without its unit, for labels next to an axis that has it: "3,400", "12%", "$1,950M" */
  short(value: number): string;
}

/** Id -> label, unit and wording, from the metric registry; unknown ids get the id as label and no unit. */
export function metricWording(metricId: string): MetricWording {
  const known = metricInfo(metricId);
  const info: MetricWording["info"] = known ?? { id: metricId, label: metricId, unit: "", description: "" };
  const measure = known?.measure;
  const kind = measure?.kind;
  const isShare = kind === "share";
  const isHhi = kind === "index-points";
  const isUsd = kind === "money-per-period" || kind === "price";
  const millions = kind === "money-per-period";
  // counts of firms, models or runs are whole numbers: one decimal at most for means across seeds
  const isCount = kind === "count";
  const plainUnit = measure ? unitWords(measure) : "";
  const shareOf = measure?.kind === "share" && measure.of ? ` of ${measure.of}` : "";
  const unitWordsOf = isHhi ? "HHI points" : plainUnit;
  const usdRest = kind === "money-per-period" ? "per quarter" : "per million tokens";
  const usdWords = kind === "money-per-period" ? "USD million per quarter" : "USD per million tokens";
  const percent = (share: number): string => {
    const pct = share * 100;
    return formatNumber(pct, Math.abs(pct) < 10 && Math.abs(pct) >= 0.05 ? 1 : 0).replace(/\.0$/, "");
  };
  const short = (value: number): string => {
    if (isShare) return `${percent(value)}%`;
    if (isUsd) return `${value < 0 ? "-" : ""}$${formatSignificant(Math.abs(value))}${millions ? "M" : ""}`;
    if (isCount && Math.abs(value) < 100) return formatNumber(value, 1).replace(/\.0$/, "");
    return formatSignificant(value);
  };
  const level = (value: number): string => {
    if (isShare || !unitWordsOf) return short(value);
    if (isUsd) return `${short(value)} ${usdRest}`;
    return `${short(value)} ${unitWordsOf}`;
  };
  const amount = (difference: number): string => {
    const size = Math.abs(difference);
    if (isShare) return `${percent(size)} percentage point${percent(size) === "1" ? "" : "s"}`;
    return level(size);
  };
  const axisUnit = isShare ? `%${shareOf}` : isUsd ? usdWords : plainUnit;
  return {
    info,
    noun: known?.noun ?? `the ${metricId}`,
    isShare,
    scale: isShare ? 100 : 1,
    axisTitle: axisUnit ? `${info.label}, ${axisUnit}` : info.label,
    differenceUnit: isShare ? "percentage points" : isUsd ? usdWords : unitWordsOf || "units",
    level,
    amount,
    amountShort: (difference: number) => (isShare ? percent(Math.abs(difference)) : short(Math.abs(difference))),
    short,
  };
}

/** "regime.tiers.0.minTrainingFlop" -> "Min training FLOP"; "compliance.costUsdM" -> "Cost USD M". */
export function parameterLabel(path: string): string {
  const last = path.split(".").filter((part) => !/^\d+$/.test(part)).pop() ?? path;
  const words = last
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z])([A-Z][a-z])/g, "$1 $2")
    .replace(/[-_]+/g, " ")
    .toLowerCase()
    .replace(/\busd m\b/g, "USD M")
    .replace(/\b(flop|usd|hhi|ai|eu|us|uk)\b/g, (w) => w.toUpperCase());
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A parameter value as printed on axes: 1e25 -> "1e25", 2500 -> "2,500", 0.25 -> "0.25". */
export function formatParameterValue(value: number): string {
  const magnitude = Math.abs(value);
  if (magnitude !== 0 && (magnitude >= 1e6 || magnitude < 1e-3)) {
    const [mantissa, exponent] = value.toExponential().split("e");
    const m = Number(Number(mantissa).toPrecision(3));
    return `${m === 1 ? "" : `${m}×`}1e${Number(exponent)}`.replace(/^1e/, "1e");
  }
  return formatNumber(value, Number.isInteger(value) ? 0 : decimalsForMagnitude(value));
}

const NO_REGIME_NAME = /^(no[-_ ]?regime|none|baseline|status[-_ ]quo|counterfactual)$/i;

function armSubject(arm: string): string {
  if (NO_REGIME_NAME.test(arm)) return "Having no regime";
  return /regime$/i.test(arm) ? `The ${arm}` : `The ${arm} regime`;
}

// "under the strict regime" / "with no regime"
function armCondition(arm: string): string {
  if (NO_REGIME_NAME.test(arm)) return "with no regime";
  return `under ${armSubject(arm).replace(/^The/, "the")}`;
}

function yearWord(year: number): string {
  return String(Math.floor(year + 1e-9));
}

// "Min training FLOP" -> "min training FLOP" (acronyms kept) for use inside a sentence.
function inSentence(label: string): string {
  return /^[A-Z][a-z]/.test(label) ? label.charAt(0).toLowerCase() + label.slice(1) : label;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

// ---------------------------------------------------------------------------------------------
// Axis scales

/** A "nice" linear domain covering [low, high] with round tick values (1, 2, 2.5 or 5 times a power of ten). */
export function niceScale(low: number, high: number, targetTicks = 5): { domain: [number, number]; ticks: number[]; decimals: number } {
  if (!Number.isFinite(low) || !Number.isFinite(high)) {
    low = 0;
    high = 1;
  }
  if (high - low < 1e-12 * Math.max(1, Math.abs(high))) {
    const pad = Math.abs(high) > 1e-9 ? Math.abs(high) * 0.1 : 1;
    low -= pad;
    high += pad;
  }
  const raw = (high - low) / targetTicks;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const ratio = raw / magnitude;
  const step = (ratio <= 1 ? 1 : ratio <= 2 ? 2 : ratio <= 2.5 ? 2.5 : ratio <= 5 ? 5 : 10) * magnitude;
  const start = Math.floor(low / step + 1e-9) * step;
  const stop = Math.ceil(high / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let i = 0; start + i * step <= stop + step * 1e-9; i++) ticks.push(Number((start + i * step).toPrecision(12)));
  let decimals = 0;
  while (decimals < 8 && Math.abs(Math.round(step * 10 ** decimals) - step * 10 ** decimals) > 1e-6) decimals++;
  return { domain: [ticks[0], ticks[ticks.length - 1]], ticks, decimals };
}

// Spread label positions (px, growing downwards) so neighbours are at least `gap` apart, inside [top, bottom].
export function spreadLabels(positions: number[], gap: number, top: number, bottom: number): number[] {
  const order = positions.map((y, i) => ({ y, i })).sort((a, b) => a.y - b.y || a.i - b.i);
  const placed = order.map((o) => o.y);
  for (let k = 0; k < placed.length; k++) {
    placed[k] = Math.max(placed[k], top, k > 0 ? placed[k - 1] + gap : -Infinity);
  }
  for (let k = placed.length - 1; k >= 0; k--) {
    placed[k] = Math.min(placed[k], bottom, k < placed.length - 1 ? placed[k + 1] - gap : Infinity);
  }
  const result = new Array<number>(positions.length);
  order.forEach((o, k) => (result[o.i] = placed[k]));
  return result;
}

// Largest and smallest of many values (a spread into Math.max overflows the stack on big tables).
export function extent(values: Iterable<number>): [number, number] {
  let low = Infinity;
  let high = -Infinity;
  for (const value of values) {
    if (!Number.isFinite(value)) continue;
    if (value < low) low = value;
    if (value > high) high = value;
  }
  return [low, high];
}

function round6(value: number): number {
  return Number.isFinite(value) ? Number(value.toPrecision(6)) : value;
}

// ---------------------------------------------------------------------------------------------
// Reading the tables

/** Metric ids present in the study's summary, sorted. */
export function availableMetrics(tables: StudyTables): string[] {
  return [...new Set(tables.summary.map((row) => row.metric))].sort();
}

/** Sensible kind for a study: heat map for a two-parameter sweep, end state for a one-parameter sweep, else a time series. */
export function defaultChartKind(tables: StudyTables): ChartKind {
  if (tables.type === "sweep") return tables.parameters.length >= 2 ? "heatmap" : "endstate";
  return "timeseries";
}

function regimeStartYear(tables: StudyTables): number | null {
  return tables.regimeStartPeriod === null ? null : tables.startYear + tables.regimeStartPeriod / tables.periodsPerYear;
}

function regimeStartText(tables: StudyTables): string {
  const year = regimeStartYear(tables);
  if (year === null) return "";
  const whole = Math.floor(year + 1e-9);
  if (Math.abs(year - whole) < 1e-9) return String(whole);
  if (tables.periodsPerYear === 4) return `Q${Math.round((year - whole) * 4) + 1} ${whole}`;
  return year.toFixed(1);
}

function baselineOf(tables: StudyTables, request: ChartRequest): string | undefined {
  if (request.vs !== undefined) {
    if (!tables.arms.some((arm) => arm.name === request.vs))
      throw new ChartInputError(
        `--vs: no arm named "${request.vs}" in study "${tables.name}"; arms: ${tables.arms.map((a) => a.name).join(", ")}`,
      );
    return request.vs;
  }
  return tables.baseline;
}

function rowsFor(rows: StatRow[], metric: string): StatRow[] {
  return rows.filter((row) => row.metric === metric && Number.isFinite(row.mean));
}

function lastPeriod(rows: StatRow[]): number {
  let last = -Infinity;
  for (const row of rows) if (row.period > last) last = row.period;
  return last;
}

function pointLabel(tables: StudyTables, params: Record<string, number>): string {
  return tables.parameters
    .map((path, i) => {
      const label = parameterLabel(path);
      return `${i === 0 ? label : inSentence(label)} = ${formatParameterValue(params[path])}`;
    })
    .join(", ");
}

function sourceLine(tables: StudyTables): string {
  const seeds =
    tables.seedCount === 1 ? (tables.seeds?.length === 1 ? `seed ${tables.seeds[0]}` : "1 seed") : `${formatNumber(tables.seedCount)} seeds`;
  const names = [...new Set(tables.arms.map((arm) => arm.scenario))];
  const scenarios = `${names.length === 1 ? "scenario" : "scenarios"} ${names.join(", ")}`;
  const counterfactual = tables.type === "single" && tables.baseline ? " against its no-regime counterfactual" : "";
  return `Source: moat ${tables.moatVersion}, ${scenarios}${counterfactual}, ${seeds}`;
}

// ---------------------------------------------------------------------------------------------
// Findings: the sentence a title states

/** The effect of one arm against the baseline at the last period. */
export interface EndEffect {
  arm: string;
  year: number;
  mean: number;
  q05: number;
  q95: number;
  /** the 5-95% band of the per-seed difference is known (replicated study with differences.csv) */
  hasBand: boolean;
}

/** Arm-minus-baseline effects at the last period: from differences when present, else from the arms' means. */
export function endEffects(tables: StudyTables, metric: string, baseline: string): EndEffect[] {
  const usesStudyDifferences = baseline === tables.baseline && rowsFor(tables.differences, metric).length > 0;
  if (usesStudyDifferences) {
    const rows = rowsFor(tables.differences, metric).filter((row) => row.point === 0);
    const last = lastPeriod(rows);
    return rows
      .filter((row) => row.period === last && row.arm !== baseline)
      .map((row) => ({ arm: row.arm, year: row.year, mean: row.mean, q05: row.q05, q95: row.q95, hasBand: row.n > 1 }));
  }
  const rows = rowsFor(tables.summary, metric).filter((row) => row.point === 0);
  const last = lastPeriod(rows);
  const base = rows.find((row) => row.arm === baseline && row.period === last);
  if (!base) return [];
  return rows
    .filter((row) => row.period === last && row.arm !== baseline)
    .map((row) => {
      const d = row.mean - base.mean;
      return { arm: row.arm, year: row.year, mean: d, q05: d, q95: d, hasBand: false };
    });
}

function isClearEffect(effect: EndEffect, scaleOfMetric: number): boolean {
  if (effect.hasBand) return effect.q05 > 0 || effect.q95 < 0;
  return Math.abs(effect.mean) > 1e-9 * Math.max(1, Math.abs(scaleOfMetric));
}

/** "The strict regime raises market concentration by 1,240 HHI points by 2036", or "no clear change". */
export function effectTitle(effects: EndEffect[], wording: MetricWording, scaleOfMetric: number, subjectFor: (arm: string) => string = armSubject): string {
  if (effects.length === 0) return capitalise(`${wording.noun} over time`);
  const by = `by ${yearWord(effects[0].year)}`;
  const sentence = (e: EndEffect): string =>
    isClearEffect(e, scaleOfMetric)
      ? `${e.mean > 0 ? "raises" : "lowers"} ${wording.noun} by ${wording.amount(e.mean)} ${by}`
      : `makes no clear change to ${wording.noun} ${by}`;
  if (effects.length === 1) return `${subjectFor(effects[0].arm)} ${sentence(effects[0])}`;
  const clear = effects.filter((e) => isClearEffect(e, scaleOfMetric));
  if (clear.length === 0) return `No regime clearly changes ${wording.noun} ${by}`;
  const ranked = [...effects].sort(
    (a, b) =>
      Number(isClearEffect(b, scaleOfMetric)) - Number(isClearEffect(a, scaleOfMetric)) ||
      Math.abs(b.mean) - Math.abs(a.mean) ||
      a.arm.localeCompare(b.arm),
  );
  const [largest, ...others] = ranked;
  const lead = `${subjectFor(largest.arm)} ${sentence(largest)}`;
  if (others.length > 2) return `${lead}, the most of ${effects.length} regimes`;
  const rest = others.map((e) => {
    const subject = subjectFor(e.arm).replace(/^The/, "the");
    if (!isClearEffect(e, scaleOfMetric)) return `${subject} makes no clear change`;
    const same = (e.mean > 0) === (largest.mean > 0);
    return same ? `${subject} by ${wording.amountShort(e.mean)}` : `${subject} ${e.mean > 0 ? "raises" : "lowers"} it by ${wording.amount(e.mean)}`;
  });
  return `${lead}; ${rest.join("; ")}`;
}

function trendTitle(rows: StatRow[], wording: MetricWording): string {
  const periods = [...new Set(rows.map((row) => row.period))].sort((a, b) => a - b);
  const first = rows.filter((row) => row.period === periods[0]);
  const last = rows.filter((row) => row.period === periods[periods.length - 1]);
  if (first.length !== 1 || last.length !== 1) return capitalise(`${wording.noun} over time`);
  const from = first[0].mean;
  const to = last[0].mean;
  const verb = Math.abs(to - from) <= 1e-9 * Math.max(1, Math.abs(from)) ? "stays at" : to > from ? "rises from" : "falls from";
  const change = verb === "stays at" ? wording.level(to) : `${wording.short(from)} to ${wording.level(to)}`;
  return capitalise(`${wording.noun} ${verb} ${change} by ${yearWord(last[0].year)}`);
}

// ---------------------------------------------------------------------------------------------
// Layout shared by all kinds

interface Frame {
  size: ChartSize;
  width: number;
  height: number;
  type: Typography;
  measure: TextMeasure;
  titleLines: string[];
  subtitleLines: string[];
  sourceLines: string[];
  /** width reserved left of the plot for y-axis labels (so title, y title and source align) */
  yExtent: number;
  /** estimated plot-area height in px, for placing direct labels */
  plotHeight: number;
}

function makeFrame(
  request: ChartRequest,
  title: string,
  subtitle: string,
  source: string,
  yLabels: string[],
  options: { xAxisTitle: boolean; yTitleOnTop: boolean },
): Frame {
  const { width, height } = CHART_SIZES[request.size];
  const type = TYPOGRAPHY[request.size];
  const measure = request.measureText ?? estimateTextWidth;
  const content = width - 2 * type.padding;
  const titleLines = wrapText(request.title ?? title, content, type.title, 600, measure);
  const subtitleLines = wrapText(subtitle, content, type.subtitle, 400, measure);
  const sourceLines = wrapText(source, content, type.source, 400, measure);
  const widest = Math.max(0, ...yLabels.map((label) => measure(label, type.axisLabel, 400)));
  const yExtent = Math.ceil(widest + type.axisLabel * 0.6);
  const used =
    2 * type.padding +
    titleLines.length * type.title * 1.15 +
    subtitleLines.length * type.subtitle * 1.25 +
    type.subtitle * 0.4 +
    (options.yTitleOnTop ? type.axisTitle * 2 : type.axisTitle) +
    type.axisLabel * 1.9 +
    (options.xAxisTitle ? type.axisTitle * 1.6 : 0) +
    sourceLines.length * type.source * 1.3 +
    type.source;
  return {
    size: request.size,
    width,
    height,
    type,
    measure,
    titleLines,
    subtitleLines,
    sourceLines,
    yExtent,
    plotHeight: Math.max(100, height - used),
  };
}

function baseConfig(frame: Frame): Record<string, unknown> {
  const t = frame.type;
  return {
    font: FONT_CSS,
    background: "white",
    view: { stroke: null },
    axis: {
      labelFont: FONT_CSS,
      titleFont: FONT_CSS,
      labelFontSize: t.axisLabel,
      titleFontSize: t.axisTitle,
      titleFontWeight: 400,
      labelColor: MUTED,
      titleColor: MUTED,
      domainColor: "#8C8C8C",
      tickColor: "#8C8C8C",
      grid: false,
      labelPadding: Math.round(t.axisLabel * 0.35),
      tickSize: Math.round(t.axisLabel * 0.3),
      domainWidth: Math.max(1, t.lineWidth / 3),
      tickWidth: Math.max(1, t.lineWidth / 3),
    },
    title: {
      font: FONT_CSS,
      subtitleFont: FONT_CSS,
      fontSize: t.title,
      subtitleFontSize: t.subtitle,
      fontWeight: 600,
      color: INK,
      subtitleColor: MUTED,
      anchor: "start",
      frame: "group",
      lineHeight: Math.round(t.title * 1.15),
      subtitleLineHeight: Math.round(t.subtitle * 1.25),
      subtitlePadding: Math.round(t.subtitle * 0.4),
    },
    text: { font: FONT_CSS },
  };
}

function titleBlock(frame: Frame, yTitleOnTop: boolean): Record<string, unknown> {
  return {
    text: frame.titleLines,
    subtitle: frame.subtitleLines,
    dx: -frame.yExtent,
    offset: Math.round(yTitleOnTop ? frame.type.axisTitle * 2.1 : frame.type.axisTitle * 0.8),
  };
}

/** The dotted rule at HHI 1,800 ("highly concentrated", 2023 US Merger Guidelines). */
function hhiGuidelineMark(t: Frame["type"]): Record<string, unknown> {
  return { type: "rule", color: INK, strokeDash: [2, Math.max(3, t.lineWidth * 1.2)], strokeWidth: Math.max(1.5, t.lineWidth / 2) };
}

/** A y axis of fixed width whose title sits horizontally above the plot, left-aligned with the chart title. */
function yTitleAboveAxis(frame: Frame): Record<string, unknown> {
  return {
    minExtent: frame.yExtent,
    maxExtent: frame.yExtent,
    titleAngle: 0,
    titleAlign: "left",
    titleBaseline: "bottom",
    titleX: -frame.yExtent,
    titleY: -Math.round(frame.type.axisTitle * 0.6),
    titleColor: INK,
  };
}

/** A quantitative y axis with the title set horizontally above the plot, aligned with the chart title. */
function topTitledYAxis(frame: Frame, title: string, ticks: number[], format: string): Record<string, unknown> {
  const t = frame.type;
  return {
    title,
    values: ticks,
    format,
    ...(format.startsWith("+") ? { labelExpr: "datum.value === 0 ? '0' : datum.label" } : {}),
    grid: true,
    gridColor: GRID,
    gridWidth: Math.max(1, t.lineWidth / 3),
    domain: false,
    ticks: false,
    ...yTitleAboveAxis(frame),
  };
}

/** The source line as a text layer under the x axis, aligned with the chart title. */
function sourceLayer(frame: Frame, belowPlotPx: number): Record<string, unknown> {
  const t = frame.type;
  return {
    data: { values: [{ source: frame.sourceLines }] },
    mark: {
      type: "text",
      align: "left",
      baseline: "top",
      font: FONT_CSS,
      fontSize: t.source,
      lineHeight: Math.round(t.source * 1.3),
      color: MUTED,
      x: -frame.yExtent,
      y: { expr: `height + ${Math.round(belowPlotPx)}` },
    },
    encoding: { text: { field: "source" } },
  };
}

function topLevel(frame: Frame, body: Record<string, unknown>, yTitleOnTop: boolean): TopLevelSpec {
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    width: frame.width,
    height: frame.height,
    autosize: { type: "fit", contains: "padding" },
    padding: frame.type.padding,
    title: titleBlock(frame, yTitleOnTop),
    config: baseConfig(frame),
    ...body,
  } as unknown as TopLevelSpec;
}

// Year labels about 3.5 label-heights apart at most, so a narrow print column is not crowded.
function yearTickCount(frame: Frame, years: [number, number]): number {
  const plotWidth = frame.width - 2 * frame.type.padding - frame.yExtent - frame.type.label * 8;
  const fit = Math.max(2, Math.floor(plotWidth / (frame.type.axisLabel * 3.5)));
  return Math.min(fit, Math.max(2, Math.ceil(years[1] - years[0])));
}

function tickFormat(decimals: number, signed = false): string {
  return `${signed ? "+" : ""},.${decimals}f`;
}

function formatTick(value: number, decimals: number, signed = false): string {
  const text = formatNumber(value, decimals);
  return signed && value > 0 ? `+${text}` : text;
}

// ---------------------------------------------------------------------------------------------
// Series (time series and differences)

interface Series {
  key: string;
  label: string;
  colour: string;
  isBaseline: boolean;
  rows: StatRow[];
}

function seriesOf(tables: StudyTables, rows: StatRow[], baseline: string | undefined, baselineLabel: (arm: string) => string): Series[] {
  const points = [...new Set(rows.map((row) => row.point))].sort((a, b) => a - b);
  if (points.length > SERIES_COLOURS.length)
    throw new ChartInputError(
      `a sweep of ${points.length} points is too many lines for one chart; use --kind heatmap or --kind endstate`,
    );
  const arms = tables.arms.map((arm) => arm.name).filter((arm) => rows.some((row) => row.arm === arm));
  const ordered = baseline && arms.includes(baseline) ? [baseline, ...arms.filter((arm) => arm !== baseline)] : arms;
  const series: Series[] = [];
  let colourIndex = 0;
  for (const arm of ordered) {
    for (const point of points) {
      const own = rows.filter((row) => row.arm === arm && row.point === point).sort((a, b) => a.period - b.period);
      if (own.length === 0) continue;
      const isBaseline = arm === baseline;
      const parts = [isBaseline ? baselineLabel(arm) : arm];
      if (points.length > 1) parts.push(pointLabel(tables, own[0].params));
      series.push({
        key: `${arm}#${point}`,
        label: parts.join(", "),
        colour: isBaseline ? BASELINE_COLOUR : SERIES_COLOURS[colourIndex++ % SERIES_COLOURS.length],
        isBaseline,
        rows: own,
      });
    }
  }
  if (series.length > SERIES_COLOURS.length + 1)
    throw new ChartInputError(`${series.length} lines are too many for one chart; pick arms with --vs or use --kind endstate`);
  return series;
}

function lineChart(
  tables: StudyTables,
  request: ChartRequest,
  series: Series[],
  wording: MetricWording,
  strings: { title: string; subtitle: string; yTitle: string },
  difference: boolean,
): TopLevelSpec {
  const scale = wording.scale;
  const all = series.flatMap((s) => s.rows);
  const withBand = all.some((row) => row.n > 1);
  let low = Infinity;
  let high = -Infinity;
  for (const row of all) {
    const values = withBand ? [row.mean, row.q05, row.q95] : [row.mean];
    for (const value of values)
      if (Number.isFinite(value)) {
        low = Math.min(low, value * scale);
        high = Math.max(high, value * scale);
      }
  }
  if (difference) {
    low = Math.min(low, 0);
    high = Math.max(high, 0);
  }
  const y = niceScale(low, high);
  const yLabels = y.ticks.map((tick) => formatTick(tick, y.decimals, difference));
  const frame = makeFrame(request, strings.title, strings.subtitle, sourceLine(tables), yLabels, {
    xAxisTitle: false,
    yTitleOnTop: true,
  });
  const t = frame.type;

  const data = all.map((row) => {
    const s = series.find((candidate) => candidate.rows.includes(row))!;
    return {
      series: s.key,
      year: round6(row.year),
      mean: round6(row.mean * scale),
      q05: round6(row.q05 * scale),
      q95: round6(row.q95 * scale),
    };
  });
  // Direct labels at the line ends, nudged apart so they do not overlap.
  const toPx = (value: number): number => ((y.domain[1] - value) / (y.domain[1] - y.domain[0])) * frame.plotHeight;
  const fromPx = (px: number): number => y.domain[1] - (px / frame.plotHeight) * (y.domain[1] - y.domain[0]);
  const ends = series.map((s) => s.rows[s.rows.length - 1]);
  const spread = spreadLabels(
    ends.map((row) => toPx(row.mean * scale)),
    t.label * 1.1,
    t.label * 0.5,
    frame.plotHeight - t.label * 0.5,
  );
  const labels = series.map((s, i) => ({
    series: s.key,
    label: s.label,
    year: round6(ends[i].year),
    labelY: round6(fromPx(spread[i])),
  }));
  const years = data.map((row) => row.year);
  const xDomain = extent(years);
  const colour = {
    field: "series",
    type: "nominal",
    scale: { domain: series.map((s) => s.key), range: series.map((s) => s.colour) },
    legend: null,
  };
  const x = {
    field: "year",
    type: "quantitative",
    title: null,
    scale: { domain: xDomain, nice: false, zero: false },
    axis: { format: "d", tickMinStep: 1, tickCount: yearTickCount(frame, [xDomain[0], xDomain[1]]), labelFlush: false, grid: false },
  };
  const yScale = { domain: y.domain, nice: false, zero: false };
  // Regime arms share the baseline's seeds, so before the regime starts their bands repeat the
  // baseline's; draw them from the regime start only.
  const startYear = regimeStartYear(tables);
  const baselineKeys = new Set(series.filter((s) => s.isBaseline).map((s) => s.key));
  const bandData =
    startYear !== null && baselineKeys.size > 0
      ? data.filter((row) => baselineKeys.has(row.series) || row.year >= round6(startYear))
      : data;
  const layers: Record<string, unknown>[] = [];
  if (withBand)
    layers.push({
      data: { name: "bands" },
      mark: { type: "area", opacity: 0.18, interpolate: "linear" },
      encoding: {
        x,
        y: { field: "q05", type: "quantitative", scale: yScale, axis: topTitledYAxis(frame, strings.yTitle, y.ticks, tickFormat(y.decimals, difference)) },
        y2: { field: "q95" },
        color: colour,
      },
    });
  if (difference)
    layers.push({
      data: { values: [{ zero: 0 }] },
      mark: { type: "rule", color: INK, strokeWidth: Math.max(1, t.lineWidth / 2.5) },
      encoding: { y: { field: "zero", type: "quantitative", scale: yScale } },
    });
  if (!difference && showsHhiGuideline(wording.info.id, y.domain)) {
    const guideline = [{ hhi: HHI_HIGHLY_CONCENTRATED, year: xDomain[0], label: "Highly concentrated" }];
    layers.push({
      data: { values: guideline },
      mark: hhiGuidelineMark(t),
      encoding: { y: { field: "hhi", type: "quantitative", scale: yScale } },
    });
    layers.push({
      data: { values: guideline },
      mark: { type: "text", align: "left", baseline: "bottom", dx: Math.round(t.label * 0.3), dy: -4, fontSize: Math.round(t.label * 0.8), lineHeight: Math.round(t.label * 0.95), color: MUTED },
      encoding: {
        x: { field: "year", type: "quantitative", scale: x.scale },
        y: { field: "hhi", type: "quantitative", scale: yScale },
        text: { field: "label" },
      },
    });
  }
  if (startYear !== null && startYear >= xDomain[0] && startYear <= xDomain[1]) {
    layers.push({
      data: { values: [{ year: round6(startYear), label: `Regime starts ${regimeStartText(tables)}` }] },
      mark: { type: "rule", color: MUTED, strokeDash: [t.lineWidth * 2, t.lineWidth * 1.5], strokeWidth: Math.max(1, t.lineWidth / 2) },
      encoding: { x: { field: "year", type: "quantitative", scale: x.scale } },
    });
    layers.push({
      data: { values: [{ year: round6(startYear), label: `Regime starts ${regimeStartText(tables)}` }] },
      mark: {
        type: "text",
        align: "left",
        baseline: "top",
        dx: Math.round(t.label * 0.3),
        y: 0,
        fontSize: Math.round(t.label * 0.85),
        color: MUTED,
      },
      encoding: { x: { field: "year", type: "quantitative", scale: x.scale }, text: { field: "label" } },
    });
  }
  layers.push({
    data: { name: "series" },
    mark: { type: "line", strokeWidth: t.lineWidth, strokeCap: "round", strokeJoin: "round", interpolate: "linear" },
    encoding: {
      x,
      y: {
        field: "mean",
        type: "quantitative",
        scale: yScale,
        ...(withBand ? {} : { axis: topTitledYAxis(frame, strings.yTitle, y.ticks, tickFormat(y.decimals, difference)) }),
      },
      color: colour,
    },
  });
  layers.push({
    data: { name: "labels" },
    mark: { type: "text", align: "left", baseline: "middle", dx: Math.round(t.label * 0.4), fontSize: t.label, fontWeight: 600 },
    encoding: {
      x: { field: "year", type: "quantitative", scale: x.scale },
      y: { field: "labelY", type: "quantitative", scale: yScale },
      text: { field: "label" },
      color: colour,
    },
  });
  layers.push(sourceLayer(frame, t.axisLabel * 1.9 + t.source * 0.6));
  return topLevel(frame, { datasets: { series: data, bands: bandData, labels }, layer: layers }, true);
}

// The 1,800 line is drawn on HHI levels when it falls inside the y scale.
function showsHhiGuideline(metric: string, domain: [number, number]): boolean {
  return metric.startsWith("hhi_") && HHI_HIGHLY_CONCENTRATED > domain[0] && HHI_HIGHLY_CONCENTRATED < domain[1];
}

function settingText(tables: StudyTables): string {
  const seeds =
    tables.seedCount === 1 ? "One seed" : `Mean of ${formatNumber(tables.seedCount)} seeds and the 5-95% band across seeds`;
  const start = regimeStartYear(tables) === null ? "" : `; regime starts ${regimeStartText(tables)} (dashed line)`;
  return `${seeds}${start}.`;
}

function timeSeriesChart(tables: StudyTables, request: ChartRequest): Chart {
  const wording = metricWording(request.metric);
  const baseline = baselineOf(tables, request);
  const rows = rowsFor(tables.summary, request.metric);
  const baselineLabel = (arm: string): string => (tables.type === "single" ? "No regime" : arm);
  const series = seriesOf(tables, rows, baseline, baselineLabel);
  const effects = baseline ? endEffects(tables, request.metric, baseline) : [];
  const scaleOfMetric = Math.max(0, extent(rows.map((row) => Math.abs(row.mean)))[1]);
  const title = baseline && effects.length > 0 ? effectTitle(effects, wording, scaleOfMetric) : trendTitle(rows, wording);
  const against = baseline && tables.type === "single" ? ", with and without the regime (same seed)" : "";
  const drawn = series.flatMap((s) => s.rows.flatMap((row) => [row.mean, row.q05, row.q95])).filter(Number.isFinite);
  const yDomain = niceScale(...extent(drawn)).domain;
  const guideline = showsHhiGuideline(request.metric, yDomain)
    ? " Dotted line: 1,800, \u201chighly concentrated\u201d in the 2023 US Merger Guidelines."
    : "";
  const subtitle = `${wording.axisTitle}${against}. ${settingText(tables)}${guideline}`;
  const spec = lineChart(tables, request, series, wording, { title, subtitle, yTitle: wording.axisTitle }, false);
  return { spec, title: request.title ?? title, name: `${slug(request.metric)}-timeseries` };
}

function differenceChart(tables: StudyTables, request: ChartRequest): Chart {
  const wording = metricWording(request.metric);
  const baseline = baselineOf(tables, request);
  if (!baseline)
    throw new ChartInputError(
      `--kind difference needs a baseline, and study "${tables.name}" has none; run \`moat compare <baseline> <regime>\` or pass --vs <arm>`,
    );
  let rows: StatRow[];
  if (baseline === tables.baseline && rowsFor(tables.differences, request.metric).length > 0) {
    rows = rowsFor(tables.differences, request.metric).filter((row) => row.arm !== baseline);
  } else {
    // Difference of the means (no per-seed band) when the study has no differences for this baseline.
    const summary = rowsFor(tables.summary, request.metric);
    const base = new Map(summary.filter((row) => row.arm === baseline).map((row) => [`${row.point}#${row.period}`, row]));
    rows = summary
      .filter((row) => row.arm !== baseline && base.has(`${row.point}#${row.period}`))
      .map((row) => {
        const d = row.mean - base.get(`${row.point}#${row.period}`)!.mean;
        return { ...row, n: 1, mean: d, median: d, q05: d, q95: d, se: 0 };
      });
  }
  if (rows.length === 0) throw new ChartInputError(`no arm other than the baseline "${baseline}" to compare in study "${tables.name}"`);
  const series = seriesOf(tables, rows, undefined, (arm) => arm);
  const effects = endEffects(tables, request.metric, baseline);
  const scaleOfMetric = Math.max(0, extent(rowsFor(tables.summary, request.metric).map((row) => Math.abs(row.mean)))[1]);
  const title = effectTitle(effects, wording, scaleOfMetric);
  const baseName = tables.type === "single" ? "the same run without the regime" : baseline;
  const band = rows.some((row) => row.n > 1)
    ? `Mean of ${formatNumber(tables.seedCount)} per-seed differences (same seeds in every arm) and their 5-95% band`
    : "One seed";
  const start = regimeStartYear(tables) === null ? "" : `; regime starts ${regimeStartText(tables)} (dashed line)`;
  const subtitle = `${wording.info.label} against ${baseName}, ${wording.differenceUnit}. ${band}${start}.`;
  const yTitle = `Change in ${wording.info.label.replace(/^[A-Z][a-z]/, (m) => m.toLowerCase())}, ${wording.differenceUnit}`;
  const spec = lineChart(tables, request, series, wording, { title, subtitle, yTitle }, true);
  return { spec, title: request.title ?? title, name: `${slug(request.metric)}-difference` };
}

// ---------------------------------------------------------------------------------------------
// End state

function endStateChart(tables: StudyTables, request: ChartRequest): Chart {
  const wording = metricWording(request.metric);
  const baseline = baselineOf(tables, request);
  const rows = rowsFor(tables.summary, request.metric);
  const last = lastPeriod(rows);
  const endRows = rows.filter((row) => row.period === last);
  const multiPoint = new Set(endRows.map((row) => row.point)).size > 1;
  const multiArm = new Set(endRows.map((row) => row.arm)).size > 1;
  const scale = wording.scale;
  const entries = endRows.map((row) => {
    const parts: string[] = [];
    if (multiArm || !multiPoint) parts.push(row.arm === baseline && tables.type === "single" ? "No regime" : row.arm);
    if (multiPoint) parts.push(pointLabel(tables, row.params));
    return { row, label: parts.join(", "), isBaseline: row.arm === baseline };
  });
  entries.sort((a, b) => b.row.mean - a.row.mean || a.label.localeCompare(b.label));
  if (entries.length === 0) throw new ChartInputError(`no rows for metric "${request.metric}" at the last period`);
  const withBand = entries.some((e) => e.row.n > 1);
  const values = entries.flatMap((e) => (withBand ? [e.row.q05, e.row.q95, e.row.mean] : [e.row.mean])).map((v) => v * scale);
  const x = niceScale(...extent(values));
  const labelOf = (e: (typeof entries)[number]): string => wording.short(e.row.mean);
  const year = entries[0].row.year;
  const top = entries[0];
  const bottom = entries[entries.length - 1];
  const subjectOf = (e: (typeof entries)[number]): string =>
    multiPoint && !multiArm
      ? `at ${inSentence(e.label)}`
      : e.isBaseline && tables.type === "single"
        ? "with no regime"
        : armCondition(e.row.arm) + (multiPoint ? ` at ${pointLabel(tables, e.row.params)}` : "");
  const title =
    entries.length === 1
      ? capitalise(`${wording.noun} reaches ${wording.level(top.row.mean)} by ${yearWord(year)}`)
      : `By ${yearWord(year)}, ${wording.noun} is highest ${subjectOf(top)} (${wording.level(top.row.mean)}) and lowest ${subjectOf(bottom)} (${wording.level(bottom.row.mean)})`;
  const seeds = tables.seedCount === 1 ? "one seed" : `mean of ${formatNumber(tables.seedCount)} seeds (dot) and 5-95% range across seeds (bar)`;
  const guideline = request.metric.startsWith("hhi_") && HHI_HIGHLY_CONCENTRATED > x.domain[0] && HHI_HIGHLY_CONCENTRATED < x.domain[1]
    ? " Dotted line: 1,800, \u201chighly concentrated\u201d in the 2023 US Merger Guidelines."
    : "";
  const subtitle = `${wording.axisTitle}, in ${yearWord(year)} (the last period). ${capitalise(seeds)}.${guideline}`;
  const frame = makeFrame(request, title, subtitle, sourceLine(tables), entries.map((e) => e.label), {
    xAxisTitle: true,
    yTitleOnTop: false,
  });
  const t = frame.type;
  // Value labels sit right of each bar; widen the scale (not the ticks) so the longest one fits.
  // (vega's "fit" sizes the plot in one pass, so text inside the plot must not rely on it.)
  const plotWidth = frame.width - 2 * t.padding - frame.yExtent - t.axisLabel * 1.5;
  const labelDx = Math.round(t.label * 0.7);
  let domainHigh = x.domain[1];
  for (const e of entries) {
    const anchor = (withBand ? e.row.q95 : e.row.mean) * scale;
    const room = 1 - (labelDx + frame.measure(labelOf(e), t.label, 600) + t.label * 0.3) / plotWidth;
    if (room > 0.2) domainHigh = Math.max(domainHigh, x.domain[0] + (anchor - x.domain[0]) / room);
  }
  const colourOf = new Map<string, string>();
  let colourIndex = 0;
  for (const e of entries)
    if (!colourOf.has(e.row.arm))
      colourOf.set(e.row.arm, e.isBaseline ? BASELINE_COLOUR : multiArm ? SERIES_COLOURS[colourIndex++ % SERIES_COLOURS.length] : OKABE_ITO.blue);
  const data = entries.map((e) => ({
    label: e.label,
    arm: e.row.arm,
    mean: round6(e.row.mean * scale),
    q05: round6(e.row.q05 * scale),
    q95: round6(e.row.q95 * scale),
    value: labelOf(e),
  }));
  const arms = [...colourOf.keys()];
  const colour = { field: "arm", type: "nominal", scale: { domain: arms, range: arms.map((a) => colourOf.get(a)!) }, legend: null };
  const yEnc = {
    field: "label",
    type: "nominal",
    sort: entries.map((e) => e.label),
    title: null,
    axis: {
      domain: false,
      ticks: false,
      labelFontSize: t.axisLabel,
      labelColor: INK,
      minExtent: frame.yExtent,
      maxExtent: frame.yExtent,
      labelLimit: 0,
    },
  };
  const xScale = { domain: [x.domain[0], round6(domainHigh)], nice: false, zero: false };
  const xEnc = {
    field: "mean",
    type: "quantitative",
    scale: xScale,
    title: wording.axisTitle,
    axis: { values: x.ticks, format: tickFormat(x.decimals), grid: true, gridColor: GRID, domain: false, ticks: false, titlePadding: Math.round(t.axisTitle * 0.5) },
  };
  const layers: Record<string, unknown>[] = [];
  const baseEntry = entries.find((e) => e.isBaseline);
  if (baseEntry && entries.length > 1)
    layers.push({
      data: { values: [{ mean: round6(baseEntry.row.mean * scale) }] },
      mark: { type: "rule", color: BASELINE_COLOUR, strokeDash: [t.lineWidth * 2, t.lineWidth * 1.5], strokeWidth: Math.max(1, t.lineWidth / 2) },
      encoding: { x: { field: "mean", type: "quantitative", scale: xScale } },
    });
  if (request.metric.startsWith("hhi_") && HHI_HIGHLY_CONCENTRATED > x.domain[0] && HHI_HIGHLY_CONCENTRATED < x.domain[1]) {
    const guideline = [{ hhi: HHI_HIGHLY_CONCENTRATED, label: "Highly concentrated \u2192" }];
    layers.push({
      data: { values: guideline },
      mark: hhiGuidelineMark(t),
      encoding: { x: { field: "hhi", type: "quantitative", scale: xScale } },
    });
    layers.push({
      data: { values: guideline },
      mark: { type: "text", align: "left", baseline: "bottom", dx: 4, y: 0, dy: -2, fontSize: Math.round(t.label * 0.8), color: MUTED },
      encoding: { x: { field: "hhi", type: "quantitative", scale: xScale }, text: { field: "label" } },
    });
  }
  if (withBand)
    layers.push({
      data: { name: "arms" },
      mark: { type: "rule", strokeWidth: t.lineWidth, strokeCap: "round", opacity: 0.55 },
      encoding: { y: yEnc, x: { field: "q05", type: "quantitative", scale: xScale }, x2: { field: "q95" }, color: colour },
    });
  layers.push({
    data: { name: "arms" },
    mark: { type: "point", filled: true, size: (t.lineWidth * 4.5) ** 2, opacity: 1 },
    encoding: { y: yEnc, x: xEnc, color: colour },
  });
  layers.push({
    data: { name: "arms" },
    mark: { type: "text", align: "left", baseline: "middle", dx: labelDx, fontSize: t.label, fontWeight: 600 },
    encoding: {
      y: yEnc,
      x: { field: withBand ? "q95" : "mean", type: "quantitative", scale: xScale },
      text: { field: "value" },
      color: colour,
    },
  });
  layers.push(sourceLayer(frame, t.axisLabel * 1.9 + t.axisTitle * 1.5 + t.source * 0.5));
  const spec = topLevel(frame, { datasets: { arms: data }, layer: layers }, false);
  return { spec, title: request.title ?? title, name: `${slug(request.metric)}-endstate` };
}

// ---------------------------------------------------------------------------------------------
// Market shares by provider kind

const KIND_ORDER = ["frontier-lab", "startup", "open-source", "foreign"];

function chosenArm(tables: StudyTables, request: ChartRequest, baseline: string | undefined): string {
  if (request.arm !== undefined) {
    if (!tables.arms.some((arm) => arm.name === request.arm))
      throw new ChartInputError(`--arm: no arm named "${request.arm}"; arms: ${tables.arms.map((a) => a.name).join(", ")}`);
    return request.arm;
  }
  return (tables.arms.find((arm) => arm.name !== baseline) ?? tables.arms[0]).name;
}

function sharesChart(tables: StudyTables, request: ChartRequest): Chart {
  const base = request.metric.includes(".") ? request.metric.slice(0, request.metric.indexOf(".")) : request.metric;
  const baseline = baselineOf(tables, request);
  const arm = chosenArm(tables, request, baseline);
  const rows = tables.summary.filter((row) => row.arm === arm && row.point === 0 && row.metric.startsWith(`${base}.`));
  const kinds = [...new Set(rows.map((row) => row.metric.slice(base.length + 1)))];
  if (kinds.length === 0)
    throw new ChartInputError(`--kind shares: no "${base}.<kind>" metrics for arm "${arm}"; try --metric usage_share`);
  const lawful = kinds
    .filter((k) => k !== "gray")
    .sort((a, b) => {
      const ia = KIND_ORDER.indexOf(a);
      const ib = KIND_ORDER.indexOf(b);
      return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib) || a.localeCompare(b);
    });
  const stackOrder = kinds.includes("gray") ? [...lawful, "gray"] : lawful;
  const periods = [...new Set(rows.map((row) => row.period))].sort((a, b) => a - b);
  const byKey = new Map(rows.map((row) => [`${row.metric.slice(base.length + 1)}#${row.period}`, row]));
  // Stack bottom-up: lawful kinds first, the gray market on top as its own band.
  const bands: { kind: string; year: number; y0: number; y1: number }[] = [];
  for (const period of periods) {
    let cumulative = 0;
    for (const kind of stackOrder) {
      const row = byKey.get(`${kind}#${period}`);
      const share = row && Number.isFinite(row.mean) ? Math.max(0, row.mean) : 0;
      bands.push({ kind, year: row?.year ?? tables.startYear + period / tables.periodsPerYear, y0: cumulative * 100, y1: (cumulative + share) * 100 });
      cumulative += share;
    }
  }
  const total = Math.max(100, extent(bands.map((b) => b.y1 - 0.5))[1]);
  const y = niceScale(0, total);
  const lastYear = bands[bands.length - 1].year;
  const firstYear = bands[0].year;
  const endOf = (kind: string): { y0: number; y1: number } => bands.filter((b) => b.kind === kind).pop()!;
  const startOf = (kind: string): { y0: number; y1: number } => bands.find((b) => b.kind === kind)!;
  const share = (band: { y0: number; y1: number }): number => (band.y1 - band.y0) / 100;
  const wording = metricWording(`${base}.gray`);
  let title: string;
  const grayEnd = stackOrder.includes("gray") ? share(endOf("gray")) : 0;
  if (grayEnd >= 0.01) {
    const grayStart = share(startOf("gray"));
    const verb = grayEnd > grayStart + 0.005 ? "grows to" : grayEnd < grayStart - 0.005 ? "shrinks to" : "holds at";
    title = `The gray market ${verb} ${wording.level(grayEnd)} of home usage by ${yearWord(lastYear)}`;
  } else {
    const changes = lawful.map((kind) => ({ kind, from: share(startOf(kind)), to: share(endOf(kind)) }));
    changes.sort((a, b) => Math.abs(b.to - b.from) - Math.abs(a.to - a.from) || a.kind.localeCompare(b.kind));
    const c = changes[0];
    title = `${kindLabel(c.kind)} providers' share ${c.to >= c.from ? "rises" : "falls"} from ${wording.level(c.from)} to ${wording.level(c.to)} by ${yearWord(lastYear)}`;
  }
  const armText = tables.type === "single" ? `scenario ${arm}` : `arm ${arm}`;
  const seeds = tables.seedCount === 1 ? "one seed" : `means of ${formatNumber(tables.seedCount)} seeds`;
  const start = regimeStartYear(tables) === null ? "" : `; regime starts ${regimeStartText(tables)} (dashed line)`;
  const subtitle = `Share of home usage by provider kind, %, ${armText}, ${seeds}; the gray market (unlicensed use above the licensing line) on top${start}.`;
  const yLabels = y.ticks.map((tick) => formatTick(tick, y.decimals));
  const frame = makeFrame(request, title, subtitle, sourceLine(tables), yLabels, { xAxisTitle: false, yTitleOnTop: true });
  const t = frame.type;
  const colourOf = (kind: string, i: number): string =>
    kind === "gray" ? GRAY_MARKET_COLOUR : KIND_COLOURS[kind] ?? SERIES_COLOURS[(i + 4) % SERIES_COLOURS.length];
  const colour = {
    field: "kind",
    type: "nominal",
    scale: { domain: stackOrder, range: stackOrder.map((kind, i) => colourOf(kind, i)) },
    legend: null,
  };
  const toPx = (v: number): number => ((y.domain[1] - v) / (y.domain[1] - y.domain[0])) * frame.plotHeight;
  const fromPx = (px: number): number => y.domain[1] - (px / frame.plotHeight) * (y.domain[1] - y.domain[0]);
  const mids = stackOrder.map((kind) => {
    const band = endOf(kind);
    return toPx((band.y0 + band.y1) / 2);
  });
  const spread = spreadLabels(mids, t.label * 1.1, t.label * 0.5, frame.plotHeight - t.label * 0.5);
  const labels = stackOrder.map((kind, i) => ({
    kind,
    year: round6(lastYear),
    labelY: round6(fromPx(spread[i])),
    label: `${kindLabel(kind)} ${wording.short(share(endOf(kind)))}`,
  }));
  const xScale = { domain: [firstYear, lastYear], nice: false, zero: false };
  const yScale = { domain: y.domain, nice: false, zero: false };
  const x = {
    field: "year",
    type: "quantitative",
    title: null,
    scale: xScale,
    axis: { format: "d", tickMinStep: 1, tickCount: yearTickCount(frame, [firstYear, lastYear]), grid: false },
  };
  const layers: Record<string, unknown>[] = [
    {
      data: { name: "bands" },
      mark: { type: "area", opacity: 0.9, stroke: "white", strokeWidth: Math.max(1, t.lineWidth / 2.5), interpolate: "linear" },
      encoding: {
        x,
        y: { field: "y1", type: "quantitative", scale: yScale, axis: topTitledYAxis(frame, "Share of home usage, %", y.ticks, tickFormat(y.decimals)) },
        y2: { field: "y0" },
        color: colour,
        order: { field: "kind" },
      },
    },
  ];
  const startYear = regimeStartYear(tables);
  if (startYear !== null && startYear >= firstYear && startYear <= lastYear) {
    layers.push({
      data: { values: [{ year: round6(startYear) }] },
      mark: { type: "rule", color: "white", strokeDash: [t.lineWidth * 2, t.lineWidth * 1.5], strokeWidth: Math.max(1.5, t.lineWidth / 1.5) },
      encoding: { x: { field: "year", type: "quantitative", scale: xScale } },
    });
    // Inside the plot at the bottom, white on the bottom band, clear of the y-axis title above.
    layers.push({
      data: { values: [{ year: round6(startYear), label: `Regime starts ${regimeStartText(tables)}` }] },
      mark: {
        type: "text",
        align: "left",
        baseline: "bottom",
        dx: Math.round(t.label * 0.3),
        y: { expr: `height - ${Math.round(t.label * 0.4)}` },
        fontSize: Math.round(t.label * 0.85),
        fontWeight: 600,
        color: "white",
      },
      encoding: { x: { field: "year", type: "quantitative", scale: xScale }, text: { field: "label" } },
    });
  }
  layers.push({
    data: { name: "labels" },
    mark: { type: "text", align: "left", baseline: "middle", dx: Math.round(t.label * 0.4), fontSize: t.label, fontWeight: 600 },
    encoding: {
      x: { field: "year", type: "quantitative", scale: xScale },
      y: { field: "labelY", type: "quantitative", scale: yScale },
      text: { field: "label" },
      color: colour,
    },
  });
  layers.push(sourceLayer(frame, t.axisLabel * 1.9 + t.source * 0.6));
  const data = bands.map((b) => ({ kind: b.kind, year: round6(b.year), y0: round6(b.y0), y1: round6(b.y1) }));
  const spec = topLevel(frame, { datasets: { bands: data, labels }, layer: layers }, true);
  return { spec, title: request.title ?? title, name: `${slug(base)}-shares` };
}

// ---------------------------------------------------------------------------------------------
// Heat map of a two-parameter sweep

function heatmapChart(tables: StudyTables, request: ChartRequest): Chart {
  if (tables.parameters.length < 2)
    throw new ChartInputError(
      `--kind heatmap needs a sweep over two parameters; study "${tables.name}" varies ${tables.parameters.length === 0 ? "none" : tables.parameters.join(", ")}`,
    );
  const wording = metricWording(request.metric);
  const baseline = baselineOf(tables, request);
  const arm = chosenArm(tables, request, baseline);
  const [xPath, yPath] = tables.parameters;
  const rows = rowsFor(tables.summary, request.metric).filter((row) => row.arm === arm);
  const last = lastPeriod(rows);
  const cells = rows.filter((row) => row.period === last);
  if (cells.length === 0) throw new ChartInputError(`no rows for metric "${request.metric}" in arm "${arm}"`);
  const xValues = [...new Set(cells.map((row) => row.params[xPath]))].sort((a, b) => a - b);
  const yValues = [...new Set(cells.map((row) => row.params[yPath]))].sort((a, b) => a - b);
  const isHhi = request.metric.startsWith("hhi_");
  const scale = wording.scale;
  const year = cells[0].year;
  const values = cells.map((row) => row.mean * scale);
  const [low, high] = extent(values);
  // For HHI straddling 1,800, a diverging scheme centred on the line (blue below, orange above), with
  // equal colour steps per HHI point on both sides: the scheme's extent is cut to the data's range.
  const diverging = isHhi && low < HHI_HIGHLY_CONCENTRATED && high > HHI_HIGHLY_CONCENTRATED;
  const spreadFromLine = Math.max(HHI_HIGHLY_CONCENTRATED - low, high - HHI_HIGHLY_CONCENTRATED);
  const schemeExtent = [
    round6(0.5 - (HHI_HIGHLY_CONCENTRATED - low) / (2 * spreadFromLine)),
    round6(0.5 + (high - HHI_HIGHLY_CONCENTRATED) / (2 * spreadFromLine)),
  ];
  const lightCell = (value: number): boolean =>
    diverging ? Math.abs(value - HHI_HIGHLY_CONCENTRATED) / spreadFromLine < 0.65 : value >= (low + high) / 2;
  const xLabel = parameterLabel(xPath);
  const yLabel = parameterLabel(yPath);
  let title: string;
  if (isHhi) {
    const above = cells.filter((row) => hhiBand2023(row.mean) === "highly concentrated").length;
    title =
      above === 0
        ? `Market concentration stays at or below 1,800 HHI points in all ${cells.length} settings by ${yearWord(year)}`
        : above === cells.length
          ? `The market is highly concentrated (HHI above 1,800) in all ${cells.length} settings by ${yearWord(year)}`
          : `The market is highly concentrated (HHI above 1,800) in ${above} of ${cells.length} settings by ${yearWord(year)}`;
  } else {
    const top = [...cells].sort((a, b) => b.mean - a.mean || a.point - b.point)[0];
    title = capitalise(
      `${wording.noun} peaks at ${wording.level(top.mean)} by ${yearWord(year)}, where ${inSentence(xLabel)} = ${formatParameterValue(top.params[xPath])} and ${inSentence(yLabel)} = ${formatParameterValue(top.params[yPath])}`,
    );
  }
  const seeds = tables.seedCount === 1 ? "one seed" : `mean of ${formatNumber(tables.seedCount)} seeds`;
  const outline = isHhi ? `. Outlined: above 1,800, \u201chighly concentrated\u201d under the 2023 US Merger Guidelines` : "";
  const armText = tables.arms.length > 1 ? `, arm ${arm}` : "";
  const subtitle = `${wording.axisTitle}, in ${yearWord(year)}; ${seeds}${armText}${outline}.`;
  const yLabels = yValues.map(formatParameterValue);
  const frame = makeFrame(request, title, subtitle, sourceLine(tables), yLabels, { xAxisTitle: true, yTitleOnTop: true });
  const t = frame.type;
  const data = cells.map((row) => ({
    x: formatParameterValue(row.params[xPath]),
    y: formatParameterValue(row.params[yPath]),
    mean: round6(row.mean * scale),
    value: isHhi ? formatNumber(row.mean) : wording.level(row.mean),
    highlyConcentrated: isHhi && hhiBand2023(row.mean) === "highly concentrated",
    light: lightCell(row.mean * scale),
  }));
  const xEnc = {
    field: "x",
    type: "ordinal",
    sort: xValues.map(formatParameterValue),
    title: xLabel,
    axis: { domain: false, ticks: false, labelAngle: 0, titlePadding: Math.round(t.axisTitle * 0.5) },
  };
  const yEnc = {
    field: "y",
    type: "ordinal",
    sort: [...yValues].reverse().map(formatParameterValue),
    title: yLabel,
    axis: {
      domain: false,
      ticks: false,
      ...yTitleAboveAxis(frame),
    },
  };
  const band = { paddingInner: 0.04, paddingOuter: 0 };
  const legendTicks = niceScale(low, high, 4);
  const showValues = cells.length <= 64;
  const layers: Record<string, unknown>[] = [
    {
      mark: { type: "rect" },
      encoding: {
        x: { ...xEnc, scale: band },
        y: { ...yEnc, scale: band },
        color: {
          field: "mean",
          type: "quantitative",
          scale: diverging
            ? { scheme: { name: HEATMAP_DIVERGING_SCHEME, extent: schemeExtent }, nice: false, zero: false }
            : { scheme: HEATMAP_SCHEME, nice: false, zero: false },
          title: wording.isShare ? "%" : isHhi ? "HHI" : wording.info.label,
          legend: {
            orient: "right",
            direction: "vertical",
            gradientLength: Math.round(frame.plotHeight * 0.7),
            gradientThickness: Math.round(t.label * 0.8),
            labelFontSize: t.axisLabel,
            titleFontSize: t.axisLabel,
            titleFontWeight: 400,
            titleColor: MUTED,
            titlePadding: Math.round(t.axisLabel * 0.7),
            labelColor: MUTED,
            format: tickFormat(legendTicks.decimals),
            values: isHhi ? legendValuesWithThreshold(low, high) : legendTicks.ticks.filter((v) => v >= low && v <= high),
          },
        },
      },
    },
  ];
  if (isHhi)
    layers.push({
      transform: [{ filter: "datum.highlyConcentrated" }],
      mark: { type: "rect", fill: null, stroke: INK, strokeWidth: Math.max(2, t.lineWidth * 0.9) },
      encoding: { x: { ...xEnc, scale: band }, y: { ...yEnc, scale: band } },
    });
  if (showValues)
    layers.push({
      mark: { type: "text", fontSize: t.label * (cells.length > 36 ? 0.75 : 0.9), fontWeight: 600 },
      encoding: {
        x: { ...xEnc, scale: band },
        y: { ...yEnc, scale: band },
        text: { field: "value" },
        color: { field: "light", type: "nominal", scale: { domain: [true, false], range: [INK, "white"] }, legend: null },
      },
    });
  layers.push(sourceLayer(frame, t.axisLabel * 1.9 + t.axisTitle * 1.5 + t.source * 0.5));
  const spec = topLevel(frame, { data: { values: data }, layer: layers }, true);
  return { spec, title: request.title ?? title, name: `${slug(request.metric)}-heatmap` };
}

// Legend ticks for an HHI colour bar: round values plus the 1,800 line when it falls inside.
function legendValuesWithThreshold(low: number, high: number): number[] {
  const nice = niceScale(low, high, 4).ticks.filter((v) => v >= low && v <= high);
  if (HHI_HIGHLY_CONCENTRATED > low && HHI_HIGHLY_CONCENTRATED < high && !nice.includes(HHI_HIGHLY_CONCENTRATED)) {
    const step = nice.length > 1 ? nice[1] - nice[0] : high - low;
    const kept = nice.filter((v) => Math.abs(v - HHI_HIGHLY_CONCENTRATED) > step * 0.45);
    return [...kept, HHI_HIGHLY_CONCENTRATED].sort((a, b) => a - b);
  }
  return nice;
}

// ---------------------------------------------------------------------------------------------
// Entry point

function slug(metric: string): string {
  return metric.replace(/[^A-Za-z0-9_.-]+/g, "-");
}

/** Check the metric against the study; the error names it and lists the available ones. */
export function checkMetric(tables: StudyTables, kind: ChartKind, metric: string): void {
  const available = availableMetrics(tables);
  if (kind === "shares") {
    const base = metric.includes(".") ? metric.slice(0, metric.indexOf(".")) : metric;
    if (available.some((id) => id.startsWith(`${base}.`))) return;
    const byKind = [...new Set(available.filter((id) => id.includes(".")).map((id) => id.slice(0, id.indexOf("."))))];
    throw new ChartInputError(
      `unknown by-kind metric "${metric}" for --kind shares in study "${tables.name}"; available: ${byKind.join(", ") || "(none)"}`,
    );
  }
  if (!available.includes(metric))
    throw new ChartInputError(`unknown metric "${metric}" in study "${tables.name}"; available metrics: ${available.join(", ")}`);
  if (rowsFor(tables.summary, metric).length === 0)
    throw new ChartInputError(`metric "${metric}" has no finite values in study "${tables.name}" (all NaN): nothing to draw`);
}

/** Build the vega-lite spec of one chart of a study. Throws ChartInputError for a mistake the user can fix. */
export function buildChart(tables: StudyTables, request: ChartRequest): Chart {
  checkMetric(tables, request.kind, request.metric);
  switch (request.kind) {
    case "timeseries":
      return timeSeriesChart(tables, request);
    case "difference":
      return differenceChart(tables, request);
    case "endstate":
      return endStateChart(tables, request);
    case "shares":
      return sharesChart(tables, request);
    case "heatmap":
      return heatmapChart(tables, request);
  }
}
