// The claims' study files (scenarios/claims/H1..H10): their format, checked with zod (unknown keys
// are errors), and the loader that names the file, the field and what was expected.
//
// Study file format (validated with zod; unknown keys are errors), see docs/CLAIMS-METHOD.md:
//   id: H1                      title: Concentration
//   claim: the claim as quoted  mechanism: how the model represents it
//   arms: [{ name, scenario, set? }]      # compared with the baseline scenario on the same seeds
//   criteria:                   # all must hold for the claim to hold at a parameter point
//     - metric: frontier_providers
//       arm: licensing-era      # default: the first arm
//       statistic: end          # per run: start | end | mean | mean_nonzero | sum | a year (value in its last quarter)
//       against: baseline       # baseline (arm - baseline, per seed) | start (change since the first quarter) | none (level)
//       effect: difference      # or ratio (arm / reference)
//       direction: decrease     # what the claim predicts
//       threshold: 0            # the effect must pass this in the claimed direction
//   sweeps: [{ arm, path, values }]  # one parameter at a time, other parameters at the arm's values
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { z } from "zod";

const nameSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, { error: "expected a name (letters, digits, '.', '-' or '_')" });

export const CriterionSchema = z.strictObject({
  metric: z.string().min(1),
  arm: nameSchema.optional(),
  statistic: z.union([z.enum(["start", "end", "mean", "mean_nonzero", "sum"]), z.number().int()], { error: "expected start, end, mean, mean_nonzero, sum or a year" }).default("end"),
  against: z.enum(["baseline", "start", "none"]).default("baseline"),
  effect: z.enum(["difference", "ratio"]).default("difference"),
  direction: z.enum(["increase", "decrease"]),
  threshold: z.number().default(0),
});

export const ClaimFileSchema = z.strictObject({
  id: z.string().regex(/^H\d+$/, { error: "expected H followed by a number" }),
  title: z.string().min(1),
  claim: z.string().min(1),
  mechanism: z.string().min(1),
  arms: z.array(z.strictObject({ name: nameSchema, scenario: z.string().min(1), set: z.record(z.string(), z.unknown()).default({}) })).min(1),
  criteria: z.array(CriterionSchema).min(1),
  sweeps: z.array(z.strictObject({ arm: nameSchema, path: z.string().min(1), values: z.array(z.number()).min(1) })).default([]),
});

export type Criterion = z.output<typeof CriterionSchema>;
export type ClaimStudy = z.output<typeof ClaimFileSchema>;

export class ClaimFileError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join("\n"));
  }
}

/** Parse and check one study file's text; `where` names the file in messages. */
export function parseClaimStudy(text: string, where: string): ClaimStudy {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    throw new ClaimFileError([`${where}: not valid YAML: ${(error as Error).message.split("\n")[0]}`]);
  }
  const parsed = ClaimFileSchema.safeParse(raw);
  if (!parsed.success) throw new ClaimFileError(parsed.error.issues.map((i) => `${where}: ${i.path.join(".") || "(top)"}: ${i.message}`));
  const study = parsed.data;
  const armNames = new Set(["baseline", ...study.arms.map((a) => a.name)]);
  const problems: string[] = [];
  study.criteria.forEach((c, i) => {
    if (c.arm !== undefined && !armNames.has(c.arm)) problems.push(`${where}: criteria.${i}.arm: expected one of ${[...armNames].join(", ")}, got ${c.arm}`);
    if (c.against === "baseline" && (c.arm ?? study.arms[0].name) === "baseline") problems.push(`${where}: criteria.${i}: the baseline arm cannot be compared with itself`);
  });
  study.sweeps.forEach((s, i) => {
    if (!armNames.has(s.arm)) problems.push(`${where}: sweeps.${i}.arm: expected one of ${[...armNames].join(", ")}, got ${s.arm}`);
  });
  if (problems.length > 0) throw new ClaimFileError(problems);
  return study;
}

/** Every study file in `dir`, ordered H1, H2, ..., H10. */
export function loadClaimStudies(dir: string): ClaimStudy[] {
  const files = readdirSync(dir).filter((f) => /\.ya?ml$/i.test(f));
  const studies = files.map((f) => parseClaimStudy(readFileSync(join(dir, f), "utf8"), join(dir, f)));
  return studies.sort((a, b) => Number(a.id.slice(1)) - Number(b.id.slice(1)));
}
