// What a metric definition is: the unit kinds (a union, so wording never guesses from unit text),
// the unit text written from them, the shape of a registry entry (one number per period, or one
// per provider kind) and of the description readers get. The entries are in sim/metric-catalog.ts.
// Portable.
import type { PeriodObservation } from "./observation.js";

/** What a metric's number measures; its unit text and its wording follow from it. */
export type MetricMeasure =
  /** a fraction in [0, 1] (drawn in percent) of `of`, e.g. home usage */
  | { kind: "share"; of: string | null }
  /** points of a concentration index: HHI on shares in percent, 0 to 10,000 */
  | { kind: "index-points"; index: "HHI" }
  /** a number of firms, models or training runs, at the end of a period or over a period */
  | { kind: "count"; of: "firms" | "models" | "runs"; perPeriod: boolean }
  /** events in a period with no countable noun in the unit (enforcement actions) */
  | { kind: "rate" }
  /** USD M per period (quarter) */
  | { kind: "money-per-period" }
  /** USD per million tokens */
  | { kind: "price" }
  /** a ratio of two prices minus one (0 = no premium) */
  | { kind: "ratio-minus-one" }
  /** a duration in quarters */
  | { kind: "duration-quarters" }
  /** capability, log10 effective FLOP in start-year FLOP */
  | { kind: "capability-index" }
  /** a difference of two capabilities, in capability-index points */
  | { kind: "capability-points" }
  /** 1 = yes, 0 = no */
  | { kind: "flag" };

export type MeasureKind = MetricMeasure["kind"];

/** How a buyer reads a move of the metric (unset when it depends on why it moved). */
export type BuyerDirection = "higher-is-better" | "lower-is-better";

interface MetricCommon {
  /** id in metrics.csv; a by-kind family reports `<id>.<kindId>` */
  id: string;
  /** title-case label for tables and axes; a family's label names the family */
  label: string;
  measure: MetricMeasure;
  description: string;
  /** shown in the run and study summaries, in this rank (1 first) */
  headline?: number;
  /** 0 in every period of a run without a regime (so "what the regime does to it" is its level) */
  zeroWithoutRegime?: boolean;
  directionForBuyers?: BuyerDirection;
}

/** One number per period, `undefined` when the metric does not apply (another market form, no FLOP line). */
export interface ScalarMetric extends MetricCommon {
  byKind?: false;
  /** noun phrase for sentences, e.g. "market concentration" */
  noun: string;
  compute(o: PeriodObservation): number | undefined;
}

/**
 * A family: one number per member per period, reported as `<id>.<member>`. The members are the
 * scenario's provider kinds (and extra bands, e.g. the gray market's usage share), or its buyer
 * segments when `members` is "segments" (`hhi_segment.developers`).
 */
export interface ByKindMetric extends MetricCommon {
  byKind: true;
  /** what the members are: provider kinds (default) or buyer segments */
  members?: "kinds" | "segments";
  /** members after the scenario's kinds, e.g. "gray" */
  extraBands?: readonly string[];
  /** label of one member: "Entries: startup" */
  labelOf(kindId: string): string;
  /** noun phrase of one member: "the number of entries: startup" */
  nounOf(kindId: string): string;
  compute(o: PeriodObservation, kindId: string): number | undefined;
}

export type MetricDefinition = ScalarMetric | ByKindMetric;

/** A metric as described to readers (CLI, charts, page, library): a registry entry without its compute function, with its unit text. */
export interface MetricInfo {
  id: string;
  label: string;
  /** unit text, e.g. "share of home usage (0-1)" */
  unit: string;
  measure: MetricMeasure;
  description: string;
  /** noun phrase for sentences (a family's is that of its members with "<kind>" for the kind) */
  noun: string;
  /** reported once per provider kind (or buyer segment, `members: "segments"`) as `<id>.<member>` (and `usage_share.gray`) */
  byKind?: boolean;
  /** a family's members: provider kinds or buyer segments */
  members?: "kinds" | "segments";
  headline?: number;
  zeroWithoutRegime?: boolean;
  directionForBuyers?: BuyerDirection;
}

// ---------------------------------------------------------------------------------------------
// Units in words
// Units in words

/** The unit as written in tables: "share of home usage (0-1)", "USD M per quarter", "firms per quarter". */
export function unitText(measure: MetricMeasure): string {
  switch (measure.kind) {
    case "share":
      return `share${measure.of ? ` of ${measure.of}` : ""} (0-1)`;
    case "index-points":
      return "points (0-10,000)";
    case "count":
      return `${measure.of}${measure.perPeriod ? " per quarter" : ""}`;
    case "rate":
      return "per quarter";
    case "money-per-period":
      return "USD M per quarter";
    case "price":
      return "USD per million tokens";
    case "ratio-minus-one":
      return "ratio - 1";
    case "duration-quarters":
      return "quarters";
    case "capability-index":
      return "capability index (log10 effective FLOP)";
    case "capability-points":
      return "capability points";
    case "flag":
      return "1 = yes";
  }
}

/** The unit without its range or definition in brackets: "share of home usage", "capability index". */
export function unitWords(measure: MetricMeasure): string {
  return unitText(measure).replace(/\s*\([^)]*\)\s*$/, "");
}

/** "frontier-lab" -> "Frontier lab"; "gray" -> "Gray market". */
export function kindLabel(kindId: string): string {
  if (kindId === "gray") return "Gray market";
  const words = kindId.replace(/[-_]+/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}
