// Publication charts as vega-lite specs, built from a study's summary tables: the entry point and
// everything the rest of moat uses from sim/report/charts/.
//   style.ts      sizes, type, font, palette
//   text.ts       text widths, wrapping, numbers
//   wording.ts    metrics, parameters and arms in words; title sentences
//   study.ts      reading the tables: metrics, baseline, arm, end effects
//   frame.ts      axis scales and the layout every kind shares
//   lines.ts      line charts (time series and differences)
//   timeseries.ts, difference.ts, endstate.ts, shares.ts, heatmap.ts: one file per chart kind
// Pure and portable: no Node-only imports, so the browser what-if page builds the same specs.
// Each builder computes the finding the title states from the data it draws; the renderer
// (../render.ts) only turns a spec into SVG and PNG.
import type { StudyTables } from "../../statistics.js";
import { differenceChart } from "./difference.js";
import { endStateChart } from "./endstate.js";
import { heatmapChart } from "./heatmap.js";
import { sharesChart } from "./shares.js";
import { availableMetrics, rowsFor } from "./study.js";
import { timeSeriesChart } from "./timeseries.js";
import { ChartInputError, type Chart, type ChartKind, type ChartRequest } from "./types.js";

export type { StatRow, StudyTables } from "../../statistics.js";
export { CHART_KINDS, ChartInputError, type Chart, type ChartKind, type ChartRequest } from "./types.js";
export {
  BASELINE_COLOUR,
  CHART_SIZES,
  EXTRA_BAND_COLOUR,
  FONT_CSS,
  FONT_FAMILY,
  GRAY_MARKET_COLOUR,
  HEATMAP_DIVERGING_SCHEME,
  HEATMAP_SCHEME,
  HHI_HIGHLY_CONCENTRATED,
  KIND_PALETTE,
  OKABE_ITO,
  SERIES_COLOURS,
  type ChartSize,
} from "./style.js";
export { estimateTextWidth, formatNumber, roundSignificant, wrapText, type TextMeasure } from "./text.js";
export { effectTitle, formatParameterValue, kindLabel, metricWording, parameterLabel, type MetricWording } from "./wording.js";
export { availableMetrics, defaultChartKind, endEffects, type EndEffect } from "./study.js";
export { extent, niceScale, spreadLabels } from "./frame.js";

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
