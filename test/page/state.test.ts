import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CONTROLS, SEEDS, positionValue, type ControlValue } from "../../sim/page/controls.js";
import { decodeState, encodeState, linkNumber, type WhatIfState } from "../../sim/page/state.js";

const presets = ["baseline", "licensing-era", "teaching/01-first-look"];

const changedArbitrary = fc.record(
  Object.fromEntries(
    CONTROLS.map((control) => {
      if (control.type === "toggle") return [control.id, fc.boolean()];
      const steps = Math.round((control.max - control.min) / control.step);
      return [control.id, fc.integer({ min: 0, max: steps }).map((i) => positionValue(control, control.min + i * control.step))];
    }),
  ) as Record<string, fc.Arbitrary<ControlValue>>,
  { requiredKeys: [] },
);

const stateArbitrary: fc.Arbitrary<WhatIfState> = fc
  .record({
    preset: fc.constantFrom(...presets),
    seeds: fc.integer({ min: SEEDS.min, max: SEEDS.max }),
    masterSeed: fc.option(fc.integer({ min: 0, max: 2 ** 31 - 1 }), { nil: undefined }),
    changed: changedArbitrary,
  })
  .map((s) => {
    const state: WhatIfState = { preset: s.preset, seeds: s.seeds, changed: s.changed as Record<string, ControlValue> };
    if (s.masterSeed !== undefined) state.masterSeed = s.masterSeed;
    return state;
  });

describe("shared links", () => {
  it("restore the state they were made from", () => {
    fc.assert(
      fc.property(stateArbitrary, (state) => {
        const { state: back, problems } = decodeState(`?${encodeState(state)}`, presets, "licensing-era");
        expect(problems).toEqual([]);
        expect(back).toEqual(state);
      }),
      { numRuns: 300 },
    );
  });

  it("are short and readable: preset, seeds, then only the moved controls", () => {
    expect(encodeState({ preset: "licensing-era", seeds: 20, changed: { owban: true, threshold: 1e25, audit: null } })).toBe(
      "preset=licensing-era&seeds=20&threshold=1e25&audit=off&owban=on",
    );
    expect(encodeState({ preset: "teaching/01-first-look", seeds: 5, changed: {} })).toBe("preset=teaching/01-first-look&seeds=5");
    expect(linkNumber(3.16e26)).toBe("3.16e26");
    expect(linkNumber(0.002)).toBe("0.002");
  });

  it("never throw on a damaged link, and say what they repaired", () => {
    fc.assert(
      fc.property(fc.string(), (query) => {
        const { state } = decodeState(query, presets, "licensing-era");
        expect(presets).toContain(state.preset);
        expect(state.seeds).toBeGreaterThanOrEqual(SEEDS.min);
        expect(state.seeds).toBeLessThanOrEqual(SEEDS.max);
      }),
    );
    const { state, problems } = decodeState("?preset=nope&seeds=999&threshold=1e40&fee=abc&owban=maybe&colour=red", presets, "licensing-era");
    expect(state).toEqual({ preset: "licensing-era", seeds: SEEDS.max, changed: { threshold: 1e28 } });
    expect(problems).toEqual([
      'preset: expected one of baseline, licensing-era, teaching/01-first-look, got "nope"; showing licensing-era',
      'fee: expected a number, got "abc"',
      'owban: expected on or off, got "maybe"',
      "colour: not a control of this page; ignored",
    ]);
  });

  it("read the plus sign of an unescaped exponent as the query-string space it becomes", () => {
    // "1e+25" typed into a link arrives as "1e 25": not a number, reported rather than misread
    const { state, problems } = decodeState("?threshold=1e+25", presets, "licensing-era");
    expect(state.changed).toEqual({});
    expect(problems).toHaveLength(1);
    expect(decodeState("?threshold=1e%2B25", presets, "licensing-era").state.changed).toEqual({ threshold: 1e25 });
  });
});
