// Target moments of the calibration: what the market did each year before any licensing regime,
// computed the same way from the observed record (Epoch AI's data on AI models, see
// sim/calibration/epoch.ts) and from a simulated run (sim/calibration/simulated.ts). Both sides
// first become `ModelRelease` records; every moment below is a pure function of those records.
// Portable: no Node-only imports.
import * as aq from "arquero";
import { linearRegression } from "simple-statistics";

/** Required wherever the data, or a figure or number derived from it, appears (CC BY 4.0). */
export const EPOCH_CREDIT = "Data: Epoch AI, Data on AI Models (epoch.ai/data), CC BY 4.0.";

/** One trained model, observed or simulated: the facts the moments need, nothing else. */
export interface ModelRelease {
  /** calendar year of publication (data) or release (simulation) */
  year: number;
  /** the organization credited with the model (one per model), or null when the record names none */
  developer: string | null;
  /** training compute, FLOP; null when unknown (then the model is in no threshold moment) */
  trainingFlop: number | null;
  /** weights published; null when unknown or the model was never released */
  openWeights: boolean | null;
  /** developed with no organization in the United States (the simulation: outside the home jurisdiction); null when unknown */
  outsideUs: boolean | null;
  /** cost of the final training run, USD; null when not estimated */
  trainingCostUsd: number | null;
}

/** Training-compute lines the counts use, FLOP. */
export const FLOP_THRESHOLDS = [1e23, 1e24, 1e25] as const;
/** The line above which the open-weight and outside-the-US shares are taken, FLOP. */
export const LARGE_MODEL_FLOP = 1e24;
/** A year's largest cost estimate enters the cost trend only when the year has at least this many estimates. */
export const MIN_COST_ESTIMATES_PER_YEAR = 5;

export type MomentId =
  | "organizations_1e23"
  | "organizations_1e24"
  | "organizations_1e25"
  | "models_1e23"
  | "models_1e24"
  | "models_1e25"
  | "largest_training_flop"
  | "open_weight_share_1e24"
  | "outside_us_share_1e24"
  | "largest_training_cost_usd";

export interface MomentInfo {
  id: MomentId;
  label: string;
  unit: string;
  /** plotted on a log scale */
  log: boolean;
  description: string;
}

export const MOMENTS: readonly MomentInfo[] = [
  ...FLOP_THRESHOLDS.map((line) => ({
    id: `organizations_${flopLabel(line)}` as MomentId,
    label: `Organizations at or above ${flopLabel(line)} FLOP`,
    unit: "organizations",
    log: false,
    description: `distinct organizations credited with at least one model of at least ${flopLabel(line)} training FLOP published that year`,
  })),
  ...FLOP_THRESHOLDS.map((line) => ({
    id: `models_${flopLabel(line)}` as MomentId,
    label: `Models at or above ${flopLabel(line)} FLOP`,
    unit: "models",
    log: false,
    description: `models of at least ${flopLabel(line)} training FLOP published that year`,
  })),
  { id: "largest_training_flop", label: "Largest training run", unit: "FLOP", log: true, description: "training compute of the largest model published that year" },
  {
    id: "open_weight_share_1e24",
    label: "Open-weight share of models at or above 1e24 FLOP",
    unit: "share (0-1)",
    log: false,
    description: "share of released models of at least 1e24 training FLOP whose weights are published (unreleased models and models of unknown access left out)",
  },
  {
    id: "outside_us_share_1e24",
    label: "Share of models at or above 1e24 FLOP from outside the US",
    unit: "share (0-1)",
    log: false,
    description: "share of models of at least 1e24 training FLOP with no developer in the United States (models of unknown country left out)",
  },
  {
    id: "largest_training_cost_usd",
    label: "Largest training cost",
    unit: "USD",
    log: true,
    description: "largest estimated cost of a final training run among models published that year (only models with a cost estimate)",
  },
];

export function momentInfo(id: MomentId): MomentInfo {
  const info = MOMENTS.find((m) => m.id === id);
  if (!info) throw new Error(`unknown moment ${id}`);
  return info;
}

/** 1e24 -> "1e24" */
export function flopLabel(flop: number): string {
  return `1e${Math.round(Math.log10(flop))}`;
}

/** A moment in one year. `value` is null when the year has no model in the moment's basis (a share of nothing). */
export interface MomentRow {
  moment: MomentId;
  year: number;
  value: number | null;
  /** models the value rests on: the count itself, the share's denominator, or the models with a known value */
  basis: number;
}

type RollupSpec = Parameters<aq.ColumnTable["rollup"]>[0];

function atOrAbove(records: readonly ModelRelease[], lineFlop: number): ModelRelease[] {
  return records.filter((r) => r.trainingFlop !== null && r.trainingFlop >= lineFlop);
}

/** `rollup` of the records grouped by year, read into a value for every year asked for (`read` gets undefined for a year with no record). */
function perYear<T>(
  records: readonly ModelRelease[],
  years: readonly number[],
  rollup: RollupSpec,
  read: (row: Record<string, unknown> | undefined) => T,
): Map<number, T> {
  const table = aq.from(records.map((r) => ({ ...r })));
  const grouped = records.length > 0 ? (table.groupby("year").rollup(rollup).objects() as Record<string, unknown>[]) : [];
  const byYear = new Map(grouped.map((row) => [row.year as number, row]));
  return new Map(years.map((year) => [year, read(byYear.get(year))]));
}

// N_y(X) = #{ models m published in year y : FLOP_m >= X }
export function modelsAtOrAbove(records: readonly ModelRelease[], lineFlop: number, years: readonly number[]): MomentRow[] {
  const counts = perYear(atOrAbove(records, lineFlop), years, { models: aq.op.count() }, (row) => (row?.models as number | undefined) ?? 0);
  return years.map((year) => ({ moment: `models_${flopLabel(lineFlop)}` as MomentId, year, value: counts.get(year)!, basis: counts.get(year)! }));
}

// O_y(X) = #{ distinct developers of models m published in year y with FLOP_m >= X } (models with no developer left out)
export function organizationsAtOrAbove(records: readonly ModelRelease[], lineFlop: number, years: readonly number[]): MomentRow[] {
  const credited = atOrAbove(records, lineFlop).filter((r) => r.developer !== null);
  const counts = perYear(credited, years, { organizations: aq.op.distinct("developer"), models: aq.op.count() }, (row) => ({
    organizations: (row?.organizations as number | undefined) ?? 0,
    models: (row?.models as number | undefined) ?? 0,
  }));
  return years.map((year) => ({ moment: `organizations_${flopLabel(lineFlop)}` as MomentId, year, value: counts.get(year)!.organizations, basis: counts.get(year)!.models }));
}

// C_y = max { FLOP_m : m published in year y }
export function largestTrainingFlop(records: readonly ModelRelease[], years: readonly number[]): MomentRow[] {
  const known = records.filter((r) => r.trainingFlop !== null);
  const stats = perYear(known, years, { largest: aq.op.max("trainingFlop"), models: aq.op.count() }, (row) => ({
    largest: (row?.largest as number | undefined) ?? null,
    models: (row?.models as number | undefined) ?? 0,
  }));
  return years.map((year) => ({ moment: "largest_training_flop", year, value: stats.get(year)!.largest, basis: stats.get(year)!.models }));
}

// share_y = #{ m in B_y : flag_m } / #{ m in B_y }, B_y = models of year y at or above the line whose flag is known
function flagShare(records: readonly ModelRelease[], moment: MomentId, flag: (r: ModelRelease) => boolean | null, years: readonly number[]): MomentRow[] {
  const basis = atOrAbove(records, LARGE_MODEL_FLOP)
    .map((r) => ({ year: r.year, flag: flag(r) }))
    .filter((r) => r.flag !== null)
    .map((r) => ({ year: r.year, yes: r.flag ? 1 : 0 }));
  const table = aq.from(basis);
  const grouped = basis.length > 0 ? (table.groupby("year").rollup({ yes: aq.op.sum("yes"), models: aq.op.count() }).objects() as { year: number; yes: number; models: number }[]) : [];
  const byYear = new Map(grouped.map((row) => [row.year, row]));
  return years.map((year) => {
    const row = byYear.get(year);
    return { moment, year, value: row && row.models > 0 ? row.yes / row.models : null, basis: row?.models ?? 0 };
  });
}

/** Open-weight share among released models of at least 1e24 FLOP. */
export function openWeightShare(records: readonly ModelRelease[], years: readonly number[]): MomentRow[] {
  return flagShare(records, "open_weight_share_1e24", (r) => r.openWeights, years);
}

/** Share of models of at least 1e24 FLOP developed outside the United States. */
export function outsideUsShare(records: readonly ModelRelease[], years: readonly number[]): MomentRow[] {
  return flagShare(records, "outside_us_share_1e24", (r) => r.outsideUs, years);
}

// K_y = max { cost_m : m published in year y, cost estimated }; basis = number of estimates that year
export function largestTrainingCost(records: readonly ModelRelease[], years: readonly number[]): MomentRow[] {
  const costed = records.filter((r) => r.trainingCostUsd !== null);
  const stats = perYear(costed, years, { largest: aq.op.max("trainingCostUsd"), models: aq.op.count() }, (row) => ({
    largest: (row?.largest as number | undefined) ?? null,
    models: (row?.models as number | undefined) ?? 0,
  }));
  return years.map((year) => ({ moment: "largest_training_cost_usd", year, value: stats.get(year)!.largest, basis: stats.get(year)!.models }));
}

/** Every per-year moment, in MOMENTS order, year by year within each moment. */
export function targetMoments(records: readonly ModelRelease[], years: readonly number[]): MomentRow[] {
  return [
    ...FLOP_THRESHOLDS.flatMap((line) => organizationsAtOrAbove(records, line, years)),
    ...FLOP_THRESHOLDS.flatMap((line) => modelsAtOrAbove(records, line, years)),
    ...largestTrainingFlop(records, years),
    ...openWeightShare(records, years),
    ...outsideUsShare(records, years),
    ...largestTrainingCost(records, years),
  ];
}

/** A log-linear trend: log10 v_y = a + b y, growth = 10^b per year. */
export interface GrowthTrend {
  moment: MomentId;
  /** growth factor per year (10^slope) */
  growthPerYear: number;
  /** the years whose values entered the fit */
  fitYears: number[];
}

// log10 v_y = a + b y (least squares over the years kept); growth per year = 10^b
export function logLinearGrowthPerYear(points: readonly { year: number; value: number }[]): number {
  if (points.length < 2) return Number.NaN;
  const fit = linearRegression(points.map((p) => [p.year, Math.log10(p.value)]));
  return 10 ** fit.m;
}

/**
 * Growth of a per-year moment from a log-linear fit over the years with a positive value and at
 * least `minBasis` models behind it.
 */
export function growthTrend(rows: readonly MomentRow[], moment: MomentId, minBasis = 1): GrowthTrend {
  const kept = rows.filter((r) => r.moment === moment && r.value !== null && r.value > 0 && r.basis >= minBasis);
  return { moment, growthPerYear: logLinearGrowthPerYear(kept.map((r) => ({ year: r.year, value: r.value as number }))), fitYears: kept.map((r) => r.year) };
}

/**
 * The training-cost trend: growth per year of the largest cost estimate, fitted over the years with
 * at least MIN_COST_ESTIMATES_PER_YEAR estimates (with fewer, the year's largest estimate is not its
 * largest run).
 */
export function trainingCostTrend(rows: readonly MomentRow[], minEstimates = MIN_COST_ESTIMATES_PER_YEAR): GrowthTrend {
  return growthTrend(rows, "largest_training_cost_usd", minEstimates);
}

/** The growth of the largest training run, fitted over every year with a model. */
export function trainingComputeTrend(rows: readonly MomentRow[]): GrowthTrend {
  return growthTrend(rows, "largest_training_flop");
}
