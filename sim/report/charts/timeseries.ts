// Time series: each arm's mean and 5-95% band over the years; the title states the regime's effect
// at the end (or the trend of a single arm). Portable.
import type { StudyTables } from "../../statistics.js";
import { extent, niceScale } from "./frame.js";
import { lineChart, seriesOf, showsHhiGuideline } from "./lines.js";
import { baselineOf, endEffects, rowsFor } from "./study.js";
import { slug, type Chart, type ChartRequest } from "./types.js";
import { effectTitle, metricWording, settingText, trendTitle } from "./wording.js";

export function timeSeriesChart(tables: StudyTables, request: ChartRequest): Chart {
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
  const guideline = showsHhiGuideline(wording, yDomain)
    ? " Dotted line: 1,800, \u201chighly concentrated\u201d in the 2023 US Merger Guidelines."
    : "";
  const subtitle = `${wording.axisTitle}${against}. ${settingText(tables)}${guideline}`;
  const spec = lineChart(tables, request, series, wording, { title, subtitle, yTitle: wording.axisTitle }, false);
  return { spec, title: request.title ?? title, name: `${slug(request.metric)}-timeseries` };
}
