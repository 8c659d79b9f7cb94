// A study: replicated runs, a comparison of arms, or a sweep over parameters, as one definition
// that the CLI commands build from their flags and that a study file (scenarios/studies/*.yaml)
// states in YAML. Both go through `normalizeStudy`, so a command and the equivalent file define
// the same study, with the same hash and the same output bytes.
//
// Study file format (validated with zod; unknown keys are errors):
//   name: threshold-sweep            # output folder name (default: the file's base name)
//   type: run | compare | sweep
//   description: text                # optional
//   scenario: licensing-era          # one arm named after the scenario (run, sweep), or
//   arms:                            # several (compare): the first is the baseline unless `baseline:`
//     - { name: no-licensing, scenario: baseline }
//     - { name: licensing, scenario: licensing-era, set: { regime.preReleaseApproval.auditDelayQuarters: 4 } }
//   baseline: no-licensing           # compare: the arm differences are taken against
//   set: { periods: 40 }             # overrides applied to every arm (dotted path -> value)
//   vary:                            # sweep: dotted path -> list of values (grid) or { min, max }
//     regime.thresholdFlop: [1e25, 1e26, 1e27]
//   sample: { method: lhs, points: 32 }   # ranges need method lhs, sobol or saltelli (a power of two); default grid
//   seeds: 20                        # replicates per arm and point
//   masterSeed: 1                    # seeds derive from it (default: the first arm's scenario seed)
//   metrics: [hhi_usage, gray_share] # keep only these metrics (default: all)
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { formatIssues } from "../scenario/errors.js";
import { defaultScale, type GridParameter, type ParameterValue, type RangeParameter } from "./sampling.js";
import { StudyError, describeValue } from "./errors.js";
import { isPowerOfTwo, nearestPowerOfTwo, SOBOL_MAX_DIMENSIONS } from "./sobol-sequence.js";
import { MAX_SEED } from "./seeds.js";

export type StudyType = "run" | "compare" | "sweep";

export interface StudyArm {
  name: string;
  /** scenario name in scenarios/ or path to a scenario file, as written (recorded in the manifest) */
  scenario: string;
  /** what the loader is given: paths in a study file are relative to the file's folder */
  scenarioRef: string;
  /** overrides for this arm only (dotted path -> value) */
  set: Record<string, unknown>;
}

/** A range to sample before the integer flag is known (it comes from the scenario schema). */
export type RangeSpec = Omit<RangeParameter, "integer">;

export interface StudyDefinition {
  name: string;
  type: StudyType;
  description: string;
  arms: StudyArm[];
  /** name of the arm differences are taken against (compare; optional for sweeps over several arms) */
  baseline?: string;
  /** overrides applied to every arm */
  set: Record<string, unknown>;
  /** varied parameters: all listed (grid) or all ranges (lhs) */
  vary: { grid: GridParameter[]; ranges: RangeSpec[] };
  sample: { method: "grid" } | { method: "lhs" | "sobol" | "saltelli"; points: number };
  seeds: number;
  /** undefined: the first arm's scenario `seed` */
  masterSeed?: number;
  /** keep only these metrics (exact ids, or a prefix ending in ".*" such as "entries.*") */
  metrics?: string[];
  /** `vary: uncertain`: every uncertain field of the first arm's scenario over its declared prior (uncertainty.ts), expanded when the study is planned */
  varyUncertain?: boolean;
}

const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const nameSchema = z
  .string({ error: "expected a name (letters, digits, '.', '-' or '_')" })
  .regex(NAME_PATTERN, { error: "expected a name (letters, digits, '.', '-' or '_', starting with a letter or digit)" });
const scalar = z.union([z.number(), z.string(), z.boolean(), z.null()], { error: "expected a number, text, true/false or null" });
const setSchema = z.record(z.string(), z.unknown(), { error: "expected a mapping of dotted paths to values" });
const rangeSchema = z.strictObject({
  min: z.number({ error: "expected a number" }),
  max: z.number({ error: "expected a number" }),
  scale: z.enum(["linear", "log"]).optional(),
});

export const StudyFileSchema = z
  .strictObject({
    name: nameSchema.optional(),
    type: z.enum(["run", "compare", "sweep"], { error: "expected run, compare or sweep" }),
    description: z.string().default(""),
    scenario: z.string({ error: "expected a scenario name or path" }).min(1).optional(),
    arms: z
      .array(
        z.strictObject({
          name: nameSchema.optional(),
          scenario: z.string({ error: "expected a scenario name or path" }).min(1, { error: "expected a scenario name or path" }),
          set: setSchema.default({}),
        }),
        { error: "expected a list of arms ({ name, scenario, set })" },
      )
      .min(1, { error: "expected at least one arm" })
      .optional(),
    baseline: nameSchema.optional(),
    set: setSchema.default({}),
    // `vary: uncertain` (every uncertain parameter) is taken out before validation (loadStudyFile)
    vary: z
      .record(z.string(), z.union([z.array(scalar).min(1, { error: "expected at least one value" }), rangeSchema], { error: "expected a list of values or { min, max }" }), {
        error: "expected uncertain (every uncertain parameter) or a mapping of paths to a list of values or { min, max }",
      })
      .default({}),
    sample: z
      .strictObject({
        method: z.enum(["grid", "lhs", "sobol", "saltelli"], { error: "expected grid, lhs (Latin hypercube), sobol (Sobol' points) or saltelli (Saltelli's design for Sobol' indices)" }),
        points: z.number().int().min(1, { error: "expected a whole number >= 1" }).optional(),
      })
      .default({ method: "grid" }),
    seeds: z.number({ error: "expected a whole number >= 1" }).int({ error: "expected a whole number >= 1" }).min(1, { error: "expected a whole number >= 1" }).max(1_000_000, { error: "expected at most 1000000" }).default(10),
    masterSeed: z
      .number({ error: `expected a whole number from 0 to ${MAX_SEED}` })
      .int({ error: `expected a whole number from 0 to ${MAX_SEED}` })
      .min(0, { error: `expected a whole number from 0 to ${MAX_SEED}` })
      .max(MAX_SEED, { error: `expected a whole number from 0 to ${MAX_SEED}` })
      .optional(),
    metrics: z.array(z.string().min(1), { error: "expected a list of metric ids" }).min(1, { error: "expected at least one metric" }).optional(),
  });

export type StudyFile = z.output<typeof StudyFileSchema>;

/** What `normalizeStudy` needs: the study file's fields, after schema validation or from CLI flags. */
export interface StudyInput {
  name?: string;
  type: StudyType;
  description?: string;
  scenario?: string;
  arms?: { name?: string; scenario: string; set?: Record<string, unknown> }[];
  baseline?: string;
  set?: Record<string, unknown>;
  /** "uncertain": every uncertain field of the scenario over its declared prior */
  vary?: "uncertain" | Record<string, ParameterValue[] | { min: number; max: number; scale?: "linear" | "log" }>;
  sample?: { method: "grid" | "lhs" | "sobol" | "saltelli"; points?: number };
  seeds?: number;
  masterSeed?: number;
  metrics?: string[];
}

/** `scenarios/baseline.yaml` -> `baseline`, `licensing-era` -> `licensing-era`. */
export function scenarioLabel(ref: string): string {
  return (ref.split(/[\\/]/).pop() ?? ref).replace(/\.(ya?ml|json)$/i, "");
}

/**
 * Checks the rules that connect fields (which a schema alone cannot say) and fills the defaults.
 * `where` prefixes each problem (a file name, or "moat sweep" for flags).
 */
export function normalizeStudy(input: StudyInput, where: string, defaultName: string, resolveRef: (ref: string) => string = (ref) => ref): StudyDefinition {
  const problems: string[] = [];
  const fail = (field: string, message: string) => problems.push(`${where}: ${field}: ${message}`);

  if (input.scenario !== undefined && input.arms !== undefined) fail("arms", "expected either scenario or arms, got both");
  const armInputs = input.arms ?? (input.scenario !== undefined ? [{ scenario: input.scenario }] : []);
  if (armInputs.length === 0) fail("scenario", "expected a scenario (or a list of arms), got nothing");

  const arms: StudyArm[] = [];
  const seen = new Set<string>();
  armInputs.forEach((arm, i) => {
    let name = arm.name ?? scenarioLabel(arm.scenario);
    if (arm.name === undefined && seen.has(name)) {
      let k = 2;
      while (seen.has(`${name}-${k}`)) k++;
      name = `${name}-${k}`;
    }
    if (seen.has(name)) fail(`arms.${i}.name`, `expected a name not used by another arm, got ${describeValue(name)}`);
    else if (!NAME_PATTERN.test(name)) fail(`arms.${i}.name`, `expected a name (letters, digits, '.', '-' or '_'), got ${describeValue(name)}`);
    seen.add(name);
    arms.push({ name, scenario: arm.scenario, scenarioRef: resolveRef(arm.scenario), set: arm.set ?? {} });
  });

  const type = input.type;
  if (type === "run" && arms.length > 1) fail("arms", `expected one scenario for a study of type run, got ${arms.length} arms (use type compare)`);
  if (type === "compare" && arms.length > 0 && arms.length < 2) fail("arms", "expected at least two arms (a baseline and one or more regimes) for a study of type compare");
  let baseline = input.baseline;
  if (type === "compare" && baseline === undefined && arms.length > 0) baseline = arms[0].name;
  if (baseline !== undefined && !arms.some((a) => a.name === baseline))
    fail("baseline", `expected one of the arm names (${arms.map((a) => a.name).join(", ")}), got ${describeValue(baseline)}`);
  if (type === "run" && input.baseline !== undefined) fail("baseline", "expected no baseline for a study of type run");

  const grid: GridParameter[] = [];
  const ranges: RangeSpec[] = [];
  const varyUncertain = input.vary === "uncertain";
  for (const [path, spec] of Object.entries(varyUncertain ? {} : (input.vary ?? {}))) {
    if (Array.isArray(spec)) grid.push({ path, values: spec });
    else {
      const scale = spec.scale ?? defaultScale(path);
      if (!(spec.min < spec.max)) fail(`vary.${path}`, `expected min < max, got ${spec.min}:${spec.max}`);
      else if (scale === "log" && !(spec.min > 0)) fail(`vary.${path}`, `expected a positive minimum for log-uniform sampling (the scenario schema declares it log scale), got ${spec.min}`);
      ranges.push({ path, min: spec.min, max: spec.max, scale });
    }
  }
  if (type === "run" && grid.length + ranges.length > 0) fail("vary", "expected no varied parameters for a study of type run (use type sweep)");
  if (varyUncertain && type !== "sweep") fail("vary", `expected type sweep for vary: uncertain, got ${type}`);
  if (type === "sweep" && grid.length + ranges.length === 0 && !varyUncertain) fail("vary", "expected at least one varied parameter for a study of type sweep");

  const method = input.sample?.method ?? "grid";
  let sample: StudyDefinition["sample"] = { method: "grid" };
  if (method === "grid") {
    if (ranges.length > 0) fail("vary", `expected lists of values for a grid, got ranges for ${ranges.map((r) => r.path).join(", ")} (add sample: lhs / --sample lhs)`);
    if (varyUncertain) fail("sample", "expected sample: lhs, sobol or saltelli for vary: uncertain (--sample lhs with --all-uncertain): the uncertain parameters are ranges");
    if (input.sample?.points !== undefined) fail("sample.points", "expected no point count for a grid (it has one point per combination)");
  } else {
    const sampling = method === "sobol" ? "Sobol'" : method === "saltelli" ? "Saltelli" : "Latin hypercube";
    if (grid.length > 0) fail("vary", `expected ranges (min:max) for ${sampling} sampling, got lists for ${grid.map((g) => g.path).join(", ")}`);
    const points = input.sample?.points;
    if (points === undefined) fail("sample.points", "expected the number of points to sample (--points K)");
    else if (method !== "lhs" && !isPowerOfTwo(points))
      fail("sample.points", `expected a power of two for ${method} (Sobol' points are balanced in blocks of 2^k), got ${points}; try ${nearestPowerOfTwo(points)}`);
    const maxRanges = method === "saltelli" ? SOBOL_MAX_DIMENSIONS / 2 : SOBOL_MAX_DIMENSIONS;
    if (method !== "lhs" && ranges.length > maxRanges) fail("vary", `expected at most ${maxRanges} ranges for ${sampling} sampling, got ${ranges.length}`);
    sample = { method, points: points ?? 1 };
  }

  const name = input.name ?? defaultName;
  if (!NAME_PATTERN.test(name)) fail("name", `expected a name (letters, digits, '.', '-' or '_'), got ${describeValue(name)}`);

  if (problems.length > 0) throw new StudyError(problems);
  return {
    name,
    type,
    description: input.description ?? "",
    arms,
    ...(baseline !== undefined ? { baseline } : {}),
    set: input.set ?? {},
    vary: { grid, ranges },
    sample,
    seeds: input.seeds ?? 10,
    ...(input.masterSeed !== undefined ? { masterSeed: input.masterSeed } : {}),
    ...(input.metrics !== undefined ? { metrics: input.metrics } : {}),
    ...(varyUncertain ? { varyUncertain: true } : {}),
  };
}

/** Read and validate a study file; every problem one line, naming the file and the field. */
export function loadStudyFile(path: string): StudyDefinition {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new StudyError([`${path}: ${code === "ENOENT" ? "no such study file" : `cannot read the study file (${code ?? String(error)})`}`]);
  }
  let raw: unknown;
  try {
    raw = parseYaml(text, { uniqueKeys: true, maxAliasCount: 100 });
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).split("\n")[0];
    throw new StudyError([`${path}: not valid YAML: ${message}`]);
  }
  if (raw === null || typeof raw !== "object" || Array.isArray(raw))
    throw new StudyError([`${path}: (top level): expected a study (a mapping of fields), got ${describeValue(raw)}`]);
  const varyUncertain = (raw as Record<string, unknown>).vary === "uncertain";
  const parsed = StudyFileSchema.safeParse(varyUncertain ? { ...raw, vary: {} } : raw);
  if (!parsed.success) throw new StudyError(formatIssues(path, parsed.error.issues, raw, StudyFileSchema));
  // a scenario path in a study file is relative to the file; a bare name is looked up in scenarios/
  const fromFile = (ref: string) => (/[\\/]/.test(ref) || /\.(ya?ml|json)$/i.test(ref) ? resolve(dirname(path), ref) : ref);
  return normalizeStudy(varyUncertain ? { ...parsed.data, vary: "uncertain" } : parsed.data, path, scenarioLabel(path), fromFile);
}
