// Heat map of a two-parameter sweep at the last period: sequential colour (viridis), or for HHI a
// diverging scheme centred on 1,800 with the cells above it outlined. Portable.
import { hhiBand2023 } from "../../metrics.js";
import type { StudyTables } from "../../statistics.js";
import { extent, makeFrame, niceScale, round6, sourceLayer, tickFormat, topLevel, yTitleAboveAxis } from "./frame.js";
import { HEATMAP_DIVERGING_SCHEME, HEATMAP_SCHEME, HHI_HIGHLY_CONCENTRATED, INK, MUTED } from "./style.js";
import { baselineOf, chosenArm, lastPeriod, rowsFor } from "./study.js";
import { formatNumber } from "./text.js";
import { ChartInputError, slug, type Chart, type ChartRequest } from "./types.js";
import { capitalise, formatParameterValue, inSentence, metricWording, parameterLabel, sourceLine, yearWord } from "./wording.js";

export function heatmapChart(tables: StudyTables, request: ChartRequest): Chart {
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
  const isHhi = wording.isHhi;
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
