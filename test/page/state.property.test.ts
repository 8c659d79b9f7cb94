// The page's URL state under hostile links (fast-check): whatever the query string (broken
// percent-escapes, repeated and unknown keys, prototype names, huge or non-finite numbers, control
// characters, very long values), decodeState returns a state the page can run (a known preset,
// seeds and seed in range, only known controls with values their control can take) and at most a
// few short, one-line notes on what it repaired; a link made from any valid state reads back to it.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CONTROLS, SEEDS, positionValue, type ControlValue } from "../../sim/page/controls.js";
import { decodeState, encodeState, type WhatIfState } from "../../sim/page/state.js";

const presets = ["baseline", "licensing-era", "teaching/01-first-look"];
const ids = CONTROLS.map((c) => c.id);

const key = fc.oneof(fc.constantFrom(...ids, "preset", "seeds", "seed", "__proto__", "constructor", "toString", ""), fc.string({ maxLength: 8 }));
const value = fc.oneof(
  fc.constantFrom("on", "off", "1e25", "1e+25", "1e400", "-1e400", "NaN", "Infinity", "-0", "0x10", " 7 ", "", "%", "%zz", "%E0%A4", "%00", "2147483648", "-1", "1.5", "9".repeat(400)),
  fc.string({ maxLength: 12 }),
  fc.double().map(String),
  fc.string({ unit: "binary", maxLength: 6 }).map(encodeURIComponent),
  fc.string({ minLength: 300, maxLength: 2000 }),
);
const hostileQuery = fc
  .array(fc.tuple(key, value, fc.boolean()), { maxLength: 40 })
  .chain((pairs) => fc.constantFrom("", "?", "#").map((lead) => lead + pairs.map(([k, v, raw]) => (raw ? `${k}=${v}` : `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)).join("&")));

/** The values a control can take, as the page would set them. */
function expectValidValue(id: string, got: ControlValue): void {
  const control = CONTROLS.find((c) => c.id === id)!;
  if (control.type === "toggle") {
    expect(typeof got).toBe("boolean");
    return;
  }
  if (got === null) {
    expect(control.offAtMin).toBeDefined();
    return;
  }
  expect(typeof got).toBe("number");
  expect(Number.isFinite(got)).toBe(true);
  const low = positionValue(control, control.min) ?? positionValue(control, control.min + control.step)!;
  const high = positionValue(control, control.max)!;
  expect(got as number).toBeGreaterThanOrEqual(Math.min(low, high) * (1 - 1e-9));
  expect(got as number).toBeLessThanOrEqual(Math.max(low, high) * (1 + 1e-9));
}

describe("the page's URL state under hostile links", () => {
  it("decodes any query to a runnable state with short one-line notes", () => {
    fc.assert(
      fc.property(hostileQuery, (query) => {
        const { state, problems } = decodeState(query, presets, "licensing-era");
        expect(presets).toContain(state.preset);
        expect(Number.isInteger(state.seeds)).toBe(true);
        expect(state.seeds).toBeGreaterThanOrEqual(SEEDS.min);
        expect(state.seeds).toBeLessThanOrEqual(SEEDS.max);
        if (state.masterSeed !== undefined) {
          expect(Number.isInteger(state.masterSeed)).toBe(true);
          expect(state.masterSeed).toBeGreaterThanOrEqual(0);
          expect(state.masterSeed).toBeLessThanOrEqual(2 ** 31 - 1);
        }
        expect(Object.getPrototypeOf(state.changed)).toBe(Object.prototype);
        for (const [id, got] of Object.entries(state.changed)) {
          expect(ids).toContain(id);
          expectValidValue(id, got);
        }
        expect(problems.length).toBeLessThanOrEqual(11);
        for (const line of problems) {
          expect(line).not.toMatch(/[\u0000-\u001f\u007f\u2028\u2029]/);
          expect(line.length).toBeLessThanOrEqual(300);
        }
        // what the page makes of the repaired state is a link that reads back without repairs
        const again = decodeState(encodeState(state), presets, "licensing-era");
        expect(again.problems).toEqual([]);
        expect(again.state).toEqual(state);
      }),
      { numRuns: 1000, seed: 15 },
    );
  });

  it("a link made from a valid state reads back to it", () => {
    const changed = fc.record(
      Object.fromEntries(
        CONTROLS.map((control) => {
          if (control.type === "toggle") return [control.id, fc.boolean()];
          const steps = Math.round((control.max - control.min) / control.step);
          return [control.id, fc.integer({ min: 0, max: steps }).map((i) => positionValue(control, control.min + i * control.step))];
        }),
      ) as Record<string, fc.Arbitrary<ControlValue>>,
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.constantFrom(...presets), fc.integer({ min: SEEDS.min, max: SEEDS.max }), changed, (preset, seeds, moved) => {
        const state: WhatIfState = { preset, seeds, changed: moved as Record<string, ControlValue> };
        expect(decodeState(encodeState(state), presets, "baseline")).toEqual({ state, problems: [] });
      }),
      { numRuns: 300, seed: 15 },
    );
  });
});
