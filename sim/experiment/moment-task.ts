// A calibration run on the worker pool: the history scenario's run reduced, in the worker, to its
// target moments (sim/calibration/simulated.ts), carried in the pool's metric columns so that a
// fit is checkpointed, resumed, sharded and merged by the study runner like any study. Each
// moment-year is two long-form rows: `<moment>` with its value (NaN when undefined) and
// `<moment>:basis` with the models behind it; the period column holds the year's position in the
// run. Nothing is lost on the way: the run file stores every double exactly.
import { simulatedMoments } from "../calibration/simulated.js";
import { MOMENTS, type MomentId, type MomentRow } from "../calibration/moments.js";
import type { Scenario } from "../scenario/schema.js";
import type { RunMetrics } from "./worker.js";

const BASIS_SUFFIX = ":basis";

/** Moment rows as metric columns (the inverse of momentsOfRunMetrics). */
export function momentsAsRunMetrics(rows: readonly MomentRow[]): RunMetrics {
  const names: string[] = [];
  const indexOf = new Map<string, number>();
  const id = (name: string): number => {
    let i = indexOf.get(name);
    if (i === undefined) {
      i = names.length;
      names.push(name);
      indexOf.set(name, i);
    }
    return i;
  };
  const firstYear = rows.reduce((min, r) => Math.min(min, r.year), Number.POSITIVE_INFINITY);
  const period = new Int32Array(2 * rows.length);
  const year = new Float64Array(2 * rows.length);
  const metric = new Int32Array(2 * rows.length);
  const value = new Float64Array(2 * rows.length);
  rows.forEach((r, i) => {
    for (const [k, name, v] of [
      [2 * i, r.moment, r.value ?? Number.NaN],
      [2 * i + 1, `${r.moment}${BASIS_SUFFIX}`, r.basis],
    ] as const) {
      period[k] = r.year - firstYear;
      year[k] = r.year;
      metric[k] = id(name);
      value[k] = v;
    }
  });
  return { metricNames: names, period, year, metric, value, warnings: [] };
}

const MOMENT_IDS = new Set<string>(MOMENTS.map((m) => m.id));

/** The moment rows a calibration run's metric columns carry, in their order; throws when the columns are not a calibration run's. */
export function momentsOfRunMetrics(metrics: RunMetrics): MomentRow[] {
  const rows: MomentRow[] = [];
  if (metrics.metric.length % 2 !== 0) throw new Error(`expected the moments of a calibration run (a moment and its basis per year), found ${metrics.metric.length} rows`);
  for (let k = 0; k < metrics.metric.length; k += 2) {
    const name = metrics.metricNames[metrics.metric[k]];
    const basisName = metrics.metricNames[metrics.metric[k + 1]];
    if (!MOMENT_IDS.has(name) || basisName !== `${name}${BASIS_SUFFIX}` || metrics.year[k] !== metrics.year[k + 1])
      throw new Error(`expected the moments of a calibration run (a moment and its basis per year), found metric ${JSON.stringify(name)} then ${JSON.stringify(basisName)}`);
    const value = metrics.value[k];
    rows.push({ moment: name as MomentId, year: metrics.year[k], value: Number.isNaN(value) ? null : value, basis: metrics.value[k + 1] });
  }
  return rows;
}

/** One calibration run: the scenario's target moments over its full years, as metric columns. */
export function runMoments(scenario: Scenario, seed: number): RunMetrics {
  return momentsAsRunMetrics(simulatedMoments(scenario, seed));
}
