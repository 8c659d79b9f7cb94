// How close the calibrated model must come to the data: the tolerances docs/CALIBRATION.md states
// and test/calibration/calibrated-history.test.ts checks on the 2024 moments. Counts on the scale
// the fit uses (1 + n, as a ratio), the largest run in orders of magnitude, shares in points.
// Portable.
import type { MomentId } from "./moments.js";

export type Tolerance =
  | { kind: "count ratio"; maxRatio: number }
  | { kind: "log10"; maxDifference: number }
  | { kind: "share"; maxDifference: number }
  | { kind: "not compared"; reason: string };

export function toleranceOf(moment: MomentId): Tolerance {
  if (/^(organizations|models)_/.test(moment)) return { kind: "count ratio", maxRatio: 2.5 };
  if (moment === "largest_training_flop") return { kind: "log10", maxDifference: 0.5 };
  if (moment === "largest_training_cost_usd") return { kind: "not compared", reason: "the data hold fewer than 5 cost estimates in 2024 (the fit leaves such years out)" };
  return { kind: "share", maxDifference: 0.2 };
}

// count: max(1 + m, 1 + d) / min(1 + m, 1 + d); largest run: |log10 m - log10 d|; share: |m - d|
export function distanceFromData(tolerance: Tolerance, modelMean: number, data: number): number {
  switch (tolerance.kind) {
    case "count ratio":
      return Math.max(1 + modelMean, 1 + data) / Math.min(1 + modelMean, 1 + data);
    case "log10":
      return Math.abs(Math.log10(modelMean) - Math.log10(data));
    case "share":
      return Math.abs(modelMean - data);
    case "not compared":
      return Number.NaN;
  }
}

/** Whether the model's mean is within the tolerance of the data (null: not compared). */
export function withinTolerance(moment: MomentId, modelMean: number, data: number): boolean | null {
  const tolerance = toleranceOf(moment);
  if (tolerance.kind === "not compared") return null;
  const limit = tolerance.kind === "count ratio" ? tolerance.maxRatio : tolerance.maxDifference;
  return distanceFromData(tolerance, modelMean, data) <= limit;
}

/** The tolerances in words, from the definitions above. */
export function toleranceText(): string {
  const count = toleranceOf("models_1e24") as { maxRatio: number };
  const run = toleranceOf("largest_training_flop") as { maxDifference: number };
  const share = toleranceOf("open_weight_share_1e24") as { maxDifference: number };
  return `counts with 1 + mean within a factor ${count.maxRatio} of 1 + data, the largest run within ${run.maxDifference} in log10, shares within ${share.maxDifference} (costs not compared)`;
}
