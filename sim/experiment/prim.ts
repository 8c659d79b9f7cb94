// Scenario discovery with PRIM, the patient rule induction method (Friedman & Fisher 1999), as
// scenario discovery uses it (Bryant & Lempert 2010; EMA Workbench's prim.py conventions):
// which box of the uncertain parameters holds most of the runs where a claim holds, and few others.
// Portable (no Node imports).
//
// Over n sampled runs x (one row of parameter values each) with y = 1 where the claim holds:
//   coverage = (cases in box) / (cases overall),  density = (cases in box) / (runs in box),
//   mass = (runs in box) / n.
// Peeling: from the box spanning all runs, each step considers, for every parameter, cutting off
// the alpha share of the box's runs with the lowest or the highest values, and takes the cut with
// the best objective; it stops when no cut raises the density or the next box would hold fewer
// than minMass of the runs. The objective (EMA Workbench's default, "lenient1") is the gain in
// density per run removed, (density_new - density_old) / (runs_old - runs_new); "original" is
// Friedman & Fisher's, the new box's density. Ties go to the cut restricting fewer parameters, then
// to the first in parameter order (lower before upper). Cut points sit midway between distinct
// values (EMA's quantile).
// Pasting: from the last peeled box, each step considers widening one restricted limit to take in
// the pasteAlpha share of the runs just outside it, and takes the best widening while it raises the
// density.
// Every box along the way (the peeling and pasting trajectory) is kept with its coverage and
// density; the reported box is the one with the highest coverage among those whose density reaches
// the threshold. Quasi-p-values (Bryant & Lempert 2010) tell which of its limits matter.
import { binomialDistribution } from "simple-statistics";
import type { Point } from "./sampling.js";

export interface PrimOptions {
  /** share of a box's runs each peel removes (default 0.05) */
  peelAlpha?: number;
  /** share of the runs outside a limit each paste adds (default 0.05) */
  pasteAlpha?: number;
  /** smallest share of all runs a box may hold (default 0.05) */
  minMass?: number;
  /** density a box must reach to be selected (default 0.8) */
  densityThreshold?: number;
  /** peel objective (default "lenient1") */
  objective?: "lenient1" | "original";
}

/** Limits of a box: lower[j] <= x_j <= upper[j] for every parameter j (inclusive). */
export interface BoxLimits {
  lower: number[];
  upper: number[];
}

/** One box of the trajectory with its statistics. */
export interface PrimBox {
  limits: BoxLimits;
  /** cases of interest in the box / cases of interest overall */
  coverage: number;
  /** cases of interest in the box / runs in the box */
  density: number;
  /** runs in the box / all runs */
  mass: number;
  /** runs in the box */
  runs: number;
  /** names of the parameters whose limits differ from the full range, in parameter order */
  restricted: string[];
  /** how this box was reached */
  step: "start" | "peel" | "paste";
}

export interface PrimResult {
  parameters: string[];
  /** the full range of each parameter over the runs */
  fullRange: BoxLimits;
  trajectory: PrimBox[];
  /** index in the trajectory of the selected box, or null when no box reaches the density threshold */
  selected: number | null;
  densityThreshold: number;
}

/** Runs of the sample, as columns of numbers: columns[j][r] is parameter j in run r. */
export interface PrimData {
  parameters: string[];
  columns: Float64Array[];
  /** 1 where the claim holds in run r, else 0 */
  holds: Uint8Array;
}

/** Columns from sampled points and whether the claim held in each run; every named parameter must be numeric. */
export function primData(points: readonly Point[], holds: readonly boolean[], parameters: readonly string[]): PrimData {
  if (points.length !== holds.length) throw new RangeError(`PRIM: ${points.length} points but ${holds.length} outcomes`);
  const columns = parameters.map((path) =>
    Float64Array.from(points, (point, r) => {
      const value = point[path];
      if (typeof value !== "number" || !Number.isFinite(value)) throw new RangeError(`PRIM: run ${r} has ${path} = ${String(value)}; expected a finite number`);
      return value;
    }),
  );
  return { parameters: [...parameters], columns, holds: Uint8Array.from(holds, (h) => (h ? 1 : 0)) };
}

function inBox(data: PrimData, limits: BoxLimits, r: number): boolean {
  for (let j = 0; j < data.columns.length; j++) {
    const x = data.columns[j][r];
    if (x < limits.lower[j] || x > limits.upper[j]) return false;
  }
  return true;
}

function restrictedParameters(data: PrimData, limits: BoxLimits, full: BoxLimits): string[] {
  return data.parameters.filter((_, j) => limits.lower[j] > full.lower[j] || limits.upper[j] < full.upper[j]);
}

/** Coverage, density and mass of a box over the runs (a box holding no run has density NaN). */
export function boxStatistics(data: PrimData, limits: BoxLimits): { coverage: number; density: number; mass: number; runs: number; cases: number } {
  const n = data.holds.length;
  let runs = 0;
  let cases = 0;
  let allCases = 0;
  for (let r = 0; r < n; r++) {
    allCases += data.holds[r];
    if (inBox(data, limits, r)) {
      runs++;
      cases += data.holds[r];
    }
  }
  // coverage = cases in box / all cases; density = cases in box / runs in box; mass = runs in box / n
  return { coverage: allCases > 0 ? cases / allCases : Number.NaN, density: runs > 0 ? cases / runs : Number.NaN, mass: runs / n, runs, cases };
}

// EMA Workbench's (after sdtoolkit) quantile for cut points: between the order statistics around
// (n - 1) q, moved past ties so that the cut falls between two distinct values.
export function cutPoint(sortedValues: ArrayLike<number>, q: number): number {
  const n = sortedValues.length;
  const i = (n - 1) * q;
  let low = Math.floor(i);
  let high = Math.ceil(i);
  if (q > 0.5) {
    while (sortedValues[low] === sortedValues[high] && low > 0) low--;
  } else {
    while (sortedValues[low] === sortedValues[high] && high < n - 1) high++;
  }
  return (sortedValues[low] + sortedValues[high]) / 2;
}

interface Candidate {
  limits: BoxLimits;
  members: number[];
}

function membersOf(data: PrimData, limits: BoxLimits, among: readonly number[]): number[] {
  return among.filter((r) => inBox(data, limits, r));
}

function meanHolds(data: PrimData, members: readonly number[]): number {
  if (members.length === 0) return 0;
  let cases = 0;
  for (const r of members) cases += data.holds[r];
  return cases / members.length;
}

/** PRIM over the runs: the peeling and pasting trajectory and the selected box. */
export function prim(data: PrimData, options: PrimOptions = {}): PrimResult {
  const peelAlpha = options.peelAlpha ?? 0.05;
  const pasteAlpha = options.pasteAlpha ?? 0.05;
  const minMass = options.minMass ?? 0.05;
  const densityThreshold = options.densityThreshold ?? 0.8;
  const objectiveName = options.objective ?? "lenient1";
  for (const [name, value] of [
    ["peelAlpha", peelAlpha],
    ["pasteAlpha", pasteAlpha],
    ["minMass", minMass],
  ] as const)
    if (!(value > 0 && value < 1)) throw new RangeError(`PRIM: ${name} must lie strictly between 0 and 1, got ${value}`);
  if (!(densityThreshold >= 0 && densityThreshold <= 1)) throw new RangeError(`PRIM: densityThreshold must lie in [0, 1], got ${densityThreshold}`);
  const n = data.holds.length;
  const d = data.columns.length;
  if (n === 0) throw new RangeError("PRIM: no runs");
  if (d === 0) throw new RangeError("PRIM: no parameters");
  if (data.columns.some((column) => column.length !== n)) throw new RangeError("PRIM: every parameter column needs one value per run");

  const full: BoxLimits = {
    lower: data.columns.map((column) => column.reduce((m, x) => Math.min(m, x), Infinity)),
    upper: data.columns.map((column) => column.reduce((m, x) => Math.max(m, x), -Infinity)),
  };
  const allRuns = Array.from({ length: n }, (_, r) => r);
  const trajectory: PrimBox[] = [];
  const record = (limits: BoxLimits, step: PrimBox["step"]): void => {
    const stats = boxStatistics(data, limits);
    trajectory.push({
      limits: { lower: [...limits.lower], upper: [...limits.upper] },
      coverage: stats.coverage,
      density: stats.density,
      mass: stats.mass,
      runs: stats.runs,
      restricted: restrictedParameters(data, limits, full),
      step,
    });
  };
  // (density_new - density_old) / |runs_old - runs_new|  ("lenient1"), or density_new ("original")
  const objective = (oldMembers: readonly number[], newMembers: readonly number[]): number => {
    const oldMean = meanHolds(data, oldMembers);
    const newMean = meanHolds(data, newMembers);
    if (objectiveName === "original") return newMembers.length > 0 ? newMean : -1;
    if (newMean === oldMean || newMembers.length === oldMembers.length) return 0;
    return (newMean - oldMean) / Math.abs(oldMembers.length - newMembers.length);
  };
  const best = (candidates: Candidate[], current: readonly number[]): { candidate: Candidate; score: number } | null => {
    let chosen: { candidate: Candidate; score: number; restricted: number } | null = null;
    for (const candidate of candidates) {
      const score = objective(current, candidate.members);
      const restricted = restrictedParameters(data, candidate.limits, full).length;
      if (chosen === null || score > chosen.score || (score === chosen.score && restricted < chosen.restricted)) chosen = { candidate, score, restricted };
    }
    return chosen;
  };

  // peeling
  let limits: BoxLimits = { lower: [...full.lower], upper: [...full.upper] };
  let members = allRuns;
  record(limits, "start");
  for (;;) {
    const candidates: Candidate[] = [];
    for (let j = 0; j < d; j++) {
      const sorted = Float64Array.from(members, (r) => data.columns[j][r]).sort();
      const lowCut = cutPoint(sorted, peelAlpha);
      const highCut = cutPoint(sorted, 1 - peelAlpha);
      const raised: BoxLimits = { lower: [...limits.lower], upper: [...limits.upper] };
      raised.lower[j] = lowCut;
      candidates.push({ limits: raised, members: members.filter((r) => data.columns[j][r] >= lowCut) });
      const lowered: BoxLimits = { lower: [...limits.lower], upper: [...limits.upper] };
      lowered.upper[j] = highCut;
      candidates.push({ limits: lowered, members: members.filter((r) => data.columns[j][r] <= highCut) });
    }
    const chosen = best(candidates, members);
    if (chosen === null) break;
    const massNew = chosen.candidate.members.length / n;
    if (!(massNew >= minMass && chosen.candidate.members.length < members.length && chosen.score > 0)) break;
    limits = chosen.candidate.limits;
    members = chosen.candidate.members;
    record(limits, "peel");
  }

  // pasting: widen one restricted limit towards the runs just outside it
  for (;;) {
    const candidates: Candidate[] = [];
    for (let j = 0; j < d; j++) {
      for (const side of ["lower", "upper"] as const) {
        if (side === "lower" ? limits.lower[j] <= full.lower[j] : limits.upper[j] >= full.upper[j]) continue;
        // the runs inside the box on every other parameter, beyond this limit
        const outside = allRuns.filter((r) => {
          const x = data.columns[j][r];
          if (side === "lower" ? x >= limits.lower[j] : x <= limits.upper[j]) return false;
          for (let k = 0; k < d; k++) if (k !== j && (data.columns[k][r] < limits.lower[k] || data.columns[k][r] > limits.upper[k])) return false;
          return true;
        });
        if (outside.length === 0) continue;
        const sorted = Float64Array.from(outside, (r) => data.columns[j][r]).sort();
        const widened: BoxLimits = { lower: [...limits.lower], upper: [...limits.upper] };
        if (side === "lower") widened.lower[j] = Math.min(limits.lower[j], cutPoint(sorted, 1 - pasteAlpha));
        else widened.upper[j] = Math.max(limits.upper[j], cutPoint(sorted, pasteAlpha));
        candidates.push({ limits: widened, members: membersOf(data, widened, allRuns) });
      }
    }
    const chosen = best(candidates, members);
    if (chosen === null) break;
    const grows = chosen.candidate.members.length > members.length;
    if (!(grows && chosen.score > 0 && meanHolds(data, chosen.candidate.members) > meanHolds(data, members))) break;
    limits = chosen.candidate.limits;
    members = chosen.candidate.members;
    record(limits, "paste");
  }

  let selected: number | null = null;
  trajectory.forEach((box, i) => {
    if (!(box.density >= densityThreshold)) return;
    if (selected === null || box.coverage > trajectory[selected].coverage) selected = i;
  });
  return { parameters: [...data.parameters], fullRange: full, trajectory, selected, densityThreshold };
}

/** Quasi-p-values of one restricted parameter: one per restricted limit (undefined where the limit is the full range). */
export interface QuasiPValue {
  parameter: string;
  lower?: number;
  upper?: number;
}

// One-sided binomial tail P(X >= k), X ~ Binomial(n, p), from simple-statistics' probability mass table
// (which stops once the cumulative probability is within its epsilon of 1: the tail beyond is below that).
function binomialUpperTail(k: number, n: number, p: number): number {
  if (k <= 0) return 1;
  if (k > n) return 0;
  const pmf = binomialDistribution(n, p);
  if (pmf === undefined) throw new RangeError(`PRIM: no binomial distribution for n = ${n}, p = ${p}`);
  let tail = 0;
  for (let x = k; x < pmf.length; x++) tail += pmf[x];
  return Math.min(1, tail);
}

/**
 * Quasi-p-values of a box's restrictions (Bryant & Lempert 2010; EMA Workbench): for each
 * restricted limit, the box with that one limit put back to the full range has density p'; the
 * quasi-p-value is the chance that a box of the same size drawn from it holds at least as many
 * cases as this box does, P(X >= cases), X ~ Binomial(runs, p'). A small value says the limit
 * matters; a large one (say above 0.05) that it could be dropped.
 */
export function quasiPValues(data: PrimData, result: Pick<PrimResult, "fullRange">, limits: BoxLimits): QuasiPValue[] {
  const box = boxStatistics(data, limits);
  const values: QuasiPValue[] = [];
  data.parameters.forEach((parameter, j) => {
    const entry: QuasiPValue = { parameter };
    for (const side of ["lower", "upper"] as const) {
      if (limits[side][j] === result.fullRange[side][j]) continue;
      const widened: BoxLimits = { lower: [...limits.lower], upper: [...limits.upper] };
      widened[side][j] = result.fullRange[side][j];
      const wider = boxStatistics(data, widened);
      entry[side] = binomialUpperTail(box.cases, box.runs, wider.cases / wider.runs);
    }
    if (entry.lower !== undefined || entry.upper !== undefined) values.push(entry);
  });
  return values;
}

/** How to write a parameter and its values in a sentence. */
export interface DescribeOptions {
  /** a reader's name for the parameter (default: its path) */
  label?: (parameter: string) => string;
  /** a value as written (default: 3 significant digits) */
  format?: (parameter: string, value: number) => string;
}

/**
 * A box in plain words: "holds when X is at least a and Y is at most b" (only the restricted
 * parameters; "between a and b" when both ends are restricted; "holds across the whole sampled
 * range" when none is).
 */
export function describeBox(result: Pick<PrimResult, "parameters" | "fullRange">, limits: BoxLimits, options: DescribeOptions = {}): string {
  const label = options.label ?? ((parameter: string) => parameter);
  const format = options.format ?? ((_: string, value: number) => Number(value.toPrecision(3)).toString());
  const clauses: string[] = [];
  result.parameters.forEach((parameter, j) => {
    const lowerCut = limits.lower[j] > result.fullRange.lower[j];
    const upperCut = limits.upper[j] < result.fullRange.upper[j];
    const low = format(parameter, limits.lower[j]);
    const high = format(parameter, limits.upper[j]);
    if (lowerCut && upperCut) clauses.push(`${label(parameter)} is between ${low} and ${high}`);
    else if (lowerCut) clauses.push(`${label(parameter)} is at least ${low}`);
    else if (upperCut) clauses.push(`${label(parameter)} is at most ${high}`);
  });
  if (clauses.length === 0) return "holds across the whole sampled range";
  return `holds when ${clauses.length === 1 ? clauses[0] : `${clauses.slice(0, -1).join(", ")} and ${clauses.at(-1)}`}`;
}
