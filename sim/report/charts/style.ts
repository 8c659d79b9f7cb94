// Style: chart sizes, type sizes, the font and the colour-blind-safe palette.
// Portable.

export type ChartSize = "social" | "print" | "slide";

/**
 * Pixel sizes. social: 1200x675 (16:9, the card size of the big platforms). slide: 1920x1080.
 * print: 1050x788 is one journal column, 3.5 in wide at 300 dpi (4:3); type is set in points at
 * 300 dpi (1 pt = 300/72 px), 9.5 pt title, 7 pt labels, 6 pt source line.
 */
export const CHART_SIZES: Record<ChartSize, { width: number; height: number; dpi: number }> = {
  social: { width: 1200, height: 675, dpi: 96 },
  print: { width: 1050, height: 788, dpi: 300 },
  slide: { width: 1920, height: 1080, dpi: 96 },
};

export interface Typography {
  title: number;
  subtitle: number;
  /** direct labels and annotations */
  label: number;
  axisLabel: number;
  axisTitle: number;
  source: number;
  padding: number;
  lineWidth: number;
}

export const TYPOGRAPHY: Record<ChartSize, Typography> = {
  social: { title: 32, subtitle: 21, label: 20, axisLabel: 18, axisTitle: 18, source: 15, padding: 28, lineWidth: 3 },
  print: { title: 40, subtitle: 30, label: 29, axisLabel: 28, axisTitle: 28, source: 25, padding: 24, lineWidth: 5 },
  slide: { title: 52, subtitle: 34, label: 32, axisLabel: 29, axisTitle: 29, source: 24, padding: 44, lineWidth: 5 },
};

/** The chart font: Source Sans 3 (SIL Open Font License 1.1), shipped by the `source-sans` npm package. */
export const FONT_FAMILY = "Source Sans 3";
/** The family as CSS wants it in SVG and in browsers: quoted (the name has a digit), with a fallback. */
export const FONT_CSS = `"${FONT_FAMILY}", sans-serif`;

/** Okabe & Ito (2008) colour-blind-safe palette. */
export const OKABE_ITO = {
  black: "#000000",
  orange: "#E69F00",
  skyBlue: "#56B4E9",
  bluishGreen: "#009E73",
  yellow: "#F0E442",
  blue: "#0072B2",
  vermillion: "#D55E00",
  reddishPurple: "#CC79A7",
} as const;

/** Colours for regime arms in order (yellow left out: too light for lines on white). */
export const SERIES_COLOURS: readonly string[] = [
  OKABE_ITO.vermillion,
  OKABE_ITO.blue,
  OKABE_ITO.bluishGreen,
  OKABE_ITO.reddishPurple,
  OKABE_ITO.orange,
  OKABE_ITO.skyBlue,
];
/** The baseline is drawn in a neutral grey (4.5:1 contrast on white) so the regime stands out. */
export const BASELINE_COLOUR = "#767676";
/** The gray market's band: a dark neutral, apart from every provider kind's hue. */
export const GRAY_MARKET_COLOUR = "#4A4A4A";
/** A by-kind metric's extra bands (the registry's `extraBands`: the gray market) in the shares chart. */
export const EXTRA_BAND_COLOUR = GRAY_MARKET_COLOUR;
/**
 * Provider kinds' colours in the shares chart, by the kinds' order in the tables (the scenario's
 * order): the shipped frontier-lab, startup, open-source, foreign get blue, orange, green, purple.
 */
export const KIND_PALETTE: readonly string[] = [
  OKABE_ITO.blue,
  OKABE_ITO.orange,
  OKABE_ITO.bluishGreen,
  OKABE_ITO.reddishPurple,
  OKABE_ITO.skyBlue,
  OKABE_ITO.vermillion,
];
/** Sequential, perceptually uniform and colour-blind-safe scheme for heat maps. */
export const HEATMAP_SCHEME = "viridis";
/** Diverging blue-orange scheme (colour-blind-safe) for HHI heat maps, centred on 1,800. */
export const HEATMAP_DIVERGING_SCHEME = "blueorange";
/** 2023 US Merger Guidelines: an HHI above 1,800 is "highly concentrated". */
export const HHI_HIGHLY_CONCENTRATED = 1800;

/**
 * Text in a series' colour (direct labels, values next to dots) is written in a darker variant of
 * the same hue: the palette colour with its HSL lightness lowered until the text reaches 4.5:1
 * contrast on white (WCAG 2.2 AA for text). Lines, bands and areas keep the palette colours.
 */
export const TEXT_COLOURS: Readonly<Record<string, string>> = {
  [OKABE_ITO.orange]: "#9C6C00",
  [OKABE_ITO.skyBlue]: "#177AB2",
  [OKABE_ITO.bluishGreen]: "#008460",
  [OKABE_ITO.yellow]: "#80770A",
  [OKABE_ITO.vermillion]: "#BE5400",
  [OKABE_ITO.reddishPurple]: "#BB4D8A",
};

/** The colour text takes for a series drawn in `colour`: its darker variant, or the colour itself when dark enough. */
export function textColour(colour: string): string {
  return TEXT_COLOURS[colour.toUpperCase()] ?? colour;
}

/**
 * The colour encoding of a text layer whose data carry each row's text colour in `textColour`
 * (scale null: the value is the colour). A text layer cannot share the series' colour scale with a
 * different range: vega-lite merges the scales of layered marks on one channel.
 */
export const TEXT_COLOUR_ENCODING = { field: "textColour", type: "nominal", scale: null, legend: null } as const;

export const INK = "#222222";
export const MUTED = "#595959";
export const GRID = "#E3E3E3";
