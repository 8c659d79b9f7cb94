// Charts of a global study of the claims (moat claims --global): the Sobol' indices of a claim's key
// effect, and the PRIM box where the claim holds. Vega-lite specs from plain rows, so the
// report's numbers and the charts' come from the same records. Portable.
import type { TopLevelSpec } from "vega-lite";
import { FONT_CSS, OKABE_ITO } from "./style.js";

/** One factor's indices with their intervals. */
export interface IndexRow {
  factor: string;
  firstOrder: number;
  firstLow: number;
  firstHigh: number;
  total: number;
  totalLow: number;
  totalHigh: number;
}

/** One restricted factor of a box: its sampled range and the box's, in the factor's shown values. */
export interface BoxRow {
  factor: string;
  fullLow: number;
  fullHigh: number;
  boxLow: number;
  boxHigh: number;
  /** the box's limits in words ("at least 9.5") */
  words: string;
}

const CONFIG = { font: FONT_CSS, axis: { labelFontSize: 11, titleFontSize: 12 }, legend: { labelFontSize: 11, titleFontSize: 11 }, title: { fontSize: 13, subtitleFontSize: 11 } };

/**
 * Bars of the first-order and total index of each factor (largest total first), each with its
 * bootstrap interval as a rule: what the claim's key effect depends on, alone and with interactions.
 */
export function indicesChartSpec(title: string, subtitle: string, rows: readonly IndexRow[]): TopLevelSpec {
  const order = [...rows].sort((a, b) => b.total - a.total).map((r) => r.factor);
  const long = rows.flatMap((r) => [
    { factor: r.factor, index: "total (with interactions)", value: r.total, low: r.totalLow, high: r.totalHigh },
    { factor: r.factor, index: "first order (alone)", value: r.firstOrder, low: r.firstLow, high: r.firstHigh },
  ]);
  const y = { field: "factor", type: "nominal" as const, sort: order, title: null };
  const yOffset = { field: "index", type: "nominal" as const, sort: ["total (with interactions)", "first order (alone)"] };
  const colour = {
    field: "index",
    type: "nominal" as const,
    title: null,
    scale: { domain: ["total (with interactions)", "first order (alone)"], range: [OKABE_ITO.blue, OKABE_ITO.orange] },
    legend: { orient: "bottom" as const },
  };
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    width: 560,
    height: 120 + 30 * rows.length,
    autosize: { type: "fit", contains: "padding" },
    background: "white",
    config: CONFIG,
    title: { text: title, subtitle, anchor: "start" },
    data: { values: long },
    encoding: { y, yOffset },
    layer: [
      { mark: { type: "bar" }, encoding: { x: { field: "value", type: "quantitative", title: "Sobol' index (share of the effect's variance)", scale: { domain: [0, 1], clamp: true } }, color: colour } },
      { mark: { type: "rule", color: "#444444" }, encoding: { x: { field: "low", type: "quantitative", scale: { domain: [0, 1], clamp: true } }, x2: { field: "high" } } },
    ],
  } as unknown as TopLevelSpec;
}

/**
 * The box where a claim holds: for each restricted factor, its sampled range as a grey bar and the
 * box's range over it, on a scale from the lowest to the highest sampled value (0 to 1), with the
 * limit in words beside it.
 */
export function boxChartSpec(title: string, subtitle: string, rows: readonly BoxRow[]): TopLevelSpec {
  const data = rows.map((r) => {
    const span = r.fullHigh - r.fullLow;
    return { factor: r.factor, start: 0, end: 1, boxStart: span > 0 ? (r.boxLow - r.fullLow) / span : 0, boxEnd: span > 0 ? (r.boxHigh - r.fullLow) / span : 1, words: r.words };
  });
  const y = { field: "factor", type: "nominal" as const, title: null, sort: rows.map((r) => r.factor) };
  const x = { type: "quantitative" as const, scale: { domain: [0, 1] }, title: "position in the sampled range (lowest to highest value)" };
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    width: 560,
    height: 110 + 44 * rows.length,
    autosize: { type: "fit", contains: "padding" },
    background: "white",
    config: CONFIG,
    title: { text: title, subtitle, anchor: "start" },
    data: { values: data },
    encoding: { y },
    layer: [
      { mark: { type: "bar", color: "#DDDDDD", height: 18 }, encoding: { x: { field: "start", ...x }, x2: { field: "end" } } },
      { mark: { type: "bar", color: OKABE_ITO.bluishGreen, height: 18 }, encoding: { x: { field: "boxStart", ...x }, x2: { field: "boxEnd" } } },
      { mark: { type: "text", align: "left", dx: 4, dy: -14, fontSize: 11 }, encoding: { x: { field: "boxStart", ...x }, text: { field: "words" } } },
    ],
  } as unknown as TopLevelSpec;
}
