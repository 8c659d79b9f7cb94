import { describe, expect, it } from "vitest";
import { TechnologySchema } from "../sim/scenario/schema.js";
import { algorithmicEfficiency, capabilityOf, costPerFlopUsd, flopForCapability, frontierCapability, frontierCapabilityGrowthPerYear, frontierTrainingFlop } from "../sim/technology.js";

const tech = TechnologySchema.parse({});

describe("technology trends", () => {
  it("frontier compute grows by the yearly factor; cost per FLOP halves every halving period", () => {
    expect(frontierTrainingFlop(tech, 1) / frontierTrainingFlop(tech, 0)).toBeCloseTo(tech.frontierComputeGrowthPerYear, 12);
    expect(costPerFlopUsd(tech, tech.hardwareCostHalvingYears) / costPerFlopUsd(tech, 0)).toBeCloseTo(0.5, 12);
  });

  it("the compute needed for a fixed capability halves every doubling period (8 months)", () => {
    const months = tech.algorithmicEfficiencyDoublingMonths;
    expect(algorithmicEfficiency(tech, months / 12)).toBeCloseTo(2, 12);
    const k = 27;
    expect(flopForCapability(tech, k, months / 12) / flopForCapability(tech, k, 0)).toBeCloseTo(0.5, 12);
    // and flopForCapability inverts capabilityOf
    expect(capabilityOf(tech, flopForCapability(tech, k, 1.5), 1.5, false)).toBeCloseTo(k, 12);
  });

  it("a fixed FLOP line covers ever more capability (threshold erosion, H7)", () => {
    const line = 1e26;
    const atStart = capabilityOf(tech, line, 0, false);
    const later = capabilityOf(tech, line, 3, false);
    expect(later - atStart).toBeCloseTo(Math.log10(algorithmicEfficiency(tech, 3)), 12);
    expect(later).toBeGreaterThan(atStart);
  });

  it("open weights lag closed ones by the lag in quarters; frontier capability grows at the stated rate", () => {
    const lagYears = tech.openWeightLagQuarters / 4;
    expect(capabilityOf(tech, 1e26, 1, false) - capabilityOf(tech, 1e26, 1, true)).toBeCloseTo(Math.log10(algorithmicEfficiency(tech, lagYears)), 12);
    expect(frontierCapability(tech, 2) - frontierCapability(tech, 1)).toBeCloseTo(frontierCapabilityGrowthPerYear(tech), 12);
  });
});
