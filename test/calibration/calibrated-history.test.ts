// The calibrated model against the data in 2024 (the last year of the record): each moment's mean
// over 20 seeds of scenarios/calibration/history-calibrated.yaml is within the tolerance
// sim/calibration/tolerances.ts states, except the two shares docs/CALIBRATION.md names as the
// fit's misses; and the same check fails at a corner of the priors, so it can fail.
import { describe, expect, it } from "vitest";
import { compareMoments } from "../../sim/calibration/compare.js";
import { readEpochModels } from "../../sim/calibration/data.js";
import { releaseOf } from "../../sim/calibration/epoch.js";
import { MOMENTS, targetMoments, type MomentId } from "../../sim/calibration/moments.js";
import { simulatedMoments } from "../../sim/calibration/simulated.js";
import { withinTolerance } from "../../sim/calibration/tolerances.js";
import { deriveSeeds } from "../../sim/experiment/seeds.js";
import { loadScenario } from "../../sim/scenario/load.js";
import { join } from "node:path";
import { REPO } from "../experiment/helpers.js";

const CALIBRATED = join(REPO, "scenarios", "calibration", "history-calibrated.yaml");
/** The 2024 moments the calibrated model does not reproduce (docs/CALIBRATION.md, "What the fit misses"). */
const KNOWN_MISSES: MomentId[] = ["open_weight_share_1e24", "outside_us_share_1e24"];
const data = targetMoments(readEpochModels(join(REPO, "data", "epoch-models-2018-2024.csv")).map(releaseOf), [2024]);

async function verdicts2024(ref: string, overrides: Record<string, unknown> = {}): Promise<Map<MomentId, boolean | null>> {
  const { scenario } = await loadScenario(ref, { overrides });
  const runs = deriveSeeds(scenario.seed, 20).map((seed) => simulatedMoments(scenario, seed));
  const rows = compareMoments(data, runs, [2024]);
  return new Map(rows.map((r) => [r.moment, r.data === null || r.seeds === 0 ? null : withinTolerance(r.moment, r.mean, r.data)]));
}

describe("the calibrated history in 2024", () => {
  it("is within the stated tolerance of the data for every moment compared but the stated misses", async () => {
    const verdicts = await verdicts2024(CALIBRATED);
    expect([...verdicts.keys()]).toEqual(MOMENTS.map((m) => m.id));
    const misses = [...verdicts].filter(([, ok]) => ok === false).map(([id]) => id);
    expect(misses).toEqual(KNOWN_MISSES);
    expect(verdicts.get("largest_training_cost_usd")).toBeNull();
    expect([...verdicts.values()].filter((ok) => ok === true).length).toBe(7);
  });

  it("fails the same check at a corner of the priors (slow growth, no entry)", async () => {
    const verdicts = await verdicts2024(CALIBRATED, {
      "technology.frontierComputeGrowthPerYear": 3,
      "kinds.frontier-lab.arrivalsPerYear": 0,
      "kinds.startup.arrivalsPerYear": 0,
      "kinds.foreign.arrivalsPerYear": 0,
    });
    const misses = [...verdicts].filter(([, ok]) => ok === false).map(([id]) => id);
    expect(misses.length).toBeGreaterThan(KNOWN_MISSES.length);
    expect(misses).toContain("organizations_1e23");
  });
});
