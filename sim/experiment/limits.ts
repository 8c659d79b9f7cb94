// How large a study may be, checked before anything runs or is written, with the reason in the
// message. The limits follow from how the outputs are made: every run of a study is read back
// into memory to write runs.csv/.parquet and the summary statistics, so memory grows with
// runs x periods: 200,000 run-periods with every metric peaked at 1.7 GB (docs/RELIABILITY.md has
// the command), so a study at the limit stays near 8 GB on the 24 GB machines moat targets.

/** Seeds per arm and point: beyond this the standard error of a mean (spread / sqrt(n)) no longer moves in any reported digit. */
export const MAX_SEEDS = 100_000;
/** Runs in one study (arms x points x seeds). */
export const MAX_RUNS = 1_000_000;
/** Run-periods in one study (runs x periods): the rows of every metric in runs.csv, held in memory to write the tables. */
export const MAX_RUN_PERIODS = 1_000_000;

const thousands = (n: number) => n.toLocaleString("en-US");

export interface StudySize {
  arms: number;
  points: number;
  seeds: number;
  /** the longest arm's periods */
  periods: number;
}

/** One line per limit the study exceeds, each with the limit, the reason and what to do instead. */
export function studySizeProblems(where: string, size: StudySize): string[] {
  const problems: string[] = [];
  const runs = size.arms * size.points * size.seeds;
  if (size.seeds > MAX_SEEDS)
    problems.push(
      `${where}: seeds: expected at most ${thousands(MAX_SEEDS)} seeds, got ${thousands(size.seeds)} (the standard error of a mean shrinks as 1/sqrt(seeds): ${thousands(MAX_SEEDS)} seeds put it at 0.32% of the seed-to-seed spread; for more, run several studies with different --seed)`,
    );
  else if (runs > MAX_RUNS)
    problems.push(
      `${where}: expected at most ${thousands(MAX_RUNS)} runs in one study, got ${thousands(runs)} (${size.arms} arms x ${size.points} points x ${thousands(size.seeds)} seeds; every run is read back to write the tables): use fewer seeds or points, or split the study`,
    );
  else if (runs * size.periods > MAX_RUN_PERIODS)
    problems.push(
      `${where}: expected at most ${thousands(MAX_RUN_PERIODS)} run-periods (runs x periods) in one study, got ${thousands(runs * size.periods)} (${thousands(runs)} runs x ${size.periods} periods; the tables are assembled in memory: 200,000 run-periods with every metric took 1.7 GB): use fewer seeds, points or periods, keep fewer metrics with --metrics, or split the study`,
    );
  return problems;
}
