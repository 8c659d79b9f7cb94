// Text: width estimates, word wrap and numbers as the charts print them. Portable.

/** Width of `text` in pixels at `fontSizePx` in the chart font; `weight` 400 regular, 600 semibold. */
export type TextMeasure = (text: string, fontSizePx: number, weight: number) => number;

// Approximate advance widths of Source Sans 3 in em, for when the renderer's exact metrics are absent.
function estimateCharEm(ch: string): number {
  if (" ".includes(ch)) return 0.2;
  if ("iljI.,:;'|!()[]".includes(ch)) return 0.25;
  if ("frt-".includes(ch)) return 0.33;
  if ("mwMW".includes(ch)) return 0.75;
  if ("0123456789".includes(ch)) return 0.5;
  if (ch >= "A" && ch <= "Z") return 0.58;
  return 0.49;
}

/** Estimated width in px of `text` in Source Sans 3 (semibold about 4% wider). */
export const estimateTextWidth: TextMeasure = (text, fontSizePx, weight) => {
  let em = 0;
  for (const ch of text) em += estimateCharEm(ch);
  return em * fontSizePx * (weight >= 600 ? 1.04 : 1);
};

/** Greedy word wrap of `text` into lines no wider than `maxWidthPx`. */
export function wrapText(text: string, maxWidthPx: number, fontSizePx: number, weight: number, measure: TextMeasure): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter((w) => w.length > 0)) {
    const candidate = line ? `${line} ${word}` : word;
    if (line && measure(candidate, fontSizePx, weight) > maxWidthPx) {
      lines.push(line);
      line = word;
    } else line = candidate;
  }
  if (line) lines.push(line);
  return lines.length > 0 ? lines : [""];
}

/** 1234567.8 -> "1,234,568" with `decimals` digits after the point; no locale lookups, so identical everywhere. */
export function formatNumber(value: number, decimals = 0): string {
  if (!Number.isFinite(value)) return String(value);
  const negative = value < 0 && Math.abs(value) >= 0.5 * 10 ** -decimals;
  const fixed = Math.abs(value).toFixed(decimals);
  const [whole, fraction] = fixed.split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${negative ? "-" : ""}${grouped}${fraction ? `.${fraction}` : ""}`;
}

/** `value` rounded to `digits` significant figures (1,174 -> 1,170), for amounts stated in words. */
export function roundSignificant(value: number, digits = 3): number {
  if (value === 0 || !Number.isFinite(value)) return value;
  const factor = 10 ** (digits - 1 - Math.floor(Math.log10(Math.abs(value))));
  return Math.round(value * factor) / factor;
}

// A number to three significant figures with thousands separators and no trailing zeros: 1,170 / 8 / 0.42.
export function formatSignificant(value: number): string {
  const rounded = roundSignificant(value);
  return formatNumber(rounded, decimalsForMagnitude(rounded)).replace(/(\.\d*?)0+$/, "$1").replace(/\.$/, "");
}

/** Digits after the point that show `value` to about three significant figures (none at 100 and above). */
export function decimalsForMagnitude(value: number): number {
  const magnitude = Math.abs(value);
  if (magnitude >= 100 || magnitude === 0) return 0;
  if (magnitude >= 10) return 1;
  return Math.min(6, 2 - Math.floor(Math.log10(magnitude)));
}
