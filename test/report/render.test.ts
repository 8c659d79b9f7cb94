// Rendering: valid SVG and PNG of exactly the requested pixel size, byte-identical across renders,
// drawn with the shipped font only.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { readChartTables } from "../../sim/report/chart-data.js";
import { buildChart, CHART_SIZES, estimateTextWidth, FONT_CSS, FONT_FAMILY, type ChartSize } from "../../sim/report/charts/index.js";
import { chartFontFiles, measureChartText, parseFontMetrics, renderChart, renderSvg, svgToPng } from "../../sim/report/render.js";

const fixtures = join(dirname(fileURLToPath(import.meta.url)), "fixtures");
const compare = readChartTables(join(fixtures, "compare"));
const sweep = readChartTables(join(fixtures, "sweep"));

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

// IHDR is the first chunk: length(4) "IHDR"(4) width(4) height(4), big-endian.
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  expect(png.subarray(12, 16).toString("latin1")).toBe("IHDR");
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

function svgSize(svg: string): { width: number; height: number } {
  const root = /^<svg\b[^>]*>/.exec(svg)?.[0] ?? "";
  return { width: Number(/ width="([\d.]+)"/.exec(root)?.[1]), height: Number(/ height="([\d.]+)"/.exec(root)?.[1]) };
}

describe("render", () => {
  for (const size of Object.keys(CHART_SIZES) as ChartSize[])
    it(`renders a ${size} chart as SVG and PNG of exactly ${CHART_SIZES[size].width}x${CHART_SIZES[size].height}`, async () => {
      const chart = buildChart(compare, { kind: "timeseries", metric: "hhi_usage", size, measureText: measureChartText });
      const { svg, png } = await renderChart(chart.spec);
      expect(svg.startsWith("<svg")).toBe(true);
      expect(svg.trimEnd().endsWith("</svg>")).toBe(true);
      const { width, height } = CHART_SIZES[size];
      expect(svgSize(svg)).toEqual({ width, height });
      expect(pngSize(png)).toEqual({ width, height });
    });

  it("gives byte-identical SVG and PNG for the same input, twice", async () => {
    const chart = () => buildChart(sweep, { kind: "heatmap", metric: "hhi_usage", size: "social", measureText: measureChartText });
    const first = await renderChart(chart().spec);
    const second = await renderChart(chart().spec);
    expect(second.svg).toBe(first.svg);
    expect(second.png.equals(first.png)).toBe(true);
    // a different chart in between must not shift ids (clip paths, gradients) in the next render
    await renderSvg(buildChart(compare, { kind: "shares", metric: "usage_share", size: "slide" }).spec);
    expect(await renderSvg(chart().spec)).toBe(first.svg);
  });

  it("sets all text in the chart font and embeds no timestamps", async () => {
    const { svg } = await renderChart(buildChart(compare, { kind: "endstate", metric: "gray_share", size: "social" }).spec);
    // quoted in CSS (the name has a digit) so browsers and resvg both find the shipped font
    const families = new Set([...svg.matchAll(/font-family="([^"]*)"/g)].map((m) => m[1].replaceAll("&quot;", '"')));
    expect([...families]).toEqual([FONT_CSS]);
    expect(FONT_CSS.startsWith(`"${FONT_FAMILY}"`)).toBe(true);
    expect(svg).not.toMatch(/20\d\d-\d\d-\d\dT/);
  });

  it("refuses to stretch an SVG to a size it was not laid out for", () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="50" viewBox="0 0 100 50"></svg>';
    expect(pngSize(svgToPng(svg, 100, 50))).toEqual({ width: 100, height: 50 });
    expect(() => svgToPng(svg, 100, 60)).toThrow(/100x50, expected 100x60/);
  });
});

describe("shipped font", () => {
  it("ships Source Sans 3 TTFs with their licence", () => {
    const files = chartFontFiles();
    expect(files.length).toBeGreaterThanOrEqual(3);
    for (const file of files) expect(existsSync(file)).toBe(true);
    expect(readFileSync(join(dirname(files[0]), "..", "LICENSE.md"), "utf8")).toMatch(/SIL OPEN FONT LICENSE Version 1\.1/i);
  });

  it("measures text from the font's advance widths: additive, linear in size, bolder is wider", () => {
    const metrics = parseFontMetrics(readFileSync(chartFontFiles()[0]));
    expect(metrics.unitsPerEm).toBe(1000);
    expect(metrics.advance("0".codePointAt(0)!)).toBe(metrics.advance("9".codePointAt(0)!)); // tabular figures
    expect(measureChartText("ab", 20, 400)).toBeCloseTo(measureChartText("a", 20, 400) + measureChartText("b", 20, 400), 9);
    expect(measureChartText("Market", 40, 400)).toBeCloseTo(2 * measureChartText("Market", 20, 400), 9);
    expect(measureChartText("Market", 20, 600)).toBeGreaterThan(measureChartText("Market", 20, 400));
    // the pure estimate used without the font is within 15% on an ordinary title
    const title = "The strict regime raises market concentration by 1,240 HHI points by 2036";
    const exact = measureChartText(title, 32, 600);
    expect(Math.abs(estimateTextWidth(title, 32, 600) - exact) / exact).toBeLessThan(0.15);
  });
});
