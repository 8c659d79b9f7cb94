// The simulated side of the calibration: the models a run releases, as the same ModelRelease records
// the observed data become (sim/calibration/epoch.ts), so that every moment is computed by one
// function from both. Portable: no Node-only imports.
//
// A release is a model that appears on sale in the period it was released; the models of the
// initial roster are the world as it stands at the start, not releases of the run, and leaked
// copies are not releases. The developer is the firm; "outside the US" is a firm located outside
// the scenario's home jurisdiction when it releases.
import { stepPeriod } from "../engine.js";
import { createWorld } from "../world.js";
import type { Scenario } from "../scenario/schema.js";
import type { FirmState, ModelState, World } from "../state.js";
import { costPerFlopUsd } from "../technology.js";
import { targetMoments, type ModelRelease, type MomentRow } from "./moments.js";

/** Calendar year of a period: startYear + floor(period / periodsPerYear). */
export function calendarYearOf(scenario: Scenario, period: number): number {
  return Math.floor(scenario.startYear + period / scenario.periodsPerYear);
}

// cost = FLOP x cost per FLOP at the start of the run x the kind's multiplier (what startTraining in sim/period/actions.ts charges)
export function trainingRunCostUsd(scenario: Scenario, firm: FirmState, trainingFlop: number, startPeriod: number): number {
  return trainingFlop * costPerFlopUsd(scenario.technology, startPeriod / scenario.periodsPerYear) * firm.kind.trainingCostMultiplier;
}

/** A simulated release: the data's record plus the releasing firm's kind (the data have no kinds). */
export interface SimulatedRelease extends ModelRelease {
  kind: string;
}

/** The record of one model a firm released in period `period`, whose training run started in `startPeriod`. */
export function simulatedRelease(world: World, firm: FirmState, model: ModelState, startPeriod: number): SimulatedRelease {
  const { scenario } = world;
  return {
    kind: firm.kindId,
    year: calendarYearOf(scenario, model.releasedPeriod),
    developer: `firm ${firm.id}`,
    trainingFlop: model.trainingFlop,
    openWeights: model.open,
    outsideUs: firm.jurisdiction !== scenario.homeJurisdiction,
    trainingCostUsd: trainingRunCostUsd(scenario, firm, model.trainingFlop, startPeriod),
  };
}

/** What a run released, with the world at its end. */
export interface ReleaseLog {
  releases: SimulatedRelease[];
  world: World;
}

/**
 * Run the scenario with one seed, period by period as `runWorld` in sim/simulate.ts does, and
 * record each period's releases (a firm keeps only its newest models on sale, so the end state
 * alone does not hold them).
 */
export function simulateReleases(scenario: Scenario, seed: number): ReleaseLog {
  const world = createWorld(scenario, seed);
  const atStart = new Set(world.firms.flatMap((f) => f.models.map((m) => m.id)));
  // start period of each firm's run in progress: a run is released in a later period than it starts
  const runStart = new Map<number, number>();
  const releases: SimulatedRelease[] = [];
  for (let t = 0; t < scenario.periods; t++) {
    world.period = t;
    stepPeriod(world);
    for (const firm of world.firms) {
      for (const model of firm.models) {
        if (model.releasedPeriod !== t || atStart.has(model.id)) continue;
        const start = runStart.get(firm.id);
        if (start === undefined) throw new Error(`period ${t}: ${firm.name} released a model with no training run seen to start`);
        releases.push(simulatedRelease(world, firm, model, start));
      }
      if (firm.training && firm.training.startPeriod === t) runStart.set(firm.id, t);
    }
  }
  return { releases, world };
}

/** The calendar years a scenario covers completely (a year cut short by the run's end is left out). */
export function fullYearsOf(scenario: Scenario): number[] {
  const first = Math.ceil(scenario.startYear);
  const end = scenario.startYear + scenario.periods / scenario.periodsPerYear;
  const years: number[] = [];
  for (let y = first; y + 1 <= end + 1e-9; y++) years.push(y);
  return years;
}

/** The target moments of one simulated run, over the scenario's full years. */
export function simulatedMoments(scenario: Scenario, seed: number): MomentRow[] {
  return targetMoments(simulateReleases(scenario, seed).releases, fullYearsOf(scenario));
}
