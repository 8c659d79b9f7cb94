// The 2026 start against the calibrated history: four quantities of the market (frontier
// providers, open-weight share, enterprise adoption, the compliance market) at the end of the
// calibrated history run (2024 Q4), at the start of the default scenario (its first quarter) and
// two years on (the last quarter of its second year), set beside the data where Epoch AI's record
// measures something comparable and beside the debate's figures (docs/CLAIMS.md). Where the two
// disagree the table shows both; `followed` says which the default scenario follows. Portable.
import { stepPeriod } from "../engine.js";
import { observePeriod } from "../observe.js";
import { createWorld } from "../world.js";
import { quantile } from "../statistics.js";
import type { MetricRow } from "../output.js";
import type { Scenario } from "../scenario/schema.js";
import type { World } from "../state.js";
import { formatMomentValue } from "./compare.js";
import { type MomentId, type MomentRow } from "./moments.js";

/** One moment of one run: its metric rows, the period looked at, and the world at the end of that period. */
export interface StartObservation {
  metrics: readonly MetricRow[];
  period: number;
  world: World;
}

/** The start quantities of one run at one moment, by quantity id. */
export type StartValues = Record<string, number>;

export interface StartQuantity {
  id: string;
  label: string;
  unit: string;
  /** the quantity in one run at one moment */
  read: (at: StartObservation) => number;
  /** the data moment that measures something comparable, in its last year, and how it differs */
  data?: { moment: MomentId; note: string };
  /** the debate's figure (docs/CLAIMS.md) */
  debate?: string;
  /** which the default scenario follows where the data and the debate disagree */
  followed: string;
}

// compliance_spend is USD M per quarter: x 4 quarters / 1000 = USD B per year
const usdMPerQuarterToUsdBPerYear = (usdMPerQuarter: number): number => (usdMPerQuarter * 4) / 1000;

/** Firms in the market with a model of at least `lineFlop` training FLOP on sale. */
export function providersAtOrAbove(world: World, lineFlop: number): number {
  return world.firms.filter((f) => f.alive && f.models.some((m) => m.trainingFlop >= lineFlop)).length;
}

const metric = (id: string, toUnit: (x: number) => number = (x) => x) => (at: StartObservation) => toUnit(metricAt(at.metrics, id, at.period));

export const START_QUANTITIES: readonly StartQuantity[] = [
  {
    id: "providers_1e25",
    label: "Providers with a model of at least 1e25 FLOP",
    unit: "firms",
    read: (at) => providersAtOrAbove(at.world, 1e25),
    data: { moment: "organizations_1e25", note: "organizations that released a model of at least 1e25 FLOP that year (releases, where the model counts the models on sale)" },
    debate: "8-10 frontier providers in 2025 (H1)",
    followed: "the data's firms at this scale (the roster in scenarios/baseline.yaml); the debate's 8-10 counts frontier providers, the row below",
  },
  {
    id: "frontier_providers",
    label: "Frontier providers",
    unit: "firms",
    read: metric("frontier_providers"),
    debate: "8-10 in 2025, 3-4 in 2027 under licensing (H1)",
    followed: "neither: the metric counts the firms within metrics.frontierWindowCapability of the best model on sale, a narrower set than either",
  },
  {
    id: "open_weight_share",
    label: "Open-weight share",
    unit: "share of home usage (0-1)",
    read: metric("open_weight_share"),
    data: { moment: "open_weight_share_1e24", note: "share of the models of at least 1e24 FLOP released that year with published weights (a count of models, not of usage)" },
    debate: "no figure (H9: most inference flows to a few closed labs)",
    followed: "the model's usage share, which no figure in the data or the debate measures",
  },
  {
    id: "enterprise_adoption",
    label: "Enterprise adoption",
    unit: "share of enterprise buyers (0-1)",
    read: metric("enterprise_adoption"),
    debate: "35% -> 55% in two years",
    followed: "the debate: its starting level, and its rise through segments.<id>.adoptionTrendPerYear (no adoption figure in the data)",
  },
  {
    id: "compliance_market",
    label: "Compliance market",
    unit: "USD B per year",
    read: metric("compliance_spend", usdMPerQuarterToUsdBPerYear),
    debate: "about USD 2B growing to about USD 15B (H8)",
    followed:
      "the debate's costs per obligation (docs/CLAIMS.md), not its total: the market is what the simulated firms pay under the regime (none in the history, which has no regime)",
  },
];

export interface Band {
  mean: number;
  q05: number;
  q95: number;
  seeds: number;
}

function band(values: readonly number[]): Band {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return { mean: Number.NaN, q05: Number.NaN, q95: Number.NaN, seeds: 0 };
  return { mean: finite.reduce((a, b) => a + b, 0) / finite.length, q05: quantile(finite, 0.05), q95: quantile(finite, 0.95), seeds: finite.length };
}

/** The value of a metric in one period of one run (NaN when the run does not report it). */
export function metricAt(rows: readonly MetricRow[], metric: string, period: number): number {
  return rows.find((r) => r.metric === metric && r.period === period)?.value ?? Number.NaN;
}

export interface StartRow {
  quantity: StartQuantity;
  /** the data moment in its last year, or null */
  data: { year: number; value: number | null } | null;
  historyEnd: Band;
  defaultStart: Band;
  defaultTwoYears: Band;
}

/**
 * The start quantities of one run at the given periods, each read after that period's step with
 * that period's metric rows. The run stops at the last period asked for (a period depends only on
 * those before it).
 */
export function observeStart(scenario: Scenario, seed: number, periods: readonly number[]): Map<number, StartValues> {
  const world = createWorld(scenario, seed);
  const observed = new Map<number, StartValues>();
  const last = Math.max(...periods);
  for (let t = 0; t <= last && t < scenario.periods; t++) {
    world.period = t;
    const outcome = stepPeriod(world);
    if (!periods.includes(t)) continue;
    const metrics = observePeriod(world, outcome);
    // the world moves on: keep what the quantities read now
    observed.set(t, Object.fromEntries(START_QUANTITIES.map((q) => [q.id, q.read({ metrics, period: t, world })])));
  }
  return observed;
}

/**
 * Each seed's observations of the calibrated history at its end and of the default scenario at its
 * start and two years on; the data moment in the data's last year.
 */
export function startCheck(
  data: readonly MomentRow[],
  historyEnd: readonly StartValues[],
  defaultStart: readonly StartValues[],
  defaultTwoYears: readonly StartValues[],
): StartRow[] {
  const lastYear = Math.max(...data.map((r) => r.year));
  return START_QUANTITIES.map((q) => {
    const moment = q.data ? data.find((r) => r.moment === q.data!.moment && r.year === lastYear) : undefined;
    return {
      quantity: q,
      data: moment ? { year: lastYear, value: moment.value } : null,
      historyEnd: band(historyEnd.map((v) => v[q.id])),
      defaultStart: band(defaultStart.map((v) => v[q.id])),
      defaultTwoYears: band(defaultTwoYears.map((v) => v[q.id])),
    };
  });
}

function bandText(b: Band): string {
  return b.seeds === 0 ? "-" : `${formatMomentValue(b.mean)} (${formatMomentValue(b.q05)}-${formatMomentValue(b.q95)})`;
}

/** The start check as a Markdown section. */
export function startCheckMarkdown(rows: readonly StartRow[], context: { history: string; historyEnd: string; defaultScenario: string; defaultStart: string; defaultTwoYears: string; seeds: number }): string {
  return [
    `## The ${context.defaultStart.slice(0, 4)} start against the calibrated history`,
    "",
    `Model: mean (5-95% band) over ${context.seeds} seeds of scenario ${context.history} in ${context.historyEnd} (its last quarter) and of the default scenario ` +
      `${context.defaultScenario} in ${context.defaultStart} (its first quarter) and ${context.defaultTwoYears}. Data: the comparable moment of Epoch AI's record in its last year. ` +
      "Debate: the figures docs/CLAIMS.md quotes.",
    "",
    `| quantity | unit | data | debate | ${context.history}, ${context.historyEnd} | ${context.defaultScenario}, ${context.defaultStart} | ${context.defaultScenario}, ${context.defaultTwoYears} | the default follows |`,
    "|---|---|---|---|---|---|---|---|",
    ...rows.map(
      (r) =>
        `| ${r.quantity.label} | ${r.quantity.unit} | ${r.data ? `${formatMomentValue(r.data.value)} in ${r.data.year}: ${r.quantity.data!.note}` : "no comparable figure"} | ${r.quantity.debate ?? "-"} | ` +
        `${bandText(r.historyEnd)} | ${bandText(r.defaultStart)} | ${bandText(r.defaultTwoYears)} | ${r.quantity.followed} |`,
    ),
    "",
  ].join("\n");
}
