import { readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { StudyError } from "../../sim/experiment/errors.js";
import { planStudy } from "../../sim/experiment/plan.js";
import { loadStudyFile, normalizeStudy } from "../../sim/experiment/study.js";
import { REPO, TINY_BASELINE, TINY_LICENSING, tempDir } from "./helpers.js";

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof StudyError) return error.problems;
    throw error;
  }
  throw new Error("expected a StudyError");
}

function studyFile(text: string): string {
  const path = join(tempDir(), "study.yaml");
  writeFileSync(path, text);
  return path;
}

describe("study files", () => {
  it("every shipped study file loads and plans", async () => {
    const dir = join(REPO, "scenarios", "studies");
    const files = readdirSync(dir).filter((f) => f.endsWith(".yaml"));
    expect(files.length).toBeGreaterThanOrEqual(2);
    for (const file of files) {
      const definition = loadStudyFile(join(dir, file));
      const plan = await planStudy(definition, file);
      expect(plan.runCount).toBeGreaterThan(0);
      expect(plan.manifest.study.name).toBe(definition.name);
    }
  });

  it("a sweep file gives the grid and the seeds it states", async () => {
    const path = studyFile(`
type: sweep
scenario: ${TINY_LICENSING}
vary:
  regime.thresholdFlop: [1e25, 1e26, 1e27]
  regime.complianceCosts.scale: [1, 2]
seeds: 3
masterSeed: 5
`);
    const plan = await planStudy(loadStudyFile(path), path);
    expect(plan.definition.name).toBe("study");
    expect(plan.points.length).toBe(6);
    expect(plan.runCount).toBe(18);
    expect(plan.scenarios[0][5].regime?.thresholdFlop).toBe(1e27);
    expect(plan.scenarios[0][5].regime?.complianceCosts.scale).toBe(2);
    expect(plan.manifest.study.parameters).toEqual(["regime.thresholdFlop", "regime.complianceCosts.scale"]);
  });

  it("reports each mistake on one line naming the file and the field", () => {
    const path = studyFile(`
type: sweeep
seeds: -2
vary:
  regime.thresholdFlop: "1e25"
colour: blue
`);
    const problems = problemsOf(() => loadStudyFile(path));
    expect(problems.every((p) => p.startsWith(`${path}: `) && !p.includes("\n"))).toBe(true);
    expect(problems.some((p) => /type: expected run, compare or sweep/.test(p))).toBe(true);
    expect(problems.some((p) => /seeds: expected a whole number >= 1, got -2/.test(p))).toBe(true);
    expect(problems.some((p) => /"regime\.thresholdFlop": expected a list of values or \{ min, max \}/.test(p))).toBe(true);
    expect(problems.some((p) => /colour: unknown field/.test(p))).toBe(true);
  });

  it("checks the rules between fields", () => {
    const problems = problemsOf(() =>
      normalizeStudy(
        { type: "compare", arms: [{ scenario: "baseline" }], baseline: "nope", vary: { "regime.thresholdFlop": { min: 1e24, max: 1e28 } } },
        "f.yaml",
        "x",
      ),
    );
    expect(problems).toContain("f.yaml: arms: expected at least two arms (a baseline and one or more regimes) for a study of type compare");
    expect(problems.some((p) => p.startsWith("f.yaml: baseline: expected one of the arm names (baseline)"))).toBe(true);
    expect(problems.some((p) => p.startsWith("f.yaml: vary: expected lists of values for a grid"))).toBe(true);
  });

  it("refuses an unknown parameter path and a path into a missing regime, before running anything", async () => {
    const typo = normalizeStudy({ type: "sweep", scenario: TINY_LICENSING, vary: { "regime.thresholdFlops": [1, 2] } }, "moat sweep", "x");
    await expect(planStudy(typo, "moat sweep")).rejects.toThrow(/unknown parameter path regime\.thresholdFlops: regime has no field thresholdFlops/);
    const noRegime = normalizeStudy({ type: "sweep", scenario: TINY_BASELINE, vary: { "regime.thresholdFlop": [1e25, 1e26] } }, "moat sweep", "x");
    await expect(planStudy(noRegime, "moat sweep")).rejects.toThrow(/scenario tiny-baseline has no regime/);
  });

  it("names the point whose value the scenario schema refuses", async () => {
    const definition = normalizeStudy({ type: "sweep", scenario: TINY_LICENSING, vary: { "regime.thresholdFlop": [1e26, -5] } }, "moat sweep", "x");
    await expect(planStudy(definition, "moat sweep")).rejects.toThrow(/regime\.thresholdFlop: expected a number >= 0, got -5 \(point 1: regime\.thresholdFlop=-5\)/);
  });

  it("hashes the study content: same definition same hash, another seed count another hash", async () => {
    const make = (seeds: number) => normalizeStudy({ type: "compare", arms: [{ scenario: TINY_BASELINE }, { scenario: TINY_LICENSING }], seeds }, "t", "t");
    const [a, b, c] = await Promise.all([planStudy(make(3), "t"), planStudy(make(3), "t"), planStudy(make(4), "t")]);
    expect(a.hash).toBe(b.hash);
    expect(a.hash).not.toBe(c.hash);
  });
});
