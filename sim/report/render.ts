// Renders vega-lite specs to SVG and PNG in Node, without a browser (Node-only: files, fonts).
// vega-lite compiles to vega; vega's headless view writes SVG; resvg rasterises it with the fonts
// shipped by the `source-sans` npm package (SIL OFL 1.1), never the machine's, so the same spec
// gives the same bytes everywhere. Text widths for layout come from the same font files.

import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { Resvg } from "@resvg/resvg-js";
import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";
import { CHART_SIZES, FONT_FAMILY, type Chart, type ChartSize, type TextMeasure } from "./charts/index.js";

export type ChartFormat = "svg" | "png";
export const CHART_FORMATS: readonly ChartFormat[] = ["svg", "png"];

// ---------------------------------------------------------------------------------------------
// Fonts

const FONT_FILES_BY_WEIGHT: { weight: number; italic: boolean; file: string }[] = [
  { weight: 400, italic: false, file: "SourceSans3-Regular.ttf" },
  { weight: 400, italic: true, file: "SourceSans3-It.ttf" },
  { weight: 600, italic: false, file: "SourceSans3-Semibold.ttf" },
  { weight: 700, italic: false, file: "SourceSans3-Bold.ttf" },
];

/** Absolute paths of the TTF files charts are drawn with (Source Sans 3 from the source-sans package). */
export function chartFontFiles(): string[] {
  const packageJson = createRequire(import.meta.url).resolve("source-sans/package.json");
  return FONT_FILES_BY_WEIGHT.map((f) => join(dirname(packageJson), "TTF", f.file));
}

/** Advance widths of one TrueType font, read from its cmap, hmtx, hhea and head tables. */
export interface FontMetrics {
  unitsPerEm: number;
  /** advance width in font units of a code point (the .notdef width when unmapped) */
  advance(codePoint: number): number;
}

// Parse the few tables needed for advance widths; kerning is ignored (a fraction of a percent on labels).
export function parseFontMetrics(bytes: Uint8Array): FontMetrics {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tables = new Map<string, number>();
  const numTables = view.getUint16(4);
  for (let i = 0; i < numTables; i++) {
    const record = 12 + 16 * i;
    const tag = String.fromCharCode(bytes[record], bytes[record + 1], bytes[record + 2], bytes[record + 3]);
    tables.set(tag, view.getUint32(record + 8));
  }
  const table = (tag: string): number => {
    const offset = tables.get(tag);
    if (offset === undefined) throw new Error(`font has no "${tag}" table`);
    return offset;
  };
  const unitsPerEm = view.getUint16(table("head") + 18);
  const numberOfHMetrics = view.getUint16(table("hhea") + 34);
  const hmtx = table("hmtx");
  const advanceOfGlyph = (glyph: number): number => view.getUint16(hmtx + 4 * Math.min(glyph, numberOfHMetrics - 1));

  // cmap: prefer a Windows full-repertoire (format 12) subtable, else Windows BMP (format 4).
  const cmap = table("cmap");
  let format12 = -1;
  let format4 = -1;
  for (let i = 0; i < view.getUint16(cmap + 2); i++) {
    const record = cmap + 4 + 8 * i;
    const platform = view.getUint16(record);
    const encoding = view.getUint16(record + 2);
    const subtable = cmap + view.getUint32(record + 4);
    const format = view.getUint16(subtable);
    if (format === 12 && (platform === 3 || platform === 0) && format12 < 0) format12 = subtable;
    if (format === 4 && ((platform === 3 && encoding === 1) || platform === 0) && format4 < 0) format4 = subtable;
  }
  const glyphOf = (codePoint: number): number => {
    if (format12 >= 0) {
      const groups = view.getUint32(format12 + 12);
      for (let g = 0; g < groups; g++) {
        const group = format12 + 16 + 12 * g;
        const start = view.getUint32(group);
        const end = view.getUint32(group + 4);
        if (codePoint >= start && codePoint <= end) return view.getUint32(group + 8) + (codePoint - start);
      }
      return 0;
    }
    if (format4 < 0 || codePoint > 0xffff) return 0;
    const segX2 = view.getUint16(format4 + 6);
    const ends = format4 + 14;
    const starts = ends + segX2 + 2;
    const deltas = starts + segX2;
    const rangeOffsets = deltas + segX2;
    for (let s = 0; s < segX2; s += 2) {
      if (codePoint > view.getUint16(ends + s)) continue;
      const start = view.getUint16(starts + s);
      if (codePoint < start) return 0;
      const delta = view.getInt16(deltas + s);
      const rangeOffset = view.getUint16(rangeOffsets + s);
      if (rangeOffset === 0) return (codePoint + delta) & 0xffff;
      const glyph = view.getUint16(rangeOffsets + s + rangeOffset + 2 * (codePoint - start));
      return glyph === 0 ? 0 : (glyph + delta) & 0xffff;
    }
    return 0;
  };
  const cache = new Map<number, number>();
  return {
    unitsPerEm,
    advance(codePoint) {
      let width = cache.get(codePoint);
      if (width === undefined) {
        width = advanceOfGlyph(glyphOf(codePoint));
        cache.set(codePoint, width);
      }
      return width;
    },
  };
}

let fontMetricsByWeight: { weight: number; italic: boolean; metrics: FontMetrics }[] | undefined;

function loadedFontMetrics(): { weight: number; italic: boolean; metrics: FontMetrics }[] {
  if (!fontMetricsByWeight) {
    const files = chartFontFiles();
    fontMetricsByWeight = FONT_FILES_BY_WEIGHT.map((f, i) => ({
      weight: f.weight,
      italic: f.italic,
      metrics: parseFontMetrics(readFileSync(files[i])),
    }));
  }
  return fontMetricsByWeight;
}

function numericWeight(weight: unknown): number {
  if (weight === "bold" || weight === "bolder") return 700;
  const n = Number(weight);
  return Number.isFinite(n) && n > 0 ? n : 400;
}

/** Exact text width in px in the chart font, for layout (wrapping titles, placing labels). */
export const measureChartText: TextMeasure = (text, fontSizePx, weight) => {
  const fonts = loadedFontMetrics();
  const w = numericWeight(weight);
  const font = fonts
    .filter((f) => !f.italic)
    .reduce((best, f) => (Math.abs(f.weight - w) < Math.abs(best.weight - w) ? f : best)).metrics;
  let units = 0;
  for (const ch of text) units += font.advance(ch.codePointAt(0)!);
  return (units / font.unitsPerEm) * fontSizePx;
};

// vega measures text with a canvas when one exists; headless it estimates 0.8 em a character.
// Give it the shipped font's advance widths instead, so bounds and label placement are right.
function installVegaTextMetrics(): void {
  const metrics = (vega as unknown as { textMetrics: { width: (item: Record<string, unknown>, text?: unknown) => number } }).textMetrics;
  metrics.width = (item, text) => {
    const line = text == null ? "" : String(text).trim();
    const size = item.fontSize != null ? Number(item.fontSize) || 0 : 11;
    if (size <= 0 || line === "") return 0;
    return measureChartText(line, size, numericWeight(item.fontWeight));
  };
}

// ---------------------------------------------------------------------------------------------
// Rendering

/** Pixel size a spec asks for (its top-level width and height; with autosize fit these are the whole image). */
function specSize(spec: TopLevelSpec): { width: number; height: number } {
  const { width, height } = spec as unknown as { width: unknown; height: unknown };
  if (typeof width !== "number" || typeof height !== "number")
    throw new Error("chart spec must set a numeric top-level width and height (autosize fit)");
  return { width, height };
}

/** Render a vega-lite spec to an SVG string of exactly the spec's width x height. Deterministic. */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  installVegaTextMetrics();
  const warnings: string[] = [];
  const logger = {
    level: () => logger,
    error: (...args: unknown[]) => { throw new Error(args.map(String).join(" ")); },
    warn: (...args: unknown[]) => (warnings.push(args.map(String).join(" ")), logger),
    info: () => logger,
    debug: () => logger,
  };
  const compiled = compile(spec, { logger: logger as never }).spec;
  vega.resetSVGDefIds();
  const view = new vega.View(vega.parse(compiled), { renderer: "none", logLevel: vega.Error });
  let svg: string;
  try {
    svg = await view.toSVG();
  } finally {
    view.finalize();
  }
  const { width, height } = specSize(spec);
  // Autosize "fit" lays the chart out for exactly this size; pin the root element to it.
  return svg.replace(
    /^<svg([^>]*?) width="[^"]*" height="[^"]*" viewBox="[^"]*"/,
    `<svg$1 width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"`,
  );
}

/** Rasterise an SVG with the shipped fonts only (no system fonts) to a PNG of exactly width x height pixels. */
export function svgToPng(svg: string, width: number, height: number): Buffer {
  const resvg = new Resvg(svg, {
    font: { loadSystemFonts: false, fontFiles: chartFontFiles(), defaultFontFamily: FONT_FAMILY, sansSerifFamily: FONT_FAMILY },
    fitTo: { mode: "width", value: width },
    background: "white",
  });
  const image = resvg.render();
  if (image.width !== width || image.height !== height)
    throw new Error(`rendered PNG is ${image.width}x${image.height}, expected ${width}x${height}`);
  return image.asPng();
}

/** Render a chart to SVG and PNG at its size. */
export async function renderChart(spec: TopLevelSpec): Promise<{ svg: string; png: Buffer }> {
  const svg = await renderSvg(spec);
  const { width, height } = specSize(spec);
  return { svg, png: svgToPng(svg, width, height) };
}

// Write via a temporary file in the same directory and rename, so no reader ever sees half a file.
export function writeFileAtomic(path: string, content: string | Uint8Array): void {
  const temporary = join(dirname(path), `.${path.slice(dirname(path).length + 1)}.${process.pid}.tmp`);
  try {
    writeFileSync(temporary, content);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/** Write `<name>.vl.json` and the requested formats of a chart into `outDir`; returns the paths written. */
export async function writeChartFiles(outDir: string, chart: Chart, formats: readonly ChartFormat[], size: ChartSize): Promise<string[]> {
  mkdirSync(outDir, { recursive: true });
  const stem = size === "social" ? chart.name : `${chart.name}-${size}`;
  const { width, height } = CHART_SIZES[size];
  const written: string[] = [];
  // Render everything first: a failure leaves no partial set of files behind.
  const svg = formats.includes("svg") || formats.includes("png") ? await renderSvg(chart.spec) : "";
  const png = formats.includes("png") ? svgToPng(svg, width, height) : undefined;
  const specPath = join(outDir, `${stem}.vl.json`);
  writeFileAtomic(specPath, `${JSON.stringify(chart.spec, null, 2)}\n`);
  written.push(specPath);
  if (formats.includes("svg")) {
    const path = join(outDir, `${stem}.svg`);
    writeFileAtomic(path, svg);
    written.push(path);
  }
  if (png) {
    const path = join(outDir, `${stem}.png`);
    writeFileAtomic(path, png);
    written.push(path);
  }
  return written;
}
