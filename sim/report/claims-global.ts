// The global study of the claims (`moat claims --global`): every claim H1-H10 judged over the
// plausible parameter space instead of one point. The uncertain factors (sim/experiment/uncertainty.ts)
// are sampled with Saltelli's design (N (d + 2) points, d factors); at each point every arm the
// claims read (baseline and each claim's arms) runs on the same few seeds with the point's values,
// and each claim is judged there by its own rule (claims.ts: every criterion's effect passes its
// threshold in at least HOLD_SHARE of the seeds). Per claim:
//   - the share of the points where it holds, with a percentile bootstrap interval over the design's
//     base rows (every row of a Saltelli design is uniform over the space);
//   - the Sobol' first-order and total indices of each criterion's effect (its mean over the seeds at
//     a point), with bootstrap intervals (saltelli.ts);
//   - the PRIM box of the points where it holds (prim.ts), in words.
// This module is pure: the design, and the judging from the runs; the runs themselves go through
// the study runner (claims-global-run.ts).
import { deriveSeeds } from "../experiment/seeds.js";
import { boxStatistics, prim, primData, quasiPValues, describeBox, type BoxLimits, type PrimBox, type PrimData, type PrimResult, type QuasiPValue } from "../experiment/prim.js";
import { saltelliUnitRows, sobolIndices, type IntervalEstimate, type SobolAnalysis } from "../experiment/saltelli.js";
import { factorDisplayValue, factorIsWhole, factorUnit, type UncertainFactor } from "../experiment/uncertainty.js";
import type { Point } from "../experiment/sampling.js";
import { streamFor } from "../random.js";
import { quantile } from "../statistics.js";
import { neededMetrics, seedEffect, settingKey, summariseEffects, type RunSeries, type Setting } from "./claims.js";
import { type ClaimStudy, type Criterion } from "./claim-files.js";

export interface GlobalSettings {
  /** Saltelli's base sample size N (a power of two): N (d + 2) points */
  baseCount: number;
  /** seeds per point (the same seeds at every point) */
  seeds: number;
  masterSeed: number;
  /** quarters per run (undefined: the scenarios' own) */
  periods?: number;
  factors: readonly UncertainFactor[];
  /** bootstrap resamples of the intervals */
  resamples: number;
}

/** The study's name (its checkpoint folder). */
export const GLOBAL_STUDY = "claims-global";

/** A PRIM box is reported when it holds the claim in at least this share of its points. */
export const GLOBAL_DENSITY_THRESHOLD = 0.8;

/** A limit of the box whose quasi-p-value reaches this is dropped (it could be chance). */
export const GLOBAL_LIMIT_P = 0.05;

export interface GlobalDesign {
  studies: ClaimStudy[];
  settings: GlobalSettings;
  /** the settings run at every point: baseline first, then each claim's arms in order, each once */
  arms: Setting[];
  /** unit coordinates of each point, one per factor, in Saltelli's row order */
  unitRows: number[][];
  /** each point's shown value of each factor (factor id -> value) */
  points: Point[];
  seeds: number[];
  metrics: string[];
}

const BASELINE: Setting = { scenario: "baseline", set: {} };

function armSettingOf(study: ClaimStudy, name: string): Setting {
  if (name === "baseline") return BASELINE;
  const arm = study.arms.find((a) => a.name === name);
  if (!arm) throw new Error(`${study.id}: no arm ${name}`);
  return { scenario: arm.scenario, set: arm.set };
}

/** The arm a criterion reads (its own, or the claim's first). */
export function criterionArm(study: ClaimStudy, criterion: Criterion): string {
  return criterion.arm ?? study.arms[0].name;
}

/** The runs a global study needs: the arms, the Saltelli points over the factors, the seeds. */
export function designGlobal(studies: ClaimStudy[], settings: GlobalSettings): GlobalDesign {
  const arms: Setting[] = [BASELINE];
  const keys = new Set([settingKey(BASELINE)]);
  for (const study of studies)
    for (const criterion of study.criteria) {
      const setting = armSettingOf(study, criterionArm(study, criterion));
      const key = settingKey(setting);
      if (!keys.has(key)) {
        keys.add(key);
        arms.push(setting);
      }
    }
  const unitRows = saltelliUnitRows(settings.factors.length, settings.baseCount);
  const points = unitRows.map((row) => {
    const point: Point = {};
    settings.factors.forEach((factor, f) => {
      point[factor.id] = factorDisplayValue(factor, row[f]);
    });
    return point;
  });
  return { studies, settings, arms, unitRows, points, seeds: deriveSeeds(settings.masterSeed, settings.seeds), metrics: neededMetrics(studies) };
}

/** Index in design.arms of a setting. */
export function armIndex(design: GlobalDesign, setting: Setting): number {
  const key = settingKey(setting);
  const index = design.arms.findIndex((a) => settingKey(a) === key);
  if (index < 0) throw new Error(`internal: no arm ${key} in the global study`);
  return index;
}

// ---------------------------------------------------------------------------------------------
// Judging

/** One run of the global study: arm (index in design.arms), point, seed index. */
export type GlobalRunLookup = (arm: number, point: number, seedIndex: number) => RunSeries;

export interface GlobalCriterionResult {
  criterion: Criterion;
  arm: string;
  /** the criterion's effect at each point: mean over the seeds (NaN when no seed gives a finite one) */
  effects: number[];
  /** Sobol' indices of the effect; undefined with `problem` when they cannot be estimated */
  indices?: SobolAnalysis;
  problem?: string;
  /** share of the points where this criterion holds */
  share: number;
}

export interface GlobalClaimResult {
  study: ClaimStudy;
  /** whether the claim holds at each point (every criterion holds there) */
  holds: boolean[];
  /** share of the points where the claim holds, with its bootstrap interval */
  share: IntervalEstimate;
  criteria: GlobalCriterionResult[];
  prim: PrimResult;
  /** the selected box (highest coverage among those holding the claim in >= GLOBAL_DENSITY_THRESHOLD of their points) */
  box?: PrimBox;
  /** quasi-p-value of each restricted limit of the box */
  quasiP: QuasiPValue[];
  /** the box in words: "holds when ...", or why there is none */
  words: string;
}

export interface GlobalRun {
  settings: GlobalSettings;
  factors: readonly UncertainFactor[];
  pointCount: number;
  runCount: number;
  seeds: number[];
  claims: GlobalClaimResult[];
}

// share = mean over the rows of the resampled base rows (blocks of d + 2 rows); percentile interval
export function shareWithInterval(holds: readonly boolean[], blockSize: number, options: { resamples: number; confidence?: number; seed?: number }): IntervalEstimate {
  const blocks = holds.length / blockSize;
  if (!Number.isInteger(blocks) || blocks < 1) throw new RangeError(`shareWithInterval: ${holds.length} points is not a whole number of blocks of ${blockSize}`);
  const blockHolds = new Float64Array(blocks);
  for (let j = 0; j < blocks; j++) {
    let count = 0;
    for (let r = 0; r < blockSize; r++) if (holds[j * blockSize + r]) count++;
    blockHolds[j] = count;
  }
  const estimate = blockHolds.reduce((a, b) => a + b, 0) / holds.length;
  const draw = streamFor(options.seed ?? 0, "global-share-bootstrap");
  const shares: number[] = [];
  for (let b = 0; b < options.resamples; b++) {
    let count = 0;
    for (let j = 0; j < blocks; j++) count += blockHolds[Math.floor(draw() * blocks)];
    shares.push(count / holds.length);
  }
  const confidence = options.confidence ?? 0.95;
  return { estimate, low: quantile(shares, (1 - confidence) / 2), high: quantile(shares, 1 - (1 - confidence) / 2) };
}

// r_i = (#{x_j < x_i} + (#{x_j = x_i} + 1) / 2) / n: mid-ranks scaled to (0, 1], ties sharing their mean rank
export function midRanks(values: readonly number[]): number[] {
  const order = values.map((value, i) => ({ value, i })).sort((a, b) => a.value - b.value || a.i - b.i);
  const ranks = new Array<number>(values.length);
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && order[end + 1].value === order[start].value) end++;
    const rank = (start + end + 2) / 2 / values.length;
    for (let k = start; k <= end; k++) ranks[order[k].i] = rank;
    start = end + 1;
  }
  return ranks;
}

/**
 * Drop the limits that could be chance: while some restricted limit has a quasi-p-value of at least
 * `alpha`, put the one with the largest back to the full range (EMA Workbench's drop_restriction)
 * and recompute the others'. Returns the pruned limits.
 */
export function pruneLimits(data: PrimData, result: Pick<PrimResult, "fullRange">, limits: BoxLimits, alpha = GLOBAL_LIMIT_P): BoxLimits {
  const pruned = { lower: [...limits.lower], upper: [...limits.upper] };
  for (;;) {
    let worst: { j: number; side: "lower" | "upper"; p: number } | undefined;
    for (const q of quasiPValues(data, result, pruned)) {
      const j = data.parameters.indexOf(q.parameter);
      for (const side of ["lower", "upper"] as const) {
        const p = q[side];
        if (p !== undefined && p >= alpha && (!worst || p > worst.p)) worst = { j, side, p };
      }
    }
    if (!worst) return pruned;
    pruned[worst.side][worst.j] = result.fullRange[worst.side][worst.j];
  }
}

/** A factor's value as the box's words print it: "1.3x the scenario's values" for a multiplier, "the scenario's values +0.2" for a shift, else 3 significant figures. */
export function formatFactorValue(factor: UncertainFactor, value: number): string {
  const { how, unit } = factorUnit(factor);
  const digits = Number(value.toPrecision(how === "absolute" ? 3 : 2)).toString();
  if (how === "absolute") return unit === "x" ? `${digits}x` : unit ? `${digits} ${unit}` : digits;
  if (how === "factor") return `${digits}x the scenario's values`;
  if (Number(digits) === 0) return "the scenario's values";
  return `the scenario's values ${value >= 0 ? "+" : ""}${digits}${unit && unit !== "x" ? ` ${unit}` : ""}`;
}

/** Judge every claim at every point, and estimate its share, indices and box. */
export function judgeGlobal(design: GlobalDesign, runOf: GlobalRunLookup, runCount: number): GlobalRun {
  const { settings, points, seeds, studies } = design;
  const factors = settings.factors;
  const factorIds = factors.map((f) => f.id);
  const blockSize = factors.length + 2;
  const baselineArm = armIndex(design, BASELINE);
  const claims = studies.map((study, s): GlobalClaimResult => {
    const holds = points.map(() => true);
    const criteria = study.criteria.map((criterion): GlobalCriterionResult => {
      const armName = criterionArm(study, criterion);
      const arm = armIndex(design, armSettingOf(study, armName));
      const effects: number[] = [];
      let holding = 0;
      points.forEach((_, p) => {
        const perSeed = seeds.map((_, k) => seedEffect(criterion, runOf(arm, p, k), runOf(baselineArm, p, k)));
        const summary = summariseEffects(perSeed, criterion);
        const finite = perSeed.filter(Number.isFinite);
        effects.push(finite.length > 0 ? finite.reduce((a, b) => a + b, 0) / finite.length : Number.NaN);
        if (summary.holds) holding++;
        else holds[p] = false;
      });
      const result: GlobalCriterionResult = { criterion, arm: armName, effects, share: holding / points.length };
      const missing = effects.filter((e) => !Number.isFinite(e)).length;
      if (missing > 0) result.problem = `no finite effect at ${missing} of ${points.length} points (e.g. a ratio to a zero reference), so no indices`;
      else if (Math.max(...effects) === Math.min(...effects)) result.problem = "the effect is the same at every point, so no indices";
      // indices of the effect's mid-ranks: a few extreme points (a ratio, a price premium) cannot dominate the variance
      else result.indices = sobolIndices(midRanks(effects), factorIds, { resamples: settings.resamples, seed: settings.masterSeed + s });
      return result;
    });
    const share = shareWithInterval(holds, blockSize, { resamples: settings.resamples, seed: settings.masterSeed + s });
    const data = primData(points, holds, factorIds);
    const primResult = prim(data, { densityThreshold: GLOBAL_DENSITY_THRESHOLD });
    const selected = primResult.selected !== null ? primResult.trajectory[primResult.selected] : undefined;
    let box: PrimBox | undefined;
    if (selected) {
      const pruned = pruneLimits(data, primResult, selected.limits);
      // whole-number factors: a limit between two whole values moves to the value inside the box (the same points)
      const limits = {
        lower: pruned.lower.map((x, j) => (factorIsWhole(factors[j]) && x > primResult.fullRange.lower[j] ? Math.ceil(x - 1e-9) : x)),
        upper: pruned.upper.map((x, j) => (factorIsWhole(factors[j]) && x < primResult.fullRange.upper[j] ? Math.floor(x + 1e-9) : x)),
      };
      const stats = boxStatistics(data, limits);
      const restricted = factorIds.filter((_, j) => limits.lower[j] > primResult.fullRange.lower[j] || limits.upper[j] < primResult.fullRange.upper[j]);
      box = { limits, coverage: stats.coverage, density: stats.density, mass: stats.mass, runs: stats.runs, restricted, step: selected.step };
    }
    const byId = new Map(factors.map((f) => [f.id, f]));
    const words = box
      ? describeBox(primResult, box.limits, {
          label: (id) => byId.get(id)?.label ?? id,
          format: (id, value) => formatFactorValue(byId.get(id) as UncertainFactor, value),
        })
      : holds.some(Boolean)
        ? `no box of the space holds the claim in at least ${GLOBAL_DENSITY_THRESHOLD * 100}% of its points`
        : "holds at none of the points";
    const quasiP = box ? quasiPValues(data, primResult, box.limits) : [];
    return { study, holds, share, criteria, prim: primResult, ...(box ? { box } : {}), quasiP, words };
  });
  return { settings, factors, pointCount: points.length, runCount, seeds, claims };
}
