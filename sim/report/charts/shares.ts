// Market shares by provider kind: one arm's usage shares stacked, kinds in the order the tables
// hold them (the scenario's), the registry's extra bands (the gray market) on top in their own
// colour. Portable.
import { byKindFamily } from "../../metric-catalog.js";
import type { StudyTables } from "../../statistics.js";
import { extent, makeFrame, niceScale, round6, sourceLayer, spreadLabels, tickFormat, formatTick, topLevel, topTitledYAxis, yearTickCount } from "./frame.js";
import { EXTRA_BAND_COLOUR, KIND_PALETTE, TEXT_COLOUR_ENCODING, textColour } from "./style.js";
import { baselineOf, chosenArm, regimeStartYear } from "./study.js";
import { formatNumber } from "./text.js";
import { ChartInputError, slug, type Chart, type ChartRequest } from "./types.js";
import { kindLabel, metricWording, regimeStartText, sourceLine, yearWord } from "./wording.js";

export function sharesChart(tables: StudyTables, request: ChartRequest): Chart {
  const base = request.metric.includes(".") ? request.metric.slice(0, request.metric.indexOf(".")) : request.metric;
  const baseline = baselineOf(tables, request);
  const arm = chosenArm(tables, request, baseline);
  const rows = tables.summary.filter((row) => row.arm === arm && row.point === 0 && row.metric.startsWith(`${base}.`));
  const kinds = [...new Set(rows.map((row) => row.metric.slice(base.length + 1)))];
  if (kinds.length === 0)
    throw new ChartInputError(`--kind shares: no "${base}.<kind>" metrics for arm "${arm}"; try --metric usage_share`);
  // provider kinds in the order the tables hold them (the scenario's), then the registry's extra bands (the gray market)
  const extraBands = byKindFamily(base)?.extraBands ?? [];
  const lawful = kinds.filter((kind) => !extraBands.includes(kind));
  const extras = extraBands.filter((band) => kinds.includes(band));
  const stackOrder = [...lawful, ...extras];
  const periods = [...new Set(rows.map((row) => row.period))].sort((a, b) => a - b);
  const byKey = new Map(rows.map((row) => [`${row.metric.slice(base.length + 1)}#${row.period}`, row]));
  // Stack bottom-up: lawful kinds first, the extra bands (the gray market) on top.
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
  const wording = metricWording(`${base}.${stackOrder[0]}`);
  let title: string;
  const band = extras[0];
  const bandEnd = band !== undefined ? share(endOf(band)) : 0;
  if (band !== undefined && bandEnd >= 0.01) {
    const bandStart = share(startOf(band));
    const verb = bandEnd > bandStart + 0.005 ? "grows to" : bandEnd < bandStart - 0.005 ? "shrinks to" : "holds at";
    title = `The ${kindLabel(band).toLowerCase()} ${verb} ${wording.level(bandEnd)} of home usage by ${yearWord(lastYear)}`;
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
  const colourOf = (kind: string, i: number): string => (extras.includes(kind) ? EXTRA_BAND_COLOUR : KIND_PALETTE[i % KIND_PALETTE.length]);
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
    textColour: textColour(colourOf(kind, i)),
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
      color: TEXT_COLOUR_ENCODING,
    },
  });
  layers.push(sourceLayer(frame, t.axisLabel * 1.9 + t.source * 0.6));
  const data = bands.map((b) => ({ kind: b.kind, year: round6(b.year), y0: round6(b.y0), y1: round6(b.y1) }));
  const spec = topLevel(frame, { datasets: { bands: data, labels }, layer: layers }, true);
  return { spec, title: request.title ?? title, name: `${slug(base)}-shares` };
}
