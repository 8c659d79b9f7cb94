// The by-kind reading of a year's large releases: counts per run and pooled shares, by hand.
import { describe, expect, it } from "vitest";
import { releasesByKind } from "../../sim/calibration/by-kind.js";
import type { SimulatedRelease } from "../../sim/calibration/simulated.js";

const release = (kind: string, year: number, flop: number, open: boolean, outside: boolean): SimulatedRelease => ({
  kind,
  year,
  developer: `firm ${kind}`,
  trainingFlop: flop,
  openWeights: open,
  outsideUs: outside,
  trainingCostUsd: null,
});

describe("releases by kind", () => {
  // run 1: two lab releases (one open), one foreign open, one below the line, one in another year
  // run 2: one foreign closed abroad, one lab closed
  const runs = [
    [release("lab", 2024, 2e24, true, false), release("lab", 2024, 1e24, false, false), release("foreign", 2024, 5e24, true, true), release("startup", 2024, 9e23, false, false), release("lab", 2023, 3e24, true, false)],
    [release("foreign", 2024, 1e25, false, true), release("lab", 2024, 4e24, false, false)],
  ];
  const rows = releasesByKind(runs, ["lab", "startup", "foreign"], 2024, 1e24);
  const row = (kind: string) => rows.find((r) => r.kind === kind)!;

  it("counts each run's releases in the year at or above the line (the line itself included)", () => {
    expect(row("lab").perRun.mean).toBe(1.5); // 2 and 1
    expect(row("foreign").perRun.mean).toBe(1); // 1 and 1
    expect(row("startup").perRun.mean).toBe(0); // below the line
  });

  it("pools the shares over runs; the kinds' shares of releases sum to 1", () => {
    expect(row("lab").openShare).toBeCloseTo(1 / 3, 12);
    expect(row("foreign").openShare).toBe(0.5);
    expect(row("foreign").outsideHomeShare).toBe(1);
    expect(row("lab").outsideHomeShare).toBe(0);
    expect(row("lab").shareOfReleases).toBe(0.6);
    expect(rows.reduce((sum, r) => sum + (Number.isNaN(r.shareOfReleases) ? 0 : r.shareOfReleases), 0)).toBeCloseTo(1, 12);
    expect(row("startup").openShare).toBeNaN(); // no release: undefined, not 0
  });
});
