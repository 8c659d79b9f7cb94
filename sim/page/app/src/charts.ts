// Drawing the CLI's charts (sim/report/charts/ builds the vega-lite specs) into the page as SVG
// with a vega View, and measuring chart text with the page's copy of the chart font.
import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";
import { FONT_FAMILY, type TextMeasure } from "../../../report/charts/index.js";

let context: CanvasRenderingContext2D | null | undefined;

/** Text width in the chart font, measured on a canvas (exact once the web font has loaded). */
export const measureText: TextMeasure = (text, fontSizePx, weight) => {
  if (context === undefined) context = document.createElement("canvas").getContext("2d");
  if (!context) return text.length * fontSizePx * 0.5;
  context.font = `${weight} ${fontSizePx}px "${FONT_FAMILY}", sans-serif`;
  return context.measureText(text).width;
};

const views = new Map<HTMLElement, vega.View>();
let metricsInstalled = false;

/**
 * Vega sizes the chart (and its direct labels) with canvas text widths, but writes the family
 * unquoted ("600 29px Source Sans 3"), which a canvas rejects because of the digit; measure with
 * the family quoted instead, as the CLI's renderer measures with the font's own metrics.
 */
function installTextMetrics(): void {
  if (metricsInstalled) return;
  metricsInstalled = true;
  const metrics = (vega as unknown as { textMetrics: { width: (item: Record<string, unknown>, text?: unknown) => number } }).textMetrics;
  metrics.width = (item, text) => {
    const line = text == null ? "" : String(text).trim();
    const size = item.fontSize != null ? Number(item.fontSize) || 0 : 11;
    if (size <= 0 || line === "") return 0;
    const weight = item.fontWeight === "bold" ? 700 : Number(item.fontWeight) || 400;
    return measureText(line, size, weight);
  };
}

/** Replace the chart in `container` with `spec`, drawn as SVG; resolves when it is in the page. */
export async function drawChart(container: HTMLElement, spec: TopLevelSpec, label: string): Promise<void> {
  installTextMetrics();
  const compiled = compile(spec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: "svg", logLevel: vega.Error });
  const holder = document.createElement("div");
  await view.initialize(holder).runAsync();
  const svg = holder.querySelector("svg");
  if (svg) {
    // Scale with the column: keep the viewBox, let CSS set the size.
    svg.removeAttribute("width");
    svg.removeAttribute("height");
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", label);
  }
  views.get(container)?.finalize();
  views.set(container, view);
  container.replaceChildren(...holder.childNodes);
}

let fontFaces: Promise<string> | undefined;

/** The chart font as @font-face rules with the font files inlined, so a downloaded SVG or PNG draws in it. */
function embeddedFontFaces(): Promise<string> {
  fontFaces ??= Promise.all(
    [
      { weight: 400, file: "fonts/SourceSans3-Regular.ttf.woff2" },
      { weight: 600, file: "fonts/SourceSans3-Semibold.ttf.woff2" },
    ].map(async ({ weight, file }) => {
      const bytes = new Uint8Array(await (await fetch(file)).arrayBuffer());
      let binary = "";
      for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      return `@font-face{font-family:"${FONT_FAMILY}";font-weight:${weight};src:url(data:font/woff2;base64,${btoa(binary)}) format("woff2");}`;
    }),
  ).then((rules) => rules.join(""));
  return fontFaces;
}

/** The drawn chart as a standalone SVG file: its own size from the viewBox, the font named as CSS wants it. */
export function chartSvgText(container: HTMLElement, fontCss = ""): string {
  const svg = container.querySelector("svg");
  if (!svg) return "";
  const copy = svg.cloneNode(true) as SVGSVGElement;
  const box = (copy.getAttribute("viewBox") ?? "").split(/\s+/).map(Number);
  if (box.length === 4) {
    copy.setAttribute("width", String(box[2]));
    copy.setAttribute("height", String(box[3]));
  }
  copy.setAttribute("xmlns", "http://www.w3.org/2000/svg");
  const style = document.createElementNS("http://www.w3.org/2000/svg", "style");
  style.textContent = `${fontCss}text{font-family:"${FONT_FAMILY}",sans-serif}`;
  copy.prepend(style);
  return `<?xml version="1.0" encoding="utf-8"?>\n${new XMLSerializer().serializeToString(copy)}\n`;
}

/** The drawn chart as a PNG at its full size (1050x788 for the page's print-size charts). */
export async function chartPng(container: HTMLElement): Promise<Blob | null> {
  const text = chartSvgText(container, await embeddedFontFaces().catch(() => ""));
  if (!text) return null;
  const image = new Image();
  const url = URL.createObjectURL(new Blob([text], { type: "image/svg+xml" }));
  try {
    image.src = url;
    await image.decode();
    const canvas = document.createElement("canvas");
    canvas.width = image.naturalWidth;
    canvas.height = image.naturalHeight;
    const context2d = canvas.getContext("2d");
    if (!context2d) return null;
    context2d.fillStyle = "white";
    context2d.fillRect(0, 0, canvas.width, canvas.height);
    context2d.drawImage(image, 0, 0);
    return await new Promise((resolve) => canvas.toBlob(resolve, "image/png"));
  } finally {
    URL.revokeObjectURL(url);
  }
}
