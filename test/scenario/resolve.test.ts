// Merging, dotted paths, text loading without files, and the scenario hash.
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { ScenarioError } from "../../sim/scenario/errors.js";
import { scenarioHash } from "../../sim/scenario/load.js";
import {
  canonicalJson,
  loadScenarioText,
  mergeScenario,
  parseScenario,
  scenarioHashAsync,
  setPath,
  type ExtendsResolver,
} from "../../sim/scenario/resolve.js";

const minimalText = readFileSync("test/scenario/fixtures/minimal.yaml", "utf8");
const minimal = parse(minimalText) as Record<string, unknown>;

describe("mergeScenario", () => {
  it("merges objects key by key, replaces lists and scalars, and lets null replace", () => {
    const base = { a: 1, kinds: { lab: { x: 1, y: 2 }, startup: { x: 3 } }, firms: [1, 2, 3], regime: { t: 1 } };
    const override = { a: 2, kinds: { lab: { y: 5 }, open: { x: 9 } }, firms: [4], regime: null };
    expect(mergeScenario(base, override)).toEqual({
      a: 2,
      kinds: { lab: { x: 1, y: 5 }, startup: { x: 3 }, open: { x: 9 } },
      firms: [4],
      regime: null,
    });
  });

  it("does not modify its arguments", () => {
    const base = { kinds: { lab: { x: 1 } } };
    const override = { kinds: { lab: { x: 2 } } };
    mergeScenario(base, override);
    expect(base).toEqual({ kinds: { lab: { x: 1 } } });
    expect(override).toEqual({ kinds: { lab: { x: 2 } } });
  });

  it("an object replaces a scalar and a scalar replaces an object", () => {
    expect(mergeScenario({ regime: null }, { regime: { t: 1 } })).toEqual({ regime: { t: 1 } });
    expect(mergeScenario({ regime: { t: 1 } }, { regime: 5 })).toEqual({ regime: 5 });
  });

  it("keeps a __proto__ key as plain data (the schema rejects it) without touching prototypes", () => {
    const override = parse('__proto__: { polluted: true }\n') as Record<string, unknown>;
    const merged = mergeScenario({}, override) as Record<string, unknown>;
    expect(Object.keys(merged)).toEqual(["__proto__"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
  });
});

describe("setPath", () => {
  it("sets a nested field without modifying the original", () => {
    const original = { regime: { thresholdFlop: 1e26, lightTier: null } };
    const changed = setPath(original, "regime.thresholdFlop", 1e25);
    expect(changed).toEqual({ regime: { thresholdFlop: 1e25, lightTier: null } });
    expect(original.regime.thresholdFlop).toBe(1e26);
  });

  it("indexes arrays with numeric segments", () => {
    const original = { firms: [{ name: "a", cashUsdM: 1 }, { name: "b", cashUsdM: 2 }] };
    expect(setPath(original, "firms.1.cashUsdM", 5)).toEqual({ firms: [{ name: "a", cashUsdM: 1 }, { name: "b", cashUsdM: 5 }] });
    expect(original.firms[1].cashUsdM).toBe(2);
  });

  it("creates missing objects, including under a null", () => {
    expect(setPath({}, "regime.lightTier.minTrainingFlop", 1e24)).toEqual({ regime: { lightTier: { minTrainingFlop: 1e24 } } });
    expect(setPath({ regime: null }, "regime.thresholdFlop", 1e25)).toEqual({ regime: { thresholdFlop: 1e25 } });
  });

  it("numeric segments key id maps too", () => {
    expect(setPath({ kinds: {} }, "kinds.2.x", 1)).toEqual({ kinds: { "2": { x: 1 } } });
  });

  it("rejects an empty segment with a ScenarioError", () => {
    expect(() => setPath({}, "regime..x", 1)).toThrow(ScenarioError);
    expect(() => setPath({}, "", 1)).toThrow(ScenarioError);
  });

  it("an unknown path is caught by the schema afterwards", () => {
    const raw = setPath(minimal, "regime.thresholdFlopp", 1);
    expect(() => parseScenario(raw, "sweep")).toThrow("sweep: regime.thresholdFlopp: unknown field (did you mean thresholdFlop?)");
  });
});

describe("loadScenarioText", () => {
  it("loads text and names the scenario after the file when it has no name", () => {
    const { scenario, raw } = loadScenarioText(minimalText.replace("name: minimal\n", ""), "dir/from-text.yaml");
    expect(scenario.name).toBe("from-text");
    expect((raw as { name: string }).name).toBe("from-text");
  });

  it("refuses extends without a resolver", () => {
    expect(() => loadScenarioText("extends: base\n", "x.yaml")).toThrow('x.yaml: extends: expected no extends here (other files cannot be read), got "base"');
  });

  it("follows extends through a resolver callback", () => {
    const files: Record<string, string> = { "base.yaml": minimalText, "mid.yaml": "extends: base.yaml\nperiods: 8\n" };
    const resolveExtends: ExtendsResolver = (ref) =>
      ref in files ? { file: ref, text: files[ref] } : { problem: `expected one of ${Object.keys(files).join(", ")}, got ${JSON.stringify(ref)}` };
    const { scenario } = loadScenarioText("extends: mid.yaml\nseed: 9\n", "top.yaml", { resolveExtends });
    expect(scenario).toMatchObject({ name: "top", periods: 8, seed: 9 });
    expect(() => loadScenarioText("extends: gone.yaml\n", "top.yaml", { resolveExtends })).toThrow(
      'top.yaml: extends: expected one of base.yaml, mid.yaml, got "gone.yaml"',
    );
  });
});

describe("scenario hash", () => {
  const reordered = [
    "regime:\n  thresholdFlop: 1e26",
    "firms:\n  - kind: lab\n    models:\n      - trainingFlop: 3e25\n        name: a-1\n    name: Lab A",
    "kinds:\n  lab:\n    homeJurisdiction: home",
    "segments:\n  enterprise:\n    capabilityTaste: 1\n    priceSensitivityPerUsd: 0.5\n    usageMtokPerBuyerPerQuarter: 10\n    buyers: 1000\n    jurisdiction: home",
    "jurisdictions:\n  abroad: {}\n  home: { label: Home }",
    "name: minimal",
  ].join("\n");

  it("is the same for the same content in a different key order", async () => {
    const a = loadScenarioText(minimalText, "a.yaml").scenario;
    const b = loadScenarioText(reordered, "b.yaml").scenario;
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(scenarioHash(a)).toBe(scenarioHash(b));
    expect(scenarioHash(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(await scenarioHashAsync(a)).toBe(scenarioHash(a));
  });

  it("canonical JSON sorts keys at every level and drops undefined fields", () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: undefined } })).toBe('{"a":{"d":[1,{"y":2,"z":1}]},"b":1}');
  });

  it("changes when any value changes", () => {
    const scenario = loadScenarioText(minimalText, "a.yaml").scenario;
    const base = scenarioHash(scenario);
    const leaves: string[][] = [];
    const walk = (node: unknown, path: string[]) => {
      if (node !== null && typeof node === "object") for (const [k, v] of Object.entries(node)) walk(v, [...path, k]);
      else leaves.push(path);
    };
    walk(scenario, []);
    expect(leaves.length).toBeGreaterThan(80);
    fc.assert(
      fc.property(fc.nat(), (pick) => {
        const path = leaves[pick % leaves.length];
        const copy = structuredClone(scenario) as unknown as Record<string, unknown>;
        let node = copy;
        for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
        const key = path[path.length - 1];
        const value = node[key];
        node[key] =
          typeof value === "number" ? value * 2 + 1 : typeof value === "boolean" ? !value : typeof value === "string" ? `${value}x` : value === null ? 0 : "changed";
        expect(scenarioHash(copy as never)).not.toBe(base);
      }),
      { numRuns: 300 },
    );
  });
});
