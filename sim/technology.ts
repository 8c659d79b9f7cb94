// Technology over time: frontier compute, the cost of a FLOP, algorithmic efficiency, capability
// and serving cost. Time t is in periods from the start; years = t / periodsPerYear.
import type { Technology } from "./scenario/schema.js";

/** C_frontier(t) = C_0 * g^years */
export function frontierTrainingFlop(tech: Technology, years: number): number {
  return tech.frontierTrainingFlopAtStart * Math.pow(tech.frontierComputeGrowthPerYear, years);
}

/** cost per FLOP(t) = cost_0 * 0.5^(years / halving) */
export function costPerFlopUsd(tech: Technology, years: number): number {
  return tech.costPerFlopUsdAtStart * Math.pow(0.5, years / tech.hardwareCostHalvingYears);
}

/** A(t) = 2^(12 years / doublingMonths): effective FLOP per physical FLOP relative to the start */
export function algorithmicEfficiency(tech: Technology, years: number): number {
  return Math.pow(2, (12 * years) / tech.algorithmicEfficiencyDoublingMonths);
}

/** capability = log10(FLOP * A(t - lag)): decades of start-year-equivalent effective compute */
export function capabilityOf(tech: Technology, trainingFlop: number, trainedAtYears: number, open: boolean): number {
  const lagYears = open ? tech.openWeightLagQuarters / 4 : 0;
  return Math.log10(trainingFlop) + Math.log10(algorithmicEfficiency(tech, trainedAtYears - lagYears));
}

/** capability of the frontier run trained at `years` (closed weights) */
export function frontierCapability(tech: Technology, years: number): number {
  return Math.log10(frontierTrainingFlop(tech, years)) + Math.log10(algorithmicEfficiency(tech, years));
}

/** d capability / d year at the frontier = log10(g) + log10(2) * 12 / doublingMonths */
export function frontierCapabilityGrowthPerYear(tech: Technology): number {
  return Math.log10(tech.frontierComputeGrowthPerYear) + (Math.log10(2) * 12) / tech.algorithmicEfficiencyDoublingMonths;
}

/** FLOP a run needs at `years` to reach `capability`: 10^capability / A(t) (threshold erosion, H7) */
export function flopForCapability(tech: Technology, capability: number, years: number): number {
  return Math.pow(10, capability) / algorithmicEfficiency(tech, years);
}

/** c(t, k) = c_0 * (1 - decline)^years * 10^(elasticity * (k - k_frontier(t))): USD per Mtok */
export function servingCostUsdPerMtok(tech: Technology, years: number, capability: number): number {
  return servingCostOnCurve(servingCostCurve(tech, years), capability);
}

/** The serving-cost curve at one date: what c(t, k) shares across models (computed once per date in hot loops). */
export interface ServingCostCurve {
  /** c_0 * (1 - decline)^years: USD per Mtok of a model at the frontier */
  frontierModelUsdPerMtok: number;
  /** k_frontier(t) */
  frontierCapability: number;
  /** elasticity of serving cost to capability (per capability point) */
  serveCostPerCapabilityPoint: number;
}

/** the curve c(t, .) at `years` */
export function servingCostCurve(tech: Technology, years: number): ServingCostCurve {
  return {
    frontierModelUsdPerMtok: tech.inferenceCostUsdPerMtokAtStart * Math.pow(1 - tech.inferenceCostDeclinePerYear, years),
    frontierCapability: frontierCapability(tech, years),
    serveCostPerCapabilityPoint: tech.serveCostPerCapabilityPoint,
  };
}

/** c(t, k) = c_frontier(t) * 10^(elasticity * (k - k_frontier(t))): USD per Mtok, on a curve from servingCostCurve */
export function servingCostOnCurve(curve: ServingCostCurve, capability: number): number {
  return curve.frontierModelUsdPerMtok * Math.pow(10, curve.serveCostPerCapabilityPoint * (capability - curve.frontierCapability));
}
