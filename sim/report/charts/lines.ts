// Line charts over the years (time series of levels, and of differences from a baseline): one
// line per arm (and sweep point), the 5-95% band, the regime start, direct labels at the ends.
// Portable.
import type { TopLevelSpec } from "vega-lite";
import type { StatRow, StudyTables } from "../../statistics.js";
import { extent, hhiGuidelineMark, makeFrame, niceScale, round6, sourceLayer, spreadLabels, tickFormat, formatTick, topLevel, topTitledYAxis, yearTickCount } from "./frame.js";
import { BASELINE_COLOUR, HHI_HIGHLY_CONCENTRATED, INK, MUTED, SERIES_COLOURS, TEXT_COLOUR_ENCODING, textColour } from "./style.js";
import { regimeStartYear } from "./study.js";
import { ChartInputError, type ChartRequest } from "./types.js";
import { pointLabel, regimeStartText, sourceLine, type MetricWording } from "./wording.js";

export interface Series {
  key: string;
  label: string;
  colour: string;
  isBaseline: boolean;
  rows: StatRow[];
}

export function seriesOf(tables: StudyTables, rows: StatRow[], baseline: string | undefined, baselineLabel: (arm: string) => string): Series[] {
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

export function lineChart(
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
    textColour: textColour(s.colour),
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
  if (!difference && showsHhiGuideline(wording, y.domain)) {
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
      color: TEXT_COLOUR_ENCODING,
    },
  });
  layers.push(sourceLayer(frame, t.axisLabel * 1.9 + t.source * 0.6));
  return topLevel(frame, { datasets: { series: data, bands: bandData, labels }, layer: layers }, true);
}

// The 1,800 line is drawn on HHI levels when it falls inside the y scale.
export function showsHhiGuideline(wording: MetricWording, domain: [number, number]): boolean {
  return wording.isHhi && HHI_HIGHLY_CONCENTRATED > domain[0] && HHI_HIGHLY_CONCENTRATED < domain[1];
}
