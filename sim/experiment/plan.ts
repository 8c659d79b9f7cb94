// From a study definition to a concrete plan: the scenario of every arm and point (loaded and
// validated up front, so a mistake stops the study before anything runs or is written), the
// seeds, the ordered list of runs, the study hash and the manifest.
//
// Runs are numbered arm by arm, point by point, seed by seed (the seed varies fastest). That
// order fixes the rows of every output table, whatever the number of workers or shards; shard k
// of n runs the runs whose number modulo n is k - 1.
import { createHash } from "node:crypto";
import { loadScenario } from "../scenario/load.js";
import { canonicalJson } from "../scenario/resolve.js";
import type { Scenario } from "../scenario/schema.js";
import { metricInfo } from "../metric-catalog.js";
import { moatVersion, nodeVersion } from "./environment.js";
import { StudyError, hasProblems } from "./errors.js";
import { parameterPathInfo } from "./parameters.js";
import { gridPoints, latinHypercubePoints, type ParameterValue, type Point, type RangeParameter } from "./sampling.js";
import { saltelliPoints } from "./saltelli.js";
import { pointsFromUnitRows, sobolPoints, SOBOL_MAX_DIMENSIONS } from "./sobol-sequence.js";
import { GLOBAL_FACTORS, uncertainRanges } from "./uncertainty.js";
import { studySizeProblems } from "./limits.js";
import { deriveSeeds } from "./seeds.js";
import type { StudyDefinition, StudyType } from "./study.js";

/** One run of the study. */
export interface RunKey {
  /** position in the study's run order */
  index: number;
  arm: number;
  point: number;
  seedIndex: number;
  seed: number;
}

/** manifest.json of a study (the charts read these keys). */
export interface StudyManifest {
  study: {
    name: string;
    type: StudyType;
    description: string;
    arms: { name: string; scenario: string; set?: Record<string, unknown> }[];
    baseline?: string;
    /** varied parameter paths, in column order */
    parameters?: string[];
    /** how each was varied: listed values (grid) or a sampled range */
    vary?: ({ path: string; values: ParameterValue[] } | { path: string; min: number; max: number; scale: "linear" | "log"; integer: boolean })[];
    sample?: { method: "grid" } | { method: "lhs" | "sobol" | "saltelli"; points: number };
    /** parameter values of each point, by point number */
    points?: Point[];
    set?: Record<string, unknown>;
    metrics?: string[];
  };
  masterSeed: number;
  seeds: number[];
  hash: string;
  moatVersion: string;
  nodeVersion: string;
  startYear: number;
  periodsPerYear: number;
  regimeStartPeriod: number | null;
}

export interface StudyPlan {
  definition: StudyDefinition;
  manifest: StudyManifest;
  hash: string;
  armNames: string[];
  parameterPaths: string[];
  points: Point[];
  seeds: number[];
  /** scenarios[arm][point] */
  scenarios: Scenario[][];
  /** arms x points x seeds; the runs themselves are made on demand (runAt, runKeys), never listed */
  runCount: number;
}

/** The run at `index` of the study's run order (arm, then point, then seed; the seed varies fastest). */
export function runAt(study: { armNames: readonly unknown[]; points: readonly unknown[]; seeds: readonly number[] }, index: number): RunKey {
  const seedIndex = index % study.seeds.length;
  const armPoint = (index - seedIndex) / study.seeds.length;
  const point = armPoint % study.points.length;
  const arm = (armPoint - point) / study.points.length;
  return { index, arm, point, seedIndex, seed: study.seeds[seedIndex] };
}

/** The runs in run order, one at a time. */
export function* runKeys(study: { armNames: readonly unknown[]; points: readonly unknown[]; seeds: readonly number[] }): Generator<RunKey> {
  const count = study.armNames.length * study.points.length * study.seeds.length;
  for (let index = 0; index < count; index++) yield runAt(study, index);
}

export { metricSelected } from "./metric-filter.js";

function checkMetricFilter(filter: readonly string[] | undefined, where: string): string[] {
  const problems: string[] = [];
  for (const wanted of filter ?? []) {
    const known = wanted.endsWith(".*") ? metricInfo(`${wanted.slice(0, -2)}.x`)?.byKind === true : metricInfo(wanted) !== undefined;
    if (!known) problems.push(`${where}: metrics: unknown metric ${JSON.stringify(wanted)} (see sim/metric-catalog.ts; by-kind metrics as entries.startup or entries.*)`);
  }
  return problems;
}

/** Periods of an arm: its scenario's, unless the study sets them. */
function periodsOf(scenarioPeriods: number, overrides: Record<string, unknown>): number {
  return typeof overrides.periods === "number" ? overrides.periods : scenarioPeriods;
}

/** The shard a run belongs to: runs are dealt round-robin, run i to shard (i mod n) + 1. */
export function inShard(run: RunKey, shard: { index: number; count: number } | undefined): boolean {
  return !shard || run.index % shard.count === shard.index - 1;
}

// A path may be set if a shorter path set alongside it creates its parent (e.g. `regime` and `regime.name`).
function coveredByEarlierSet(path: string, paths: readonly string[]): boolean {
  return paths.some((other) => other !== path && path.startsWith(`${other}.`));
}

/**
 * Load every scenario the study needs and fix its runs. `where` prefixes problems about the
 * definition (the study file, or "moat sweep"). Throws StudyError listing every problem.
 */
export async function planStudy(studyDefinition: StudyDefinition, where: string): Promise<StudyPlan> {
  let definition = studyDefinition;
  const problems: string[] = [...checkMetricFilter(definition.metrics, where)];

  // 1. each arm's scenario as written, to check that every set and varied path exists in it
  const bases: (Scenario | undefined)[] = [];
  for (const arm of definition.arms) {
    try {
      bases.push((await loadScenario(arm.scenarioRef)).scenario);
    } catch (error) {
      if (!hasProblems(error)) throw error;
      problems.push(...error.problems);
      bases.push(undefined);
    }
  }
  if (problems.length > 0) throw new StudyError([...new Set(problems)]);

  // vary: uncertain -> the first arm's uncertain fields, over their priors, where every arm has them
  if (definition.varyUncertain) {
    const ranges = uncertainRanges(bases[0] as Scenario).filter((r) => bases.every((base) => !parameterPathInfo(base as Scenario, r.path).problem));
    const method = definition.sample.method;
    const maxRanges = method === "saltelli" ? SOBOL_MAX_DIMENSIONS / 2 : method === "sobol" ? SOBOL_MAX_DIMENSIONS : Infinity;
    if (ranges.length > maxRanges)
      throw new StudyError([
        `${where}: vary: uncertain gives ${ranges.length} parameters for scenario ${definition.arms[0].scenario}, more than the ${maxRanges} ${method} sampling takes: use sample: lhs (--sample lhs), or moat claims --global, which groups them into ${GLOBAL_FACTORS.length} factors`,
      ]);
    definition = { ...definition, vary: { grid: [], ranges: ranges.map(({ path, min, max, scale }) => ({ path, min, max, scale })) } };
  }

  const variedPaths = [...definition.vary.grid.map((g) => g.path), ...definition.vary.ranges.map((r) => r.path)];
  const integerPath = new Map<string, boolean>();
  definition.arms.forEach((arm, a) => {
    const base = bases[a] as Scenario;
    const overrides = { ...definition.set, ...arm.set };
    const setPaths = Object.keys(overrides);
    for (const path of [...setPaths, ...variedPaths]) {
      if (coveredByEarlierSet(path, setPaths)) continue;
      const info = parameterPathInfo(base, path);
      if (info.problem) problems.push(`${where}: ${variedPaths.includes(path) ? "vary" : "set"}: ${info.problem}`);
      else if (variedPaths.includes(path)) {
        integerPath.set(path, (integerPath.get(path) ?? true) && info.integer);
        if (definition.vary.ranges.some((r) => r.path === path) && !info.numeric)
          problems.push(`${where}: vary: ${path} is not a number in the scenario schema, so it cannot be sampled over a range (list its values instead)`);
      }
    }
  });
  if (problems.length > 0) throw new StudyError([...new Set(problems)]);

  // 2. points and seeds
  const masterSeed = definition.masterSeed ?? (bases[0] as Scenario).seed;
  const ranges: RangeParameter[] = definition.vary.ranges.map((r) => ({ ...r, integer: integerPath.get(r.path) ?? false }));
  const points: Point[] =
    definition.sample.method === "lhs"
      ? latinHypercubePoints(ranges, definition.sample.points, masterSeed)
      : definition.sample.method === "sobol"
        ? pointsFromUnitRows(ranges, sobolPoints(definition.sample.points, ranges.length))
        : definition.sample.method === "saltelli"
          ? saltelliPoints(ranges, definition.sample.points)
          : gridPoints(definition.vary.grid);
  problems.push(...studySizeProblems(where, { arms: definition.arms.length, points: points.length, seeds: definition.seeds, periods: Math.max(...definition.arms.map((arm, a) => periodsOf((bases[a] as Scenario).periods, { ...definition.set, ...arm.set }))) }));
  if (problems.length > 0) throw new StudyError(problems);
  const seeds = deriveSeeds(masterSeed, definition.seeds);

  // 3. every arm x point scenario, validated
  const scenarios: Scenario[][] = [];
  const scenarioHashes: string[][] = [];
  for (const arm of definition.arms) {
    const row: Scenario[] = [];
    const hashes: string[] = [];
    for (let p = 0; p < points.length; p++) {
      const overrides = { ...definition.set, ...arm.set, ...points[p] };
      try {
        const loaded = await loadScenario(arm.scenarioRef, { overrides });
        row.push(loaded.scenario);
        hashes.push(loaded.hash);
      } catch (error) {
        if (!hasProblems(error)) throw error;
        const label = variedPaths.length > 0 ? ` (point ${p}: ${variedPaths.map((path) => `${path}=${String(points[p][path])}`).join(", ")})` : "";
        problems.push(...error.problems.map((line) => `${line}${label}`));
      }
    }
    scenarios.push(row);
    scenarioHashes.push(hashes);
  }
  if (problems.length > 0) throw new StudyError([...new Set(problems)].slice(0, 50));

  // 4. the same calendar for every arm, or per-period statistics would mix dates
  const first = scenarios[0][0];
  definition.arms.forEach((arm, a) => {
    const s = scenarios[a][0];
    if (s.startYear !== first.startYear || s.periodsPerYear !== first.periodsPerYear)
      problems.push(
        `${where}: arms: arm ${arm.name} starts in ${s.startYear} with ${s.periodsPerYear} periods per year, arm ${definition.arms[0].name} in ${first.startYear} with ${first.periodsPerYear}; expected the same calendar in every arm`,
      );
  });
  if (problems.length > 0) throw new StudyError(problems);

  const armNames = definition.arms.map((a) => a.name);
  const hash = createHash("sha256")
    .update(
      canonicalJson({
        format: 1,
        name: definition.name,
        type: definition.type,
        arms: armNames,
        baseline: definition.baseline ?? null,
        parameters: variedPaths,
        points,
        seeds,
        metrics: definition.metrics ?? null,
        scenarioHashes,
      }),
      "utf8",
    )
    .digest("hex");

  const regimeArm = scenarios.find((row) => row[0].regime !== null);
  const hasVary = variedPaths.length > 0;
  const manifest: StudyManifest = {
    study: {
      name: definition.name,
      type: definition.type,
      description: definition.description,
      arms: definition.arms.map((arm) => ({ name: arm.name, scenario: arm.scenario, ...(Object.keys(arm.set).length > 0 ? { set: arm.set } : {}) })),
      ...(definition.baseline !== undefined ? { baseline: definition.baseline } : {}),
      ...(hasVary
        ? {
            parameters: variedPaths,
            vary: [...definition.vary.grid.map((g) => ({ path: g.path, values: g.values })), ...ranges.map((r) => ({ ...r }))],
            sample: definition.sample,
            points,
          }
        : {}),
      ...(Object.keys(definition.set).length > 0 ? { set: definition.set } : {}),
      ...(definition.metrics ? { metrics: definition.metrics } : {}),
    },
    masterSeed,
    seeds,
    hash,
    moatVersion: moatVersion(),
    nodeVersion: nodeVersion(),
    startYear: first.startYear,
    periodsPerYear: first.periodsPerYear,
    regimeStartPeriod: regimeArm ? (regimeArm[0].regime?.startPeriod ?? null) : null,
  };
  return { definition, manifest, hash, armNames, parameterPaths: variedPaths, points, seeds, scenarios, runCount: armNames.length * points.length * seeds.length };
}
