// Time conversions. The period is the model's unit of time (periodsPerYear per year, 4 by default);
// parameters are given per year or in quarters and converted here.

/** periods = round(quarters * periodsPerYear / 4), at least 0 */
export function quartersToPeriods(quarters: number, periodsPerYear: number): number {
  return Math.max(0, Math.round((quarters * periodsPerYear) / 4));
}

/** per-period probability from a per-year one: 1 - (1 - p)^(1 / periodsPerYear) */
export function perPeriodProbability(perYear: number, periodsPerYear: number): number {
  return 1 - Math.pow(1 - perYear, 1 / periodsPerYear);
}
