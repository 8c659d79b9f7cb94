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
import { prim, primData, quasiPValues, describeBox, type PrimBox, type PrimResult, type QuasiPValue } from "../experiment/prim.js";
import { saltelliUnitRows, sobolIndices, type IntervalEstimate, type SobolAnalysis } from "../experiment/saltelli.js";
import { factorDisplayValue, factorIsWhole, factorUnit, type UncertainFactor } from "../experiment/uncertainty.js";
import type { Point } from "../experiment/sampling.js";
import { streamFor } from "../random.js";
import { quantile } from "../statistics.js";
import { neededMetrics, seedEffect, settingKey, summariseEffects, type ClaimStudy, type Criterion, type RunSeries, type Setting } from "./claims.js";

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

/** A factor's value as the box's words print it: "1.3x the scenario's values" for a multiplier, "the scenario's values +0.2" for a shift, else 3 significant figures. */
export function formatFactorValue(factor: UncertainFactor, value: number): string {
  const { how, unit } = factorUnit(factor);
  const digits = Number(value.toPrecision(how === "absolute" ? 3 : 2)).toString();
  if (how === "absolute") return unit ? `${digits} ${unit}` : digits;
  if (how === "factor") return `${digits}x the scenario's values`;
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
      else result.indices = sobolIndices(effects, factorIds, { resamples: settings.resamples, seed: settings.masterSeed + s });
      return result;
    });
    const share = shareWithInterval(holds, blockSize, { resamples: settings.resamples, seed: settings.masterSeed + s });
    const data = primData(points, holds, factorIds);
    const primResult = prim(data, { densityThreshold: GLOBAL_DENSITY_THRESHOLD });
    const selected = primResult.selected !== null ? primResult.trajectory[primResult.selected] : undefined;
    // whole-number factors: a limit between two whole values moves to the value inside the box (the same points)
    const box = selected && {
      ...selected,
      limits: {
        lower: selected.limits.lower.map((x, j) => (factorIsWhole(factors[j]) && x > primResult.fullRange.lower[j] ? Math.ceil(x - 1e-9) : x)),
        upper: selected.limits.upper.map((x, j) => (factorIsWhole(factors[j]) && x < primResult.fullRange.upper[j] ? Math.floor(x + 1e-9) : x)),
      },
    };
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
