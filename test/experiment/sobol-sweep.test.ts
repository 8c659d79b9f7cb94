// Sweeps sampled with Sobol' points (`--sample sobol` / `sample: { method: sobol }`) and with
// Saltelli's design (`--sample saltelli`).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { StudyError } from "../../sim/experiment/errors.js";
import { planStudy } from "../../sim/experiment/plan.js";
import { saltelliPoints, saltelliUnitRows } from "../../sim/experiment/saltelli.js";
import type { RangeParameter } from "../../sim/experiment/sampling.js";
import { sobolPoints } from "../../sim/experiment/sobol-sequence.js";
import { normalizeStudy } from "../../sim/experiment/study.js";
import { moat, tempDir, TINY_LICENSING } from "./helpers.js";

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof StudyError) return error.problems;
    throw error;
  }
  throw new Error("expected a StudyError");
}

describe("Sobol' sweeps", () => {
  it("run the first K Sobol' points, the FLOP line log-uniform and the cost scale linear", async () => {
    const definition = normalizeStudy(
      {
        type: "sweep",
        scenario: TINY_LICENSING,
        vary: { "regime.thresholdFlop": { min: 1e24, max: 1e28 }, "regime.complianceCosts.scale": { min: 0.5, max: 2.5 } },
        sample: { method: "sobol", points: 8 },
        seeds: 2,
      },
      "moat sweep",
      "x",
    );
    expect(definition.sample).toEqual({ method: "sobol", points: 8 });
    const plan = await planStudy(definition, "moat sweep");
    expect(plan.points).toHaveLength(8);
    expect(plan.runCount).toBe(16);
    const unit = sobolPoints(8, 2);
    plan.points.forEach((point, p) => {
      expect(Math.log10(point["regime.thresholdFlop"] as number)).toBeCloseTo(24 + 4 * unit[p][0], 10);
      expect(point["regime.complianceCosts.scale"]).toBeCloseTo(0.5 + 2 * unit[p][1], 12);
    });
    // the first point is the lower corner exactly, the second the centre
    expect(plan.points[0]).toEqual({ "regime.thresholdFlop": 1e24, "regime.complianceCosts.scale": 0.5 });
    expect(plan.points[1]["regime.complianceCosts.scale"]).toBe(1.5);
    expect(plan.manifest.study.sample).toEqual({ method: "sobol", points: 8 });
  });

  it("need a power of two of points and ranges, not lists", () => {
    const base = { type: "sweep" as const, scenario: TINY_LICENSING, seeds: 1 };
    expect(problemsOf(() => normalizeStudy({ ...base, vary: { "regime.thresholdFlop": { min: 1e24, max: 1e28 } }, sample: { method: "sobol", points: 100 } }, "f.yaml", "x"))).toEqual([
      "f.yaml: sample.points: expected a power of two for sobol (Sobol' points are balanced in blocks of 2^k), got 100; try 128",
    ]);
    expect(problemsOf(() => normalizeStudy({ ...base, vary: { "regime.thresholdFlop": [1e25, 1e26] }, sample: { method: "sobol", points: 4 } }, "f.yaml", "x"))).toEqual([
      "f.yaml: vary: expected ranges (min:max) for Sobol' sampling, got lists for regime.thresholdFlop",
    ]);
  });

  it("run from the command line and record the points in the manifest", async () => {
    const out = tempDir();
    const args = ["sweep", TINY_LICENSING, "--vary", "regime.thresholdFlop=1e24:1e28", "--sample", "sobol", "--points", "4", "--seeds", "1"];
    const result = await moat(...args, "--set", "periods=2", "--out", out, "--name", "sobol", "--quiet", "--workers", "1");
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const manifest = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8"));
    expect(manifest.study.sample).toEqual({ method: "sobol", points: 4 });
    const flops = manifest.study.points.map((point: Record<string, number>) => Math.log10(point["regime.thresholdFlop"]));
    sobolPoints(4, 1).forEach(([u], p) => expect(flops[p]).toBeCloseTo(24 + 4 * u, 10));
  });

  it("plan Saltelli's design: N (d + 2) points in SALib's row order, the same as saltelliPoints", async () => {
    const vary = { "regime.thresholdFlop": { min: 1e24, max: 1e28 }, "regime.complianceCosts.scale": { min: 0.5, max: 2.5 } };
    const definition = normalizeStudy({ type: "sweep", scenario: TINY_LICENSING, vary, sample: { method: "saltelli", points: 4 }, seeds: 1 }, "moat sweep", "x");
    const plan = await planStudy(definition, "moat sweep");
    expect(plan.points).toHaveLength(4 * (2 + 2));
    const ranges: RangeParameter[] = [
      { path: "regime.thresholdFlop", min: 1e24, max: 1e28, scale: "log", integer: false },
      { path: "regime.complianceCosts.scale", min: 0.5, max: 2.5, scale: "linear", integer: false },
    ];
    expect(plan.manifest.study.vary).toEqual(ranges);
    expect(plan.points).toEqual(saltelliPoints(ranges, 4));
    // rows 1 and 2 of each block are A with one column from B: they share the other column with A
    const unit = saltelliUnitRows(2, 4);
    expect(unit[1][1]).toBe(unit[0][1]);
    expect(plan.points[1]["regime.complianceCosts.scale"]).toBe(plan.points[0]["regime.complianceCosts.scale"]);
    const problems = problemsOf(() => normalizeStudy({ type: "sweep", scenario: TINY_LICENSING, vary, sample: { method: "saltelli", points: 48 }, seeds: 1 }, "f.yaml", "x"));
    expect(problems).toEqual(["f.yaml: sample.points: expected a power of two for saltelli (Sobol' points are balanced in blocks of 2^k), got 48; try 64"]);
  });
});
