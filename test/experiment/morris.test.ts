import { describe, expect, it } from "vitest";
import { morrisEffects, morrisPoints, morrisStep, morrisUnitRows } from "../../sim/experiment/morris.js";
import type { RangeParameter } from "../../sim/experiment/sampling.js";

describe("Morris trajectories", () => {
  it("move one parameter per step by exactly Delta on the p-level grid, each parameter once per trajectory", () => {
    const d = 6;
    const levels = 4;
    const delta = morrisStep(levels);
    expect(delta).toBeCloseTo(2 / 3, 15);
    const rows = morrisUnitRows(d, 30, { levels, seed: 2 });
    expect(rows).toHaveLength(30 * (d + 1));
    const grid = [0, 1 / 3, 2 / 3, 1];
    for (const row of rows) for (const x of row) expect(grid.some((g) => Math.abs(g - x) < 1e-12)).toBe(true);
    for (let t = 0; t < 30; t++) {
      const moved: number[] = [];
      for (let k = 1; k <= d; k++) {
        const before = rows[t * (d + 1) + k - 1];
        const after = rows[t * (d + 1) + k];
        const changed = after.map((x, i) => (x !== before[i] ? i : -1)).filter((i) => i >= 0);
        expect(changed).toHaveLength(1);
        expect(Math.abs(after[changed[0]] - before[changed[0]])).toBeCloseTo(delta, 12);
        moved.push(changed[0]);
      }
      expect([...moved].sort()).toEqual([0, 1, 2, 3, 4, 5]);
    }
  });

  it("are reproducible from the seed and differ across seeds", () => {
    expect(morrisUnitRows(4, 5, { seed: 1 })).toEqual(morrisUnitRows(4, 5, { seed: 1 }));
    expect(morrisUnitRows(4, 5, { seed: 1 })).not.toEqual(morrisUnitRows(4, 5, { seed: 2 }));
  });

  it("use both directions and every start level", () => {
    const rows = morrisUnitRows(3, 200, { levels: 6, seed: 4 });
    const starts = new Set(rows.filter((_, r) => r % 4 === 0).map((row) => row[0].toFixed(6)));
    // levels 0..5 / 5 with Delta = 3/5: starts at 0, 1/5, 2/5 (going up) and 3/5, 4/5, 1 (going down)
    expect([...starts].sort()).toEqual(["0.000000", "0.200000", "0.400000", "0.600000", "0.800000", "1.000000"]);
  });

  it("refuse odd levels and too few trajectories", () => {
    expect(() => morrisUnitRows(3, 10, { levels: 5 })).toThrow(/levels must be an even whole number/);
    expect(() => morrisUnitRows(3, 1)).toThrow(/at least 2 trajectories/);
  });

  it("map onto parameter ranges (log scale included) while the analysis uses the unit rows", () => {
    const parameters: RangeParameter[] = [
      { path: "regime.thresholdFlop", min: 1e24, max: 1e28, scale: "log", integer: false },
      { path: "regime.complianceCosts.scale", min: 0.5, max: 2.5, scale: "linear", integer: false },
    ];
    const { unitRows, points } = morrisPoints(parameters, 4, { seed: 1 });
    expect(points).toHaveLength(unitRows.length);
    points.forEach((point, r) => {
      expect(Math.log10(point["regime.thresholdFlop"] as number)).toBeCloseTo(24 + 4 * unitRows[r][0], 9);
      expect(point["regime.complianceCosts.scale"]).toBeCloseTo(0.5 + 2 * unitRows[r][1], 12);
    });
  });
});

describe("elementary effects", () => {
  it("are the slopes of a linear model exactly: mu = mu* = c_i (per whole range), sigma = 0", () => {
    const c = [10, -4, 0.5, 0];
    const rows = morrisUnitRows(c.length, 12, { seed: 7 });
    const outputs = rows.map((u) => u.reduce((sum, x, i) => sum + c[i] * x, 0));
    const effects = morrisEffects(rows, outputs, ["a", "b", "c", "d"], { resamples: 50 });
    effects.forEach((row, i) => {
      expect(row.mu).toBeCloseTo(c[i], 10);
      expect(row.muStar.estimate).toBeCloseTo(Math.abs(c[i]), 10);
      expect(row.sigma).toBeCloseTo(0, 10);
      expect(row.effects).toHaveLength(12);
    });
  });

  it("tell mu from mu* when effects change sign (Campolongo 2007), and flag interactions by sigma", () => {
    // f = (x1 - 1/2)^2 * 9 + x2 x3: x1's effects cancel in mu but not in mu*; x2 and x3 interact
    const rows = morrisUnitRows(4, 60, { seed: 3 });
    const outputs = rows.map(([x1, x2, x3]) => 9 * (x1 - 0.5) ** 2 + x2 * x3);
    const [e1, e2, e3, e4] = morrisEffects(rows, outputs, ["x1", "x2", "x3", "x4"], { resamples: 100 });
    // x1 steps 0 <-> 2/3 (f1 from 2.25 to 0.25: EE = -3) or 1/3 <-> 1 (0.25 to 2.25: EE = +3), so |EE| = 3
    expect(e1.muStar.estimate).toBeCloseTo(3, 10);
    expect(Math.abs(e1.mu)).toBeLessThan(e1.muStar.estimate);
    expect(e2.sigma).toBeGreaterThan(0.1);
    expect(e3.sigma).toBeGreaterThan(0.1);
    expect(e4.muStar.estimate).toBe(0);
    expect(e4.sigma).toBe(0);
  });

  it("rank the inputs of Sobol's G function (a = 0, 1, 4.5, 9, 99, 99) by mu*, the inert ones last", () => {
    const a = [0, 1, 4.5, 9, 99, 99];
    const g = (u: readonly number[]) => u.reduce((p, x, i) => (p * (Math.abs(4 * x - 2) + a[i])) / (1 + a[i]), 1);
    const rows = morrisUnitRows(a.length, 40, { seed: 11 });
    const effects = morrisEffects(rows, rows.map(g), a.map((_, i) => `x${i + 1}`), { resamples: 200 });
    const muStar = effects.map((row) => row.muStar.estimate);
    for (let i = 0; i < 3; i++) expect(muStar[i], `x${i + 1} above x${i + 2}`).toBeGreaterThan(muStar[i + 1]);
    expect(Math.max(muStar[4], muStar[5])).toBeLessThan(muStar[3]);
    // the interval of the most influential input lies above that of an inert one
    expect(effects[0].muStar.low).toBeGreaterThan(effects[5].muStar.high);
    for (const row of effects) expect(row.muStar.low <= row.muStar.estimate && row.muStar.estimate <= row.muStar.high).toBe(true);
  });

  it("refuse a design whose steps change several parameters, or that does not match the outputs", () => {
    const rows = morrisUnitRows(2, 2, { seed: 1 });
    expect(() => morrisEffects(rows, [1, 2, 3], ["a", "b"])).toThrow(/6 design rows but 3 outputs/);
    const broken = rows.map((row) => [...row]);
    broken[1] = broken[1].map((x) => 1 - x);
    expect(() => morrisEffects(broken, new Array(6).fill(0), ["a", "b"])).toThrow(/trajectory 0 step 1 changes 2 parameters/);
  });
});
