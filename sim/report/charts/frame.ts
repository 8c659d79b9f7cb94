// Layout shared by every chart kind: axis scales, label spreading, the frame (title, subtitle and
// source line wrapped to the width, the y-axis extent), the vega-lite config and the common layers.
// Portable.
import type { TopLevelSpec } from "vega-lite";
import { CHART_SIZES, FONT_CSS, GRID, INK, MUTED, TYPOGRAPHY, type ChartSize, type Typography } from "./style.js";
import { estimateTextWidth, formatNumber, wrapText, type TextMeasure } from "./text.js";
import type { ChartRequest } from "./types.js";

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

export function round6(value: number): number {
  return Number.isFinite(value) ? Number(value.toPrecision(6)) : value;
}

export interface Frame {
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

export function makeFrame(
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

export function baseConfig(frame: Frame): Record<string, unknown> {
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

export function titleBlock(frame: Frame, yTitleOnTop: boolean): Record<string, unknown> {
  return {
    text: frame.titleLines,
    subtitle: frame.subtitleLines,
    dx: -frame.yExtent,
    offset: Math.round(yTitleOnTop ? frame.type.axisTitle * 2.1 : frame.type.axisTitle * 0.8),
  };
}

/** The dotted rule at HHI 1,800 ("highly concentrated", 2023 US Merger Guidelines). */
export function hhiGuidelineMark(t: Frame["type"]): Record<string, unknown> {
  return { type: "rule", color: INK, strokeDash: [2, Math.max(3, t.lineWidth * 1.2)], strokeWidth: Math.max(1.5, t.lineWidth / 2) };
}

/** A y axis of fixed width whose title sits horizontally above the plot, left-aligned with the chart title. */
export function yTitleAboveAxis(frame: Frame): Record<string, unknown> {
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
export function topTitledYAxis(frame: Frame, title: string, ticks: number[], format: string): Record<string, unknown> {
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
export function sourceLayer(frame: Frame, belowPlotPx: number): Record<string, unknown> {
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

export function topLevel(frame: Frame, body: Record<string, unknown>, yTitleOnTop: boolean): TopLevelSpec {
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
export function yearTickCount(frame: Frame, years: [number, number]): number {
  const plotWidth = frame.width - 2 * frame.type.padding - frame.yExtent - frame.type.label * 8;
  const fit = Math.max(2, Math.floor(plotWidth / (frame.type.axisLabel * 3.5)));
  return Math.min(fit, Math.max(2, Math.ceil(years[1] - years[0])));
}

export function tickFormat(decimals: number, signed = false): string {
  return `${signed ? "+" : ""},.${decimals}f`;
}

export function formatTick(value: number, decimals: number, signed = false): string {
  const text = formatNumber(value, decimals);
  return signed && value > 0 ? `+${text}` : text;
}
