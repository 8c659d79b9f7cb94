// One chart per moment: the observed value each year against the simulated mean and its 5-95% band
// over seeds, as a vega-lite spec in the house style (sizes, font, Okabe-Ito colours of
// sim/report/charts/). The credit line of the data is the chart's source line. Portable.
import type { TopLevelSpec } from "vega-lite";
import { CHART_SIZES, FONT_CSS, OKABE_ITO, estimateTextWidth, wrapText, type Chart, type ChartSize } from "../report/charts/index.js";
import type { MomentComparison } from "./compare.js";
import { EPOCH_CREDIT, momentInfo, type MomentId } from "./moments.js";

const INK = "#222222";
const MUTED = "#595959";
const GRID = "#E3E3E3";
const MODEL_COLOUR = OKABE_ITO.vermillion;
const DATA_SERIES = "Data (Epoch AI)";
const MODEL_SERIES = "Model mean, 5-95% band";

const TYPE: Record<ChartSize, { title: number; subtitle: number; axis: number; source: number; padding: number; line: number; point: number }> = {
  social: { title: 32, subtitle: 21, axis: 18, source: 15, padding: 28, line: 3, point: 90 },
  print: { title: 40, subtitle: 30, axis: 28, source: 25, padding: 24, line: 5, point: 200 },
  slide: { title: 52, subtitle: 34, axis: 29, source: 24, padding: 44, line: 5, point: 200 },
};

export interface MomentChartContext {
  scenario: string;
  seeds: number;
  moatVersion: string;
  size: ChartSize;
}

/** The chart of one moment from the comparison rows (rows of other moments are ignored). */
export function momentChart(rows: readonly MomentComparison[], moment: MomentId, context: MomentChartContext): Chart {
  const info = momentInfo(moment);
  const mine = rows.filter((r) => r.moment === moment);
  if (mine.length === 0) throw new Error(`no comparison rows for moment ${moment}`);
  const { width, height } = CHART_SIZES[context.size];
  const t = TYPE[context.size];
  const content = width - 2 * t.padding;
  const title = info.label;
  const subtitle = `Epoch AI's record against the ${context.scenario} scenario (${context.seeds} seeds)`;
  const source = `${EPOCH_CREDIT} Model: moat ${context.moatVersion}, scenario ${context.scenario}.`;
  const titleLines = wrapText(title, content, t.title, 600, estimateTextWidth);
  const subtitleLines = wrapText(subtitle, content, t.subtitle, 400, estimateTextWidth);
  const sourceLines = wrapText(source, content, t.source, 400, estimateTextWidth);
  const usable = (v: number | null) => v !== null && Number.isFinite(v) && (!info.log || v > 0);

  const values = [
    ...mine.filter((r) => usable(r.data)).map((r) => ({ year: r.year, series: DATA_SERIES, value: r.data })),
    ...mine.filter((r) => usable(r.mean)).map((r) => ({ year: r.year, series: MODEL_SERIES, value: r.mean, q05: r.q05, q95: r.q95 })),
  ];
  const years = mine.map((r) => r.year);
  const x = {
    field: "year",
    type: "quantitative",
    title: null,
    scale: { domain: [Math.min(...years) - 0.3, Math.max(...years) + 0.3], nice: false },
    axis: { values: years, format: "d", labelFontSize: t.axis, labelColor: MUTED, grid: false, domainColor: "#8C8C8C", tickColor: "#8C8C8C" },
  };
  const plotted = [...mine.flatMap((r) => [r.data ?? Number.NaN, r.mean, r.q05, r.q95])].filter((v) => Number.isFinite(v) && v > 0);
  // a log axis labelled at whole decades only: 1e+23, 1e+24, ...
  const decades: number[] = [];
  if (info.log && plotted.length > 0)
    for (let e = Math.floor(Math.log10(Math.min(...plotted))); e <= Math.ceil(Math.log10(Math.max(...plotted))); e++) decades.push(Number(`1e${e}`)); // exact: 10 ** 26 is 9.999999999999999e+25
  const yScale = info.log ? { type: "log", ...(decades.length > 1 ? { domain: [decades[0], decades[decades.length - 1]] } : {}) } : info.unit.startsWith("share") ? { domain: [0, 1] } : { zero: true };
  const y = {
    field: "value",
    type: "quantitative",
    title: info.unit,
    scale: yScale,
    axis: {
      ...(info.log && decades.length > 1 ? { values: decades } : {}),
      format: info.log ? ".0e" : info.unit.startsWith("share") ? ".1f" : "d",
      labelFontSize: t.axis,
      titleFontSize: t.axis,
      labelColor: MUTED,
      titleColor: INK,
      titleFontWeight: 400,
      grid: true,
      gridColor: GRID,
      domain: false,
      ticks: false,
    },
  };
  const colour = {
    field: "series",
    type: "nominal",
    scale: { domain: [DATA_SERIES, MODEL_SERIES], range: [INK, MODEL_COLOUR] },
    legend: { title: null, orient: "top", direction: "horizontal", labelLimit: 0, labelFontSize: t.axis, symbolStrokeWidth: t.line, labelColor: INK },
  };
  const spec = {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    width,
    height,
    autosize: { type: "fit", contains: "padding" },
    padding: t.padding,
    background: "white",
    title: { text: titleLines, subtitle: subtitleLines, anchor: "start", frame: "group", font: FONT_CSS, subtitleFont: FONT_CSS, fontSize: t.title, subtitleFontSize: t.subtitle, fontWeight: 600, color: INK, subtitleColor: MUTED },
    config: { font: FONT_CSS, view: { stroke: null }, axis: { labelFont: FONT_CSS, titleFont: FONT_CSS }, legend: { labelFont: FONT_CSS } },
    data: { values },
    layer: [
      {
        transform: [{ filter: `datum.series === '${MODEL_SERIES}'` }],
        mark: { type: "area", color: MODEL_COLOUR, opacity: 0.18 },
        encoding: { x, y: { field: "q05", type: "quantitative", scale: yScale }, y2: { field: "q95" } },
      },
      { mark: { type: "line", strokeWidth: t.line, point: { size: t.point, filled: true } }, encoding: { x, y, color: colour } },
      {
        data: { values: [{ source: sourceLines }] },
        mark: { type: "text", align: "left", baseline: "top", font: FONT_CSS, fontSize: t.source, lineHeight: Math.round(t.source * 1.3), color: MUTED, x: 0, y: { expr: `height + ${Math.round(t.axis * 2.2)}` } },
        encoding: { text: { field: "source" } },
      },
    ],
  } as unknown as TopLevelSpec;
  return { spec, title: titleLines.join(" "), name: `${moment}` };
}
