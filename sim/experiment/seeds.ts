// Run seeds of a study, derived from one master seed. Portable (no Node imports).
//
// seed_i is the i-th draw of the seedrandom stream named "moat-study-seeds:<master>", scaled to a
// whole number in [0, 2^31 - 1] (the range of a scenario seed); a draw equal to an earlier seed is
// skipped so the seeds are distinct. The list is a prefix sequence: asking for more replicates
// keeps the first ones, so a study extended from 20 to 100 seeds reuses its first 20 runs' seeds.
import seedrandom from "seedrandom";

export const MAX_SEED = 2 ** 31 - 1;

export function deriveSeeds(masterSeed: number, count: number): number[] {
  if (!Number.isInteger(masterSeed) || masterSeed < 0 || masterSeed > MAX_SEED)
    throw new RangeError(`deriveSeeds: master seed must be a whole number in 0..${MAX_SEED}, got ${masterSeed}`);
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`deriveSeeds: count must be a whole number >= 0, got ${count}`);
  const draw = seedrandom(`moat-study-seeds:${masterSeed}`);
  const seen = new Set<number>();
  const seeds: number[] = [];
  while (seeds.length < count) {
    const seed = Math.floor(draw() * (MAX_SEED + 1));
    if (seen.has(seed)) continue;
    seen.add(seed);
    seeds.push(seed);
  }
  return seeds;
}
