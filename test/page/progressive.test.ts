// Progressive drawing's contracts: runs go out seed by seed; a partial draw uses only seeds whose
// every arm is in (paired, as the final comparison is); with every seed in, the page's arms and
// tables are exactly the CLI's comparison (so the final draw, the CSV and the readout are those of
// a non-progressive update); a partial draw's statistics for the metrics it shows are those of a
// run of that many seeds.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compareWithoutRegime } from "../../sim/api.js";
import { deriveSeeds } from "../../sim/experiment/seeds.js";
import type { MetricRow } from "../../sim/output.js";
import { readScenarioFiles } from "../../sim/page/app/build.js";
import {
  PARTIAL_REDRAW_MS,
  armRunsOn,
  completeSeeds,
  dispatchOrder,
  drawnMarker,
  nextPartialDrawAt,
  onlyMetrics,
  partialStatus,
  remainingRunMs,
  worthRedrawing,
} from "../../sim/page/progressive.js";
import { NO_REGIME_ARM, buildWhatIf, listPresets, whatIfArms, whatIfTables, type WhatIf } from "../../sim/page/whatif.js";
import { READOUT_METRICS, readoutLines } from "../../sim/report/readout.js";
import { simulate } from "../../sim/simulate.js";

const files = readScenarioFiles();
const presets = listPresets(files);

describe("dispatch order and complete seeds", () => {
  it("goes seed by seed, every arm of a seed together", () => {
    expect(dispatchOrder(2, 3)).toEqual([
      { arm: 0, seed: 0 },
      { arm: 1, seed: 0 },
      { arm: 0, seed: 1 },
      { arm: 1, seed: 1 },
      { arm: 0, seed: 2 },
      { arm: 1, seed: 2 },
    ]);
  });

  it("a seed is complete when every arm's run is in, whatever order they came in", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 12 }), fc.array(fc.boolean(), { minLength: 36, maxLength: 36 }), (arms, seeds, arrived) => {
        const runs = dispatchOrder(arms, seeds).map((_, i) => (arrived[i] ? `run ${i}` : undefined));
        const complete = completeSeeds(runs, arms, seeds);
        for (let seed = 0; seed < seeds; seed++) {
          const all = Array.from({ length: arms }, (_, arm) => runs[seed * arms + arm] !== undefined).every(Boolean);
          expect(complete.includes(seed)).toBe(all);
        }
        expect([...complete].sort((a, b) => a - b)).toEqual(complete);
      }),
    );
    expect(() => completeSeeds([undefined], 2, 1)).toThrow(/expected 2 run slots \(2 arms x 1 seeds\), got 1/);
  });

  it("arms' runs on chosen seeds are in seed order, and refuse a seed not yet in", () => {
    const arms = [
      { name: "with", scenario: "s" },
      { name: "without", scenario: "s" },
    ];
    const runs = ["w0", "n0", undefined, "n1", "w2", "n2"];
    expect(armRunsOn(arms, [11, 22, 33], runs, [0, 2])).toEqual([
      { name: "with", scenario: "s", seeds: [11, 33], runs: ["w0", "w2"] },
      { name: "without", scenario: "s", seeds: [11, 33], runs: ["n0", "n2"] },
    ]);
    expect(() => armRunsOn(arms, [11, 22, 33], runs, [1])).toThrow(/seed 22 of arm with has not arrived/);
  });
});

/** licensing-era with the licensing line moved, shortened to 12 quarters so the test runs fast. */
function shortWhatIf(): WhatIf {
  const whatIf = buildWhatIf(files, presets, { preset: "licensing-era", seeds: 3, changed: { threshold: 3.16e25 } });
  const scenario = { ...whatIf.scenario, periods: 12 };
  return { ...whatIf, scenario, noRegime: { ...scenario, regime: null } };
}

/** The runs of an update in dispatch order, as the page's workers return them. */
function dispatchedRuns(whatIf: WhatIf, seeds: number[]): MetricRow[][] {
  const arms = whatIfArms(whatIf);
  return dispatchOrder(arms.length, seeds.length).map((slot) => simulate(arms[slot.arm].scenario, seeds[slot.seed], { recordFirms: false }).metrics);
}

describe("the final and the partial draws' statistics", () => {
  const whatIf = shortWhatIf();
  const arms = whatIfArms(whatIf);
  const labels = arms.map((arm) => ({ name: arm.name, scenario: whatIf.scenario.name }));
  const seeds = deriveSeeds(whatIf.scenario.seed, 3);
  const runs = dispatchedRuns(whatIf, seeds);

  it("names the arms as the charts say them: the what-if arm, then the arm without the regime", () => {
    expect(arms.map((arm) => arm.name)).toEqual(["licensing-era what-if", NO_REGIME_ARM]);
    expect(arms[1].scenario.regime).toBeNull();
  });

  it("with every seed in, the page's arms and tables are the CLI's comparison of the same scenario", () => {
    const pageArms = armRunsOn(labels, seeds, runs, [0, 1, 2]);
    const cli = compareWithoutRegime(whatIf.scenario, { seeds: 3 });
    expect(pageArms[0]).toEqual({ ...cli.arms[0], name: "licensing-era what-if" });
    expect(pageArms[1]).toEqual(cli.arms[1]);
    const tables = whatIfTables(whatIf, pageArms, cli.tables.moatVersion);
    const renamed = (name: string) => (name === whatIf.scenario.name ? "licensing-era what-if" : name);
    expect(tables.summary).toEqual(cli.tables.summary.map((row) => ({ ...row, arm: renamed(row.arm) })));
    expect(tables.differences).toEqual(cli.tables.differences.map((row) => ({ ...row, arm: renamed(row.arm) })));
    expect({ ...tables, summary: [], differences: [], arms: [] }).toEqual({ ...cli.tables, summary: [], differences: [], arms: [] });
  });

  it("a partial draw's statistics for the metrics it shows are those of a run of the seeds in", () => {
    const shown = ["hhi_usage", "usage_share", ...READOUT_METRICS];
    const partialRuns = runs.map((run, i) => (i === 2 || i === 3 ? undefined : onlyMetrics(run, shown)));
    const chosen = completeSeeds(partialRuns, 2, 3);
    expect(chosen).toEqual([0, 2]);
    const partial = whatIfTables(whatIf, armRunsOn(labels, seeds, partialRuns, chosen), "test");
    const full = whatIfTables(whatIf, armRunsOn(labels, seeds, runs, chosen), "test");
    expect(partial.seedCount).toBe(2);
    expect(partial.seeds).toEqual([seeds[0], seeds[2]]);
    const keep = (metric: string) => metric === "hhi_usage" || metric.startsWith("usage_share.") || READOUT_METRICS.includes(metric);
    expect(partial.summary.some((row) => row.metric.startsWith("usage_share."))).toBe(true);
    expect(partial.summary).toEqual(full.summary.filter((row) => keep(row.metric)));
    expect(partial.differences).toEqual(full.differences.filter((row) => keep(row.metric)));
    expect(readoutLines(partial, arms[0].name, NO_REGIME_ARM)).toEqual(readoutLines(full, arms[0].name, NO_REGIME_ARM));
  });
});

describe("redraw pace and words", () => {
  it("draws the first batch at once, then pauses PARTIAL_REDRAW_MS after each draw, or as long as the draw took", () => {
    expect(nextPartialDrawAt(undefined)).toBe(-Infinity);
    expect(nextPartialDrawAt({ endedAtMs: 1000, tookMs: 100 })).toBe(1000 + PARTIAL_REDRAW_MS);
    expect(nextPartialDrawAt({ endedAtMs: 1000, tookMs: 600 })).toBe(1600);
    expect(PARTIAL_REDRAW_MS).toBeGreaterThanOrEqual(150);
    expect(PARTIAL_REDRAW_MS).toBeLessThanOrEqual(250);
  });

  it("redraws provisionally only when the redraw would stay on the screen a pause before the final draw", () => {
    // 5 runs in over 500 ms: 100 ms a run, 15 left
    expect(remainingRunMs(500, 5, 15)).toBe(1500);
    expect(remainingRunMs(500, 0, 15)).toBe(Infinity);
    expect(remainingRunMs(500, 20, 0)).toBe(0);
    expect(worthRedrawing(1500, 300)).toBe(true);
    expect(worthRedrawing(300 + PARTIAL_REDRAW_MS, 300)).toBe(false);
    expect(worthRedrawing(200, 300)).toBe(false);
    expect(worthRedrawing(0, 0)).toBe(false);
  });

  it("says a partial draw is provisional, with how many seeds of how many", () => {
    expect(partialStatus(1, 20)).toBe("Provisional: 1 seed of 20 drawn; the lines, bands and numbers will move as the other seeds finish.");
    expect(partialStatus(6, 20)).toMatch(/^Provisional: 6 seeds of 20 drawn;/);
    expect(drawnMarker(6, 20)).toBe("partial: 6 of 20");
    expect(drawnMarker(20, 20)).toBe("final: 20 of 20");
  });
});
