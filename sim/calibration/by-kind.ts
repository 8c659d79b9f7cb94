// Which agents make a moment: the simulated releases of one year at or above a training-compute
// line, split by the releasing firm's kind, with each kind's open-weight and outside-home shares.
// The data have no kinds, so this is a reading of the model's side only: it says which kind's
// behaviour a miss in the pooled shares comes from (docs/CALIBRATION.md, "What the fit misses").
import { seedStatistics } from "../statistics.js";
import type { SimulatedRelease } from "./simulated.js";

export interface KindReleases {
  kind: string;
  /** releases per run of this kind in the year at or above the line: mean and 5-95% band over seeds */
  perRun: { mean: number; q05: number; q95: number };
  /** share of all seeds' releases of the year at or above the line that are this kind's */
  shareOfReleases: number;
  /** share of this kind's releases with open weights (pooled over seeds) */
  openShare: number;
  /** share of this kind's releases from firms outside the home jurisdiction (pooled over seeds) */
  outsideHomeShare: number;
}

/**
 * n_k = releases of kind k in `year` with FLOP >= `minFlop`, per run; shares pooled over runs:
 * open_k = sum open / sum n_k, outside_k = sum outside / sum n_k. Kinds in order of first appearance
 * in `kinds` (the scenario's order); kinds with no such release in any run are listed with zeros.
 */
export function releasesByKind(runs: readonly (readonly SimulatedRelease[])[], kinds: readonly string[], year: number, minFlop: number): KindReleases[] {
  const inScope = runs.map((releases) => releases.filter((r) => r.year === year && r.trainingFlop !== null && r.trainingFlop >= minFlop));
  const total = inScope.reduce((sum, rs) => sum + rs.length, 0);
  return kinds.map((kind) => {
    const counts = inScope.map((rs) => rs.filter((r) => r.kind === kind).length);
    const all = inScope.flatMap((rs) => rs.filter((r) => r.kind === kind));
    const stats = seedStatistics(counts);
    return {
      kind,
      perRun: { mean: stats.mean, q05: stats.q05, q95: stats.q95 },
      shareOfReleases: total > 0 ? all.length / total : Number.NaN,
      openShare: all.length > 0 ? all.filter((r) => r.openWeights === true).length / all.length : Number.NaN,
      outsideHomeShare: all.length > 0 ? all.filter((r) => r.outsideUs === true).length / all.length : Number.NaN,
    };
  });
}

const fixed2 = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : "-");

/** The by-kind table of the calibration report. */
export function releasesByKindMarkdown(rows: readonly KindReleases[], context: { scenario: string; seeds: number; year: number; minFlop: number }): string {
  const line = context.minFlop.toExponential(0).replace("e+", "e");
  return [
    `## Who releases the models at or above ${line} FLOP in ${context.year} (model only)`,
    "",
    `Releases of scenario ${context.scenario} in ${context.year} at or above ${line} FLOP, by the releasing firm's kind, over ${context.seeds} seeds: releases per run (mean, 5-95% band), the kind's share of all such releases, and the shares of its releases with open weights and from outside the home jurisdiction (pooled over seeds). The data name no kinds; the table says which kind's behaviour the pooled open-weight and outside-US moments above come from.`,
    "",
    "| kind | releases per run | 5% | 95% | share of releases | open weights | outside home |",
    "|---|---|---|---|---|---|---|",
    ...rows.map((r) => `| ${r.kind} | ${fixed2(r.perRun.mean)} | ${fixed2(r.perRun.q05)} | ${fixed2(r.perRun.q95)} | ${fixed2(r.shareOfReleases)} | ${fixed2(r.openShare)} | ${fixed2(r.outsideHomeShare)} |`),
    "",
  ].join("\n");
}
