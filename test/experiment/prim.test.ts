import { describe, expect, it } from "vitest";
import { boxStatistics, cutPoint, describeBox, prim, primData, quasiPValues, type PrimResult } from "../../sim/experiment/prim.js";
import { streamFor } from "../../sim/random.js";

// Ten runs over (a, b), the claim holding in five of them (r1, r2, r4, r6, r9).
const HAND_POINTS = [
  { a: 0.1, b: 0.1 },
  { a: 0.2, b: 0.8 },
  { a: 0.3, b: 0.9 },
  { a: 0.4, b: 0.2 },
  { a: 0.5, b: 0.7 },
  { a: 0.6, b: 0.6 },
  { a: 0.7, b: 0.95 },
  { a: 0.8, b: 0.3 },
  { a: 0.9, b: 0.85 },
  { a: 0.15, b: 0.5 },
];
const HAND_HOLDS = [false, true, true, false, true, false, true, false, false, true];

// Runs uniform in [0,1]^3; the claim holds inside [0.2, 0.6] x [0.5, 1] x [0, 1], and each
// outcome is flipped with probability 5% (noise), from the seedrandom stream of `seed`.
function syntheticBox(seed: number, runs: number): { points: { a: number; b: number; c: number }[]; holds: boolean[] } {
  const draw = streamFor(seed, "test-prim-box");
  const points = [];
  const holds = [];
  for (let r = 0; r < runs; r++) {
    const [a, b, c] = [draw(), draw(), draw()];
    const inside = a >= 0.2 && a <= 0.6 && b >= 0.5;
    const flipped = draw() < 0.05;
    points.push({ a, b, c });
    holds.push(inside !== flipped);
  }
  return { points, holds };
}

describe("box statistics", () => {
  it("count coverage, density and mass as checked by hand", () => {
    const data = primData(HAND_POINTS, HAND_HOLDS, ["a", "b"]);
    // inside a in [0.15, 0.55], b in [0.5, 1]: r1, r2, r4, r9 (limits inclusive), all cases
    expect(boxStatistics(data, { lower: [0.15, 0.5], upper: [0.55, 1] })).toEqual({ coverage: 4 / 5, density: 1, mass: 0.4, runs: 4, cases: 4 });
    // widened to a <= 0.75: adds r5 (no) and r6 (yes)
    expect(boxStatistics(data, { lower: [0.15, 0.5], upper: [0.75, 1] })).toEqual({ coverage: 1, density: 5 / 6, mass: 0.6, runs: 6, cases: 5 });
    expect(boxStatistics(data, { lower: [0, 0], upper: [1, 1] })).toEqual({ coverage: 1, density: 0.5, mass: 1, runs: 10, cases: 5 });
    expect(boxStatistics(data, { lower: [2, 2], upper: [3, 3] }).density).toBeNaN();
  });

  it("need a finite number for every parameter of every run", () => {
    expect(() => primData([{ a: 1 }, { a: "x" }], [true, false], ["a"])).toThrow(/run 1 has a = x; expected a finite number/);
    expect(() => primData([{ a: 1 }], [true, false], ["a"])).toThrow(/1 points but 2 outcomes/);
  });
});

describe("cut points", () => {
  it("fall midway between distinct values, moving past ties (EMA Workbench's quantile)", () => {
    expect(cutPoint([1, 2, 3, 4, 5], 0.25)).toBe(2.5);
    expect(cutPoint([1, 1, 1, 2, 3], 0.25)).toBe(1.5);
    expect(cutPoint([1, 2, 3, 3, 3], 0.75)).toBe(2.5);
    expect(cutPoint([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 0.05)).toBe(1.5);
  });
});

describe("PRIM on a synthetic box", () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    it(`recovers [0.2, 0.6] x [0.5, 1] within 0.05 and leaves c unrestricted (2,000 runs, 5% noise, seed ${seed})`, () => {
      const { points, holds } = syntheticBox(seed, 2000);
      const result = prim(primData(points, holds, ["a", "b", "c"]), { densityThreshold: 0.9 });
      expect(result.selected).not.toBeNull();
      const box = result.trajectory[result.selected!];
      expect(box.restricted).toEqual(["a", "b"]);
      expect(Math.abs(box.limits.lower[0] - 0.2)).toBeLessThan(0.05);
      expect(Math.abs(box.limits.upper[0] - 0.6)).toBeLessThan(0.05);
      expect(Math.abs(box.limits.lower[1] - 0.5)).toBeLessThan(0.05);
      expect(box.limits.upper[1]).toBe(result.fullRange.upper[1]);
      expect(box.limits.lower[2]).toBe(result.fullRange.lower[2]);
      expect(box.limits.upper[2]).toBe(result.fullRange.upper[2]);
      expect(box.density).toBeGreaterThanOrEqual(0.9);
      // the true box holds 0.2 x 0.95 of the runs as cases, of 0.2 x 0.95 + 0.8 x 0.05 overall: coverage 0.83
      expect(box.coverage).toBeGreaterThan(0.75);
      expect(describeBox(result, box.limits)).toMatch(/^holds when a is between 0\.[12]\d* and 0\.[56]\d* and b is at least 0\.[45]\d*$/);
    });
  }

  it("keeps a peeling then pasting trajectory: peels shrink the box and never raise coverage, pastes grow it and raise density", () => {
    const { points, holds } = syntheticBox(1, 2000);
    const result = prim(primData(points, holds, ["a", "b", "c"]));
    const steps = result.trajectory.map((box) => box.step);
    expect(steps[0]).toBe("start");
    expect(steps.lastIndexOf("peel")).toBeLessThan(steps.indexOf("paste") === -1 ? Infinity : steps.indexOf("paste"));
    for (let i = 1; i < result.trajectory.length; i++) {
      const before = result.trajectory[i - 1];
      const box = result.trajectory[i];
      if (box.step === "peel") {
        expect(box.runs).toBeLessThan(before.runs);
        expect(box.coverage).toBeLessThanOrEqual(before.coverage);
        expect(box.density).toBeGreaterThan(before.density);
        for (let j = 0; j < 3; j++) {
          expect(box.limits.lower[j]).toBeGreaterThanOrEqual(before.limits.lower[j]);
          expect(box.limits.upper[j]).toBeLessThanOrEqual(before.limits.upper[j]);
        }
      } else {
        expect(box.runs).toBeGreaterThan(before.runs);
        expect(box.density).toBeGreaterThan(before.density);
      }
      expect(box.mass).toBeGreaterThanOrEqual(0.05);
    }
  });

  it("selects the box of highest coverage among those whose density reaches the threshold", () => {
    const { points, holds } = syntheticBox(2, 2000);
    for (const threshold of [0.5, 0.8, 0.9]) {
      const result = prim(primData(points, holds, ["a", "b", "c"]), { densityThreshold: threshold });
      const eligible = result.trajectory.filter((box) => box.density >= threshold);
      const best = Math.max(...eligible.map((box) => box.coverage));
      expect(result.trajectory[result.selected!].coverage).toBe(best);
      expect(result.trajectory[result.selected!].density).toBeGreaterThanOrEqual(threshold);
    }
  });

  it("selects no box when the claim holds at random, unrelated to the parameters", () => {
    const draw = streamFor(9, "test-prim-noise");
    const points = Array.from({ length: 500 }, () => ({ a: draw(), b: draw() }));
    const holds = points.map(() => draw() < 0.3);
    const result = prim(primData(points, holds, ["a", "b"]), { densityThreshold: 0.95 });
    expect(result.selected).toBeNull();
  });

  it("is deterministic: the same runs give the same trajectory", () => {
    const { points, holds } = syntheticBox(3, 500);
    const data = primData(points, holds, ["a", "b", "c"]);
    expect(JSON.stringify(prim(data))).toBe(JSON.stringify(prim(data)));
  });

  it("refuses alphas outside (0, 1)", () => {
    const data = primData(HAND_POINTS, HAND_HOLDS, ["a", "b"]);
    expect(() => prim(data, { peelAlpha: 0 })).toThrow(/peelAlpha must lie strictly between 0 and 1, got 0/);
    expect(() => prim(data, { densityThreshold: 2 })).toThrow(/densityThreshold must lie in \[0, 1\]/);
  });
});

describe("quasi-p-values", () => {
  it("are the binomial tail of the box's cases at the density of the box with one limit dropped (checked by hand)", () => {
    const data = primData(HAND_POINTS, HAND_HOLDS, ["a", "b"]);
    const full = { lower: [0.1, 0.1], upper: [0.9, 0.95] };
    // the box a in [0.15, 0.55], b >= 0.5 holds 4 runs, all cases
    const values = quasiPValues(data, { fullRange: full }, { lower: [0.15, 0.5], upper: [0.55, 0.95] });
    expect(values.map((v) => v.parameter)).toEqual(["a", "b"]);
    // a's upper limit dropped: 7 runs, 5 cases, p' = 5/7, P(X >= 4 | 4, 5/7) = (5/7)^4
    expect(values[0].upper).toBeCloseTo((5 / 7) ** 4, 12);
    // a's lower limit dropped: no run added, p' = 1, so the limit tells nothing: 1
    expect(values[0].lower).toBe(1);
    // b's lower limit dropped: 5 runs, 4 cases, p' = 0.8: 0.8^4
    expect(values[1].lower).toBeCloseTo(0.8 ** 4, 12);
    expect(values[1].upper).toBeUndefined();
  });

  it("are tiny for the true limits of the synthetic box and large for a spurious one", () => {
    const { points, holds } = syntheticBox(1, 2000);
    const data = primData(points, holds, ["a", "b", "c"]);
    const result = prim(data, { densityThreshold: 0.9 });
    const box = result.trajectory[result.selected!];
    const spurious = { lower: [...box.limits.lower], upper: [...box.limits.upper] };
    spurious.lower[2] = 0.1;
    spurious.upper[2] = 0.9;
    const [a, b, c] = quasiPValues(data, result, spurious);
    for (const value of [a.lower!, a.upper!, b.lower!]) expect(value).toBeLessThan(1e-6);
    expect(b.upper).toBeUndefined();
    expect(c.lower!).toBeGreaterThan(0.05);
    expect(c.upper!).toBeGreaterThan(0.05);
  });
});

describe("a box in plain words", () => {
  const result: Pick<PrimResult, "parameters" | "fullRange"> = {
    parameters: ["auditDelayQuarters", "complianceCostScale", "thresholdFlop"],
    fullRange: { lower: [0, 0.5, 1e24], upper: [8, 2.5, 1e28] },
  };

  it("names only the restricted parameters, with at least / at most / between", () => {
    expect(describeBox(result, { lower: [6, 0.5, 1e24], upper: [8, 2.5, 1e28] })).toBe("holds when auditDelayQuarters is at least 6");
    expect(describeBox(result, { lower: [6, 0.5, 1e24], upper: [8, 1.25, 1e28] })).toBe(
      "holds when auditDelayQuarters is at least 6 and complianceCostScale is at most 1.25",
    );
    expect(describeBox(result, { lower: [6, 0.75, 1e25], upper: [8, 1.25, 1e28] })).toBe(
      "holds when auditDelayQuarters is at least 6, complianceCostScale is between 0.75 and 1.25 and thresholdFlop is at least 1e+25",
    );
    expect(describeBox(result, { lower: [0, 0.5, 1e24], upper: [8, 2.5, 1e28] })).toBe("holds across the whole sampled range");
  });

  it("uses the reader's labels and number format", () => {
    const text = describeBox(
      result,
      { lower: [6, 0.5, 1e24], upper: [8, 2.5, 3.2e26] },
      {
        label: (p) => ({ auditDelayQuarters: "the audit length", thresholdFlop: "the threshold" })[p] ?? p,
        format: (p, v) => (p === "thresholdFlop" ? `${v.toExponential(1)} FLOP` : `${v} quarters`),
      },
    );
    expect(text).toBe("holds when the audit length is at least 6 quarters and the threshold is at most 3.2e+26 FLOP");
  });
});
