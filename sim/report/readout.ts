// The plain-language readout under the what-if charts: for each headline metric, what the regime
// does to it by the end of the run, taken from the per-seed differences regime - no regime (the
// same seeds), with the 90% band across seeds (5th to 95th percentile). Wording and amounts come
// from the chart builders (metricWording, endEffects), so the readout and the chart titles agree.
// Portable.
import type { StudyTables } from "./charts/index.js";
import { endEffects, metricWording } from "./charts/index.js";
import { REGIME_EFFECT_METRICS } from "../metric-catalog.js";

/** Metrics the readout speaks about, in order: the headline metrics that exist without a regime (sim/metric-catalog.ts). */
export const READOUT_METRICS = REGIME_EFFECT_METRICS;

export interface ReadoutLine {
  metric: string;
  /** one sentence, e.g. "By 2035 the regime raises market concentration by 420 HHI points (90% band +180 to +650; 1,200 HHI points without the regime, 1,620 HHI points with it)." */
  text: string;
  /** mean per-seed difference regime - no regime at the last period */
  mean: number;
  q05: number;
  q95: number;
  /** the 90% band excludes zero (or, with one seed, the difference is not zero) */
  clear: boolean;
}

function signed(amount: (v: number) => string, value: number): string {
  if (value === 0 || Math.abs(value) < 1e-12) return "0";
  return `${value > 0 ? "+" : "-"}${amount(value)}`;
}

/** One line per headline metric the tables hold, comparing `arm` with `baseline` at the last period. */
export function readoutLines(tables: StudyTables, arm: string, baseline: string, metrics: readonly string[] = READOUT_METRICS): ReadoutLine[] {
  const lines: ReadoutLine[] = [];
  for (const metric of metrics) {
    const effect = endEffects(tables, metric, baseline).find((e) => e.arm === arm);
    if (!effect) continue;
    const wording = metricWording(metric);
    const year = Math.floor(effect.year + 1e-9);
    const levels = tables.summary.filter((row) => row.metric === metric && Math.abs(row.year - effect.year) < 1e-9);
    const withRegime = levels.find((row) => row.arm === arm);
    const without = levels.find((row) => row.arm === baseline);
    const levelText = withRegime && without ? `${wording.level(without.mean)} without the regime, ${wording.level(withRegime.mean)} with it` : "";
    const band = `${signed(wording.amountShort, effect.q05)} to ${signed(wording.amountShort, effect.q95)}`;
    const clear = effect.hasBand ? effect.q05 > 0 || effect.q95 < 0 : Math.abs(effect.mean) > 1e-12;
    const direction = effect.mean > 0 ? "raises" : "lowers";
    // bare amounts carry their unit ("+3 firms", "-1.2 percentage points"); money already has "$"
    const unit = wording.amountShort(1).startsWith("$") ? "" : ` ${wording.differenceUnit}`;
    let text: string;
    if (!effect.hasBand)
      text = clear
        ? `By ${year} the regime ${direction} ${wording.noun} by ${wording.amount(effect.mean)} in this one seed (${levelText}); add seeds to see the spread.`
        : `By ${year} the regime leaves ${wording.noun} unchanged in this one seed (${levelText}).`;
    else if (clear) text = `By ${year} the regime ${direction} ${wording.noun} by ${wording.amount(effect.mean)} (90% band ${band}; ${levelText}).`;
    else if (effect.q05 === 0 && effect.q95 === 0) text = `By ${year} the regime leaves ${wording.noun} unchanged in every seed (${levelText}).`;
    else
      text = `By ${year} the regime makes no clear change to ${wording.noun}: ${signed(wording.amountShort, effect.mean)}${unit} on average, but the 90% band runs from ${signed(wording.amountShort, effect.q05)} to ${signed(wording.amountShort, effect.q95)}${unit} (${levelText}).`;
    lines.push({ metric, text, mean: effect.mean, q05: effect.q05, q95: effect.q95, clear });
  }
  return lines;
}
