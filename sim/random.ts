// All randomness flows from seedrandom streams named after their purpose and derived from the run
// seed, so that a new draw in one module (or for one firm) never shifts the numbers of another.
import seedrandom from "seedrandom";

/** A uniform [0, 1) generator. */
export type Stream = () => number;

/** stream(seed, name) = seedrandom("moat/<seed>/<name>"): independent, reproducible, named. */
export function streamFor(seed: number, name: string): Stream {
  const prng = seedrandom(`moat/${seed}/${name}`);
  return () => prng.quick();
}

/** streamFor(seed, name), seeded on its first draw: the same numbers, without the cost of seeding a stream that is never drawn from. */
export function lazyStreamFor(seed: number, name: string): Stream {
  let stream: Stream | null = null;
  return () => (stream ??= streamFor(seed, name))();
}

/** Poisson(lambda) by inversion of the CDF: P(k) = e^-lambda lambda^k / k!. */
export function poissonDraw(rng: Stream, lambda: number): number {
  if (lambda <= 0) return 0;
  const u = rng();
  let k = 0;
  let p = Math.exp(-lambda);
  let cdf = p;
  while (u > cdf && k < 10_000) {
    k += 1;
    p *= lambda / k;
    cdf += p;
  }
  return k;
}

/** Standard Gumbel draw: -ln(-ln U); the logit choice is argmax(v_a + scale * gumbel_a). */
export function gumbelDraw(rng: Stream): number {
  const u = Math.min(Math.max(rng(), 1e-300), 1 - 1e-16);
  return -Math.log(-Math.log(u));
}

/** Uniform draw in [lo, hi]. */
export function uniformDraw(rng: Stream, lo: number, hi: number): number {
  return lo + (hi - lo) * rng();
}
