// Progressive drawing on the what-if page: while an update's runs come back from the workers one
// at a time, the page draws the seeds whose every arm is in (same seeds in every arm, so the
// regime's effect is still paired), says how many of how many, and draws the full set at the end.
// Portable: the page (sim/page/app/src/main.ts) calls it; the tests call it in Node.
//
// Decision (docs/TEACHING.md): a partial draw is the same chart and readout a run with that many
// seeds would give (lines: the mean of the k seeds drawn; bands: their 5-95% range, shown once
// k >= 2 as for any k-seed run), marked provisional in words ("Provisional: 6 of 20 seeds"), not
// announced to screen readers, and never offered for download: the CSV waits for the final draw.
import type { MetricRow } from "../output.js";
import type { ArmRuns } from "../statistics.js";

/** The run requests of an update in dispatch order: seed by seed, every arm of a seed together. */
export interface RunSlot {
  /** index into the update's arms */
  arm: number;
  /** index into the update's seeds */
  seed: number;
}

/** Seed-major order (seed 0 of every arm, then seed 1, ...): early seeds finish first and in pairs. */
export function dispatchOrder(armCount: number, seedCount: number): RunSlot[] {
  const slots: RunSlot[] = [];
  for (let seed = 0; seed < seedCount; seed++) for (let arm = 0; arm < armCount; arm++) slots.push({ arm, seed });
  return slots;
}

/** Indices (into the seeds) of the seeds whose every arm has arrived, in seed order; `runs` follows dispatchOrder. */
export function completeSeeds(runs: readonly unknown[], armCount: number, seedCount: number): number[] {
  if (runs.length !== armCount * seedCount) throw new Error(`expected ${armCount * seedCount} run slots (${armCount} arms x ${seedCount} seeds), got ${runs.length}`);
  const complete: number[] = [];
  for (let seed = 0; seed < seedCount; seed++) {
    let all = true;
    for (let arm = 0; arm < armCount && all; arm++) all = runs[seed * armCount + arm] !== undefined;
    if (all) complete.push(seed);
  }
  return complete;
}

/**
 * Each arm's runs on the chosen seeds, in seed order, as comparisonTables wants them; `runs`
 * follows dispatchOrder. With every seed chosen this is exactly the arms a non-progressive
 * update would build.
 */
export function armRunsOn<Run>(
  arms: readonly { name: string; scenario: string }[],
  seeds: readonly number[],
  runs: readonly (Run | undefined)[],
  chosen: readonly number[],
): (Omit<ArmRuns, "runs"> & { runs: Run[] })[] {
  return arms.map((arm, a) => ({
    name: arm.name,
    scenario: arm.scenario,
    seeds: chosen.map((s) => seeds[s]),
    runs: chosen.map((s) => {
      const run = runs[s * arms.length + a];
      if (run === undefined) throw new Error(`seed ${seeds[s]} of arm ${arm.name} has not arrived`);
      return run;
    }),
  }));
}

/**
 * A partial draw needs only the metrics it shows (a run has some 70): `metrics` and the members
 * of their families ("usage_share" takes "usage_share.startup", ...). The final draw uses all.
 */
export function onlyMetrics(run: readonly MetricRow[], metrics: readonly string[]): MetricRow[] {
  const wanted = new Set(metrics);
  return run.filter((row) => {
    if (wanted.has(row.metric)) return true;
    const dot = row.metric.indexOf(".");
    return dot > 0 && wanted.has(row.metric.slice(0, dot));
  });
}

/** Shortest pause between the end of one partial draw and the start of the next, ms. */
export const PARTIAL_REDRAW_MS = 250;

/**
 * When the next partial draw may start: at once for the first; then after a pause of
 * PARTIAL_REDRAW_MS, or of the last partial draw's own time when that is longer, so drawing
 * takes at most half the page's time and the workers keep the processor meanwhile.
 */
export function nextPartialDrawAt(previous: { endedAtMs: number; tookMs: number } | undefined): number {
  return previous === undefined ? -Infinity : previous.endedAtMs + Math.max(PARTIAL_REDRAW_MS, previous.tookMs);
}

/** Time until every run is in, ms, at the pace of the runs in so far: runs left x elapsed / runs in. */
export function remainingRunMs(elapsedMs: number, runsIn: number, runsLeft: number): number {
  if (runsLeft <= 0) return 0;
  return runsIn > 0 ? (runsLeft * elapsedMs) / runsIn : Infinity;
}

/**
 * Another provisional redraw is worth its processor time (taken from the workers on a small
 * machine) only when it would be on the screen for at least PARTIAL_REDRAW_MS before the final draw.
 */
export function worthRedrawing(remainingMs: number, lastDrawMs: number): boolean {
  // the redraw, then at least a pause before the final draw would replace it
  return remainingMs > lastDrawMs + PARTIAL_REDRAW_MS;
}

/** The status line of a partial draw. */
export function partialStatus(seedsDrawn: number, seedsTotal: number): string {
  const seeds = seedsDrawn === 1 ? "1 seed" : `${seedsDrawn} seeds`;
  return `Provisional: ${seeds} of ${seedsTotal} drawn; the lines, bands and numbers will move as the other seeds finish.`;
}

/** What `body[data-drawn]` says after a draw: "partial: 6 of 20" or "final: 20 of 20". */
export function drawnMarker(seedsDrawn: number, seedsTotal: number): string {
  return `${seedsDrawn < seedsTotal ? "partial" : "final"}: ${seedsDrawn} of ${seedsTotal}`;
}
