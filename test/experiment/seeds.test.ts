import { describe, expect, it } from "vitest";
import { MAX_SEED, deriveSeeds } from "../../sim/experiment/seeds.js";

describe("deriveSeeds", () => {
  it("is a deterministic function of the master seed", () => {
    expect(deriveSeeds(1, 50)).toEqual(deriveSeeds(1, 50));
    expect(deriveSeeds(1, 50)).not.toEqual(deriveSeeds(2, 50));
  });

  it("extends as a prefix: more replicates keep the first seeds", () => {
    expect(deriveSeeds(7, 100).slice(0, 20)).toEqual(deriveSeeds(7, 20));
  });

  it("gives distinct whole seeds in the scenario seed range", () => {
    const seeds = deriveSeeds(3, 5000);
    expect(new Set(seeds).size).toBe(5000);
    for (const s of seeds) expect(Number.isInteger(s) && s >= 0 && s <= MAX_SEED).toBe(true);
  });

  it("refuses a bad master seed", () => {
    expect(() => deriveSeeds(-1, 3)).toThrow(/master seed/);
    expect(() => deriveSeeds(1.5, 3)).toThrow(/master seed/);
  });
});
