// Chart text is readable: every text drawn on the white background (titles, axes, direct labels,
// values), read from the rendered SVG, reaches 4.5:1 contrast (WCAG 2.2 AA for text); white text
// sits on the darkest band. Series-coloured labels use the darker variant of their series' hue
// (TEXT_COLOURS); lines and areas keep the palette.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { readChartTables } from "../../sim/report/chart-data.js";
import { buildChart, OKABE_ITO, type ChartKind, type StudyTables } from "../../sim/report/charts/index.js";
import { TEXT_COLOURS, textColour } from "../../sim/report/charts/style.js";
import { renderSvg } from "../../sim/report/render.js";

const fixtures = join(dirname(fileURLToPath(import.meta.url)), "fixtures");
const compare = readChartTables(join(fixtures, "compare"));
const sweep = readChartTables(join(fixtures, "sweep"));

/** WCAG relative luminance of #RRGGBB. */
function luminance(hex: string): number {
  const channels = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
  const [r, g, b] = channels.map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
/** Contrast ratio against white. */
const onWhite = (hex: string) => 1.05 / (luminance(hex) + 0.05);

/** The fill of every text element of a rendered chart (vega writes one fill per <text>). */
function textFills(svg: string): string[] {
  return [...svg.matchAll(/<text\b[^>]*\bfill="([^"]+)"/g)].map((m) => m[1]);
}

/** "#rgb", "#rrggbb" or "white" as #RRGGBB. */
function hex(colour: string): string {
  if (colour === "white") return "#FFFFFF";
  if (/^#[0-9a-f]{3}$/i.test(colour)) return `#${[...colour.slice(1)].map((c) => c + c).join("")}`.toUpperCase();
  return colour.toUpperCase();
}

const CHARTS: { name: string; tables: StudyTables; kind: ChartKind; metric: string }[] = [
  { name: "timeseries", tables: compare, kind: "timeseries", metric: "hhi_usage" },
  { name: "difference", tables: compare, kind: "difference", metric: "gray_share" },
  { name: "endstate", tables: compare, kind: "endstate", metric: "consumer_surplus" },
  { name: "shares", tables: compare, kind: "shares", metric: "usage_share" },
  { name: "sweep endstate", tables: sweep, kind: "endstate", metric: "hhi_usage" },
];

describe("chart text contrast", () => {
  it("each palette colour's text variant keeps the hue's order and reaches 4.5:1 on white", () => {
    for (const colour of Object.values(OKABE_ITO)) expect(onWhite(textColour(colour)), colour).toBeGreaterThanOrEqual(4.5);
    for (const [colour, text] of Object.entries(TEXT_COLOURS)) expect(luminance(text), colour).toBeLessThan(luminance(colour));
  });

  it.each(CHARTS)("$name: every text drawn on white reaches 4.5:1 (rendered SVG)", async ({ tables, kind, metric }) => {
    for (const size of ["social", "print"] as const) {
      const svg = await renderSvg(buildChart(tables, { kind, metric, size }).spec);
      const fills = textFills(svg).map(hex).filter((colour) => colour !== "#FFFFFF");
      expect(fills.length).toBeGreaterThan(3);
      for (const colour of fills) expect(onWhite(colour), `${size} text in ${colour}`).toBeGreaterThanOrEqual(4.5);
    }
  });
});
