// End state: every arm (and sweep point) at the last period, mean (dot) and 5-95% range across
// seeds (bar), sorted, the baseline dashed. Portable.
import type { StudyTables } from "../../statistics.js";
import { extent, hhiGuidelineMark, makeFrame, niceScale, round6, sourceLayer, tickFormat, topLevel } from "./frame.js";
import { BASELINE_COLOUR, GRID, HHI_HIGHLY_CONCENTRATED, INK, MUTED, OKABE_ITO, SERIES_COLOURS, TEXT_COLOUR_ENCODING, textColour } from "./style.js";
import { baselineOf, lastPeriod, rowsFor } from "./study.js";
import { formatNumber } from "./text.js";
import { ChartInputError, slug, type Chart, type ChartRequest } from "./types.js";
import { armCondition, capitalise, inSentence, metricWording, pointLabel, sourceLine, yearWord } from "./wording.js";

export function endStateChart(tables: StudyTables, request: ChartRequest): Chart {
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
  const guideline = wording.isHhi && HHI_HIGHLY_CONCENTRATED > x.domain[0] && HHI_HIGHLY_CONCENTRATED < x.domain[1]
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
    textColour: textColour(colourOf.get(e.row.arm)!),
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
  if (wording.isHhi && HHI_HIGHLY_CONCENTRATED > x.domain[0] && HHI_HIGHLY_CONCENTRATED < x.domain[1]) {
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
      color: TEXT_COLOUR_ENCODING,
    },
  });
  layers.push(sourceLayer(frame, t.axisLabel * 1.9 + t.axisTitle * 1.5 + t.source * 0.5));
  const spec = topLevel(frame, { datasets: { arms: data }, layer: layers }, false);
  return { spec, title: request.title ?? title, name: `${slug(request.metric)}-endstate` };
}
