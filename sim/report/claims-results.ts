// The claims report's results: what judging returns for each claim (criteria, sweep points,
// channels, verdict), the market table set against the debate's figures, and the wording of
// conditions and verdicts. Types and pure helpers; the judging itself is in claims.ts.

import type { Effect } from "../experiment/decompose.js";
import { metricLabel, metricUnitWords } from "../metric-catalog.js";
import { parameterInfo } from "../scenario/parameters.js";
import type { ClaimStudy, Criterion } from "./claim-files.js";
import type { ClaimsSettings, EffectSummary } from "./claims.js";


export interface CriterionResult {
  criterion: Criterion;
  arm: string;
  summary: EffectSummary;
}

export interface SweepPointResult {
  path: string;
  value: number;
  arm: string;
  /** the swept criteria at this point (those of the swept arm) */
  criteria: CriterionResult[];
  /** all criteria hold (the unswept ones as at the default point) */
  holds: boolean;
}

/** An instrument of a regime as the report names it. */
export interface ChannelInstrument {
  id: string;
  label: string;
  offMeans: string;
}

/** The decomposition of one criterion's per-run value into the instruments of its arm's regime. */
export interface ChannelResult {
  criterion: Criterion;
  arm: string;
  instruments: ChannelInstrument[];
  /** total, bare, alone and last per instrument, interactions (means and quantiles rounded to 3 figures) */
  effects: Effect[];
  /** the instrument with the largest alone effect and the one with the largest last effect (by |mean|); undefined when every one is 0 or none can be measured */
  largestAlone?: Effect;
  largestLast?: Effect;
  /** the bare licence (the line and who may buy, no instrument) moves the value more than any instrument alone or last */
  bareDominates: boolean;
}

export interface ClaimResult {
  study: ClaimStudy;
  atDefault: CriterionResult[];
  /** per criterion read on an arm with a regime: which instrument produces the effect */
  channels: ChannelResult[];
  holdsAtDefault: boolean;
  sweeps: SweepPointResult[];
  verdict: string;
  /** "supported" | "conditional" | "not supported" */
  verdictKind: "supported" | "conditional" | "not supported";
}

export interface MarketRow {
  label: string;
  metric: string;
  /** multiply the metric by this to get the table's unit */
  factor: number;
  unit: string;
  claimed2025: [number, number];
  claimed2027: [number, number];
  note: string;
  assumption: string;
}

export const MARKET_YEAR = 2027;

export const MARKET_ROWS: MarketRow[] = [
  {
    label: metricLabel("frontier_providers"),
    metric: "frontier_providers",
    factor: 1,
    unit: metricUnitWords("frontier_providers"),
    claimed2025: [8, 10],
    claimed2027: [3, 4],
    note: "firms within the frontier window of the best model on sale",
    assumption:
      "a collapse to a handful of frontier labs needs compliance costs large enough to force exits within two years (a much higher cost scale or a lower line) and no relocation or gray-market escape route",
  },
  {
    label: metricLabel("enterprise_adoption"),
    metric: "enterprise_adoption",
    factor: 1,
    unit: metricUnitWords("enterprise_adoption"),
    claimed2025: [0.35, 0.35],
    claimed2027: [0.55, 0.55],
    note: "share of home enterprise buyers using any model",
    assumption: "the claimed path needs enterprise demand calibrated to start near the quoted 2025 level and a faster diffusion (quality growth or a lower outside option) than the baseline scenario assumes",
  },
  {
    label: "Open-source downloads (proxy: open-weight share of usage)",
    metric: "open_weight_share",
    factor: 1,
    unit: metricUnitWords("open_weight_share"),
    claimed2025: [50, 50],
    claimed2027: [80, 80],
    note: "moat has no download counts; the claim is in millions of downloads a month, moat's column is the open-weight share of home usage, so only the direction is comparable (the claim is +60%)",
    assumption: "a rise in open-weight use under licensing needs open models to stay below the line (or the ban to go unenforced) while licensed closed models get dearer",
  },
  {
    label: "Compliance market",
    metric: "compliance_spend",
    factor: 4 / 1000,
    unit: "USD B per year (quarterly spend x 4)",
    claimed2025: [2, 2],
    claimed2027: [15, 15],
    note: "moat counts only spending caused by the home regime; the claim's market includes other jurisdictions and voluntary spending",
    assumption: "reaching the claimed size needs many more licensed deployments or a higher cost scale, and counting compliance spending that moat leaves out (other jurisdictions, voluntary audits)",
  },
];

export interface MarketResult {
  row: MarketRow;
  /** licensing-era, period 0 and last quarter of 2027, and baseline at 2027: mean, q05, q95 across seeds */
  start: { mean: number; q05: number; q95: number };
  at2027: { mean: number; q05: number; q95: number };
  baseline2027: { mean: number; q05: number; q95: number };
  /** whether the claimed 2027 range overlaps moat's 90% interval (licensing-era) */
  claimInsideInterval: boolean;
}

export interface ClaimsRun {
  settings: ClaimsSettings;
  seeds: number[];
  runCount: number;
  claims: ClaimResult[];
  market: MarketResult[];
}

/** "regime.complianceCosts.scale" -> "the compliance-cost scale": the schema's label of the field, or its path when it has none. */
export function parameterWords(path: string): string {
  const label = parameterInfo(path)?.label;
  return label !== undefined ? `the ${label}` : path;
}

/** A number as the report prints it (same digits as results.csv). */
export function formatValue(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (!Number.isFinite(value)) return value > 0 ? "Inf" : "-Inf";
  return String(value);
}

/** "the FLOP threshold <= 1e+26" from the values where the claim holds in one sweep. */
export function sweepCondition(points: SweepPointResult[]): string | undefined {
  const sorted = [...points].sort((a, b) => a.value - b.value);
  const holding = sorted.filter((p) => p.holds);
  if (holding.length === 0 || holding.length === sorted.length) return undefined;
  const words = parameterWords(sorted[0].path);
  const firstFail = sorted.findIndex((p) => !p.holds);
  const lastFail = sorted.length - 1 - [...sorted].reverse().findIndex((p) => !p.holds);
  const prefix = sorted.slice(0, holding.length).every((p) => p.holds);
  const suffix = sorted.slice(sorted.length - holding.length).every((p) => p.holds);
  if (prefix && firstFail === holding.length) return `${words} <= ${formatValue(holding[holding.length - 1].value)}`;
  if (suffix && lastFail === sorted.length - holding.length - 1) return `${words} >= ${formatValue(holding[0].value)}`;
  return `${words} is one of ${holding.map((p) => formatValue(p.value)).join(", ")}`;
}

/**
 * The verdict rule: "supported" when the claim holds at the default parameters and at every sweep
 * point; "not supported" when it holds at none of them; otherwise "supported only when" the
 * conditions of the sweeps whose outcome changes (joined by "and" when it holds at the defaults,
 * by "or" when it does not).
 */
export function verdictOf(holdsAtDefault: boolean, sweeps: SweepPointResult[], defaultArm: string): { verdict: string; kind: ClaimResult["verdictKind"] } {
  const all = [holdsAtDefault, ...sweeps.map((p) => p.holds)];
  if (all.every(Boolean)) return { verdict: "supported", kind: "supported" };
  if (!all.some(Boolean)) return { verdict: "not supported", kind: "not supported" };
  const paths = [...new Set(sweeps.map((p) => p.path))];
  const conditions = paths.map((path) => sweepCondition(sweeps.filter((p) => p.path === path))).filter((c): c is string => c !== undefined);
  if (conditions.length === 0) return { verdict: holdsAtDefault ? "supported" : "not supported", kind: holdsAtDefault ? "supported" : "not supported" };
  return {
    verdict: `supported only when ${conditions.join(holdsAtDefault ? " and " : " or ")} (one parameter at a time, the others at the ${defaultArm} values)`,
    kind: "conditional",
  };
}
