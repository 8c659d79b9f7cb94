// What a chart request and a chart are, and the user mistakes a request can make.
// Portable.
import type { TopLevelSpec } from "vega-lite";
import type { ChartSize } from "./style.js";
import type { TextMeasure } from "./text.js";

export type ChartKind = "timeseries" | "difference" | "endstate" | "shares" | "heatmap";
export const CHART_KINDS: readonly ChartKind[] = ["timeseries", "difference", "endstate", "shares", "heatmap"];

export interface ChartRequest {
  kind: ChartKind;
  /** metric id from the catalog; for "shares" the by-kind base id (default usage_share) */
  metric: string;
  /** baseline arm to compare against (default: the study's baseline) */
  vs?: string;
  /** arm to draw for single-arm kinds (shares, heatmap; default: first non-baseline arm) */
  arm?: string;
  size: ChartSize;
  /** replaces the computed title */
  title?: string;
  /** exact text widths (the renderer passes the shipped font's metrics); default: an estimate */
  measureText?: TextMeasure;
}

export interface Chart {
  spec: TopLevelSpec;
  /** title lines as drawn */
  title: string;
  /** file stem, e.g. "hhi_usage-timeseries" */
  name: string;
}

/** A mistake the user can fix (unknown metric, wrong kind for the study): exit status 2. */
export class ChartInputError extends Error {
  override name = "ChartInputError";
}

/** File stem of a chart: the metric id with characters unsafe in file names replaced. */
export function slug(metric: string): string {
  return metric.replace(/[^A-Za-z0-9_.-]+/g, "-");
}
