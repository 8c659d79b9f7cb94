// The by-kind reading of a year's large releases: counts per run and pooled shares, by hand.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { releasesByKind } from "../../sim/calibration/by-kind.js";
import { simulateReleases, type SimulatedRelease } from "../../sim/calibration/simulated.js";
import { deriveSeeds } from "../../sim/experiment/seeds.js";
import { loadScenario } from "../../sim/scenario/load.js";

const CALIBRATION_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "scenarios", "calibration");

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

const calibrated = (await loadScenario(join(CALIBRATION_DIR, "history-calibrated.yaml"))).scenario;
const tenth = (await loadScenario(join(CALIBRATION_DIR, "history-demand-tenth.yaml"))).scenario;

describe("where the 2024 misses come from (the history's demand)", () => {
  const seeds = deriveSeeds(1, 10);
  const kinds = Object.keys(calibrated.kinds);
  const byKind = (scenario: typeof calibrated) => releasesByKind(seeds.map((seed) => simulateReleases(scenario, seed).releases), kinds, 2024, 1e24);
  const pooledOpen = (rows: ReturnType<typeof byKind>) => {
    const n = rows.reduce((sum, r) => sum + r.perRun.mean, 0);
    return rows.reduce((sum, r) => sum + (Number.isNaN(r.openShare) ? 0 : r.openShare * r.perRun.mean), 0) / n;
  };

  it("with a tenth of the usage per buyer, startups train fewer large runs and a larger share of large models is open", () => {
    const full = byKind(calibrated);
    const small = byKind(tenth);
    const startups = (rows: typeof full) => rows.find((r) => r.kind === "startup")!.perRun.mean;
    expect(startups(small)).toBeLessThan(startups(full) / 2);
    expect(pooledOpen(small)).toBeGreaterThan(pooledOpen(full) + 0.1);
  });
});
