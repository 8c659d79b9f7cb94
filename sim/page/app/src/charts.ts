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
