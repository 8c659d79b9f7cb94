// Property-based: hundreds of random and mutated scenarios thrown at the loader. Every one either
// loads or is rejected with a ScenarioError whose every line is `<file>: <where>: <what>`; no other
// exception, no hang (each property stops generating after a time budget; no timing assertions).
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { ScenarioError } from "../../sim/scenario/errors.js";
import { loadScenarioText, parseScenario } from "../../sim/scenario/resolve.js";

const FILE = "scenarios/fuzz.yaml";
const minimalText = readFileSync("test/scenario/fixtures/minimal.yaml", "utf8");
const minimal = parse(minimalText) as Record<string, unknown>;
const BUDGET = { interruptAfterTimeLimit: 20_000, markInterruptAsFailure: false };

// ---------------------------------------------------------------------------------------------
// The shape of a problem line

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const SEGMENT = String.raw`(?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*")`;
const FIELD_PATH = `${SEGMENT}(?:\\.${SEGMENT})*`;
const LINE = new RegExp(
  `^${escape(FILE)}(?: \\(overrides\\))?: ` +
    `(?:line \\d+, column \\d+: \\S.*` +
    `|\\(top level\\): expected .+, got .+` +
    `|\\(YAML(?: aliases)?\\): \\S.*` +
    `|${FIELD_PATH}: (?:expected .+, got .+|unknown field \\(.+\\)))$`,
);

const counts = { loaded: 0, rejected: 0 };

/** Runs a load; passes when it loads or throws a well-formed ScenarioError, fails otherwise. */
function loadsOrExplains(load: () => unknown): void {
  try {
    load();
    counts.loaded++;
  } catch (error) {
    if (!(error instanceof ScenarioError)) throw new Error(`not a ScenarioError: ${String(error)}`, { cause: error });
    counts.rejected++;
    expect(error.problems.length).toBeGreaterThan(0);
    for (const line of error.problems) {
      expect(line).not.toMatch(/[\n\r\u2028\u2029\u0085]/);
      expect(line).toMatch(LINE);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Generators

const awkwardNumber = fc.constantFrom(NaN, Infinity, -Infinity, 1e308, -1e308, 2 ** 53 + 2, -0, 5e-324, 0, -1, 1.5, 1e26, 2 ** 31);
const awkwardKey = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom("__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "extends", "name", "regime", "thresholdFlop", "kinds", "lab", "0", "", "a.b", "x: y"),
);
/** Objects or lists nested hundreds of levels deep. */
const deepNesting = fc.tuple(fc.integer({ min: 20, max: 800 }), fc.boolean()).map(([depth, useLists]) => {
  let node: unknown = 1;
  for (let i = 0; i < depth; i++) node = useLists ? [node] : { deeper: node };
  return node;
});
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 3, arbitrary: awkwardNumber },
  { weight: 2, arbitrary: fc.oneof(fc.string({ maxLength: 300 }), fc.boolean(), fc.constant(null)) },
  { weight: 1, arbitrary: fc.dictionary(awkwardKey, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }) },
  { weight: 1, arbitrary: deepNesting },
);

type Mutation = { op: "delete" | "replace" | "add" | "rename"; at: number; key: string; value: unknown };
const mutation: fc.Arbitrary<Mutation> = fc.record({
  op: fc.constantFrom("delete", "replace", "add", "rename"),
  at: fc.nat(),
  key: awkwardKey,
  value: anyValue,
});

type Node = Record<string, unknown> | unknown[];
const isNode = (v: unknown): v is Node => typeof v === "object" && v !== null;

function clone(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(clone);
  if (!isNode(value)) return value;
  const source = value as Record<string, unknown>;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(source)) Object.defineProperty(copy, key, { value: clone(source[key]), enumerable: true, writable: true, configurable: true });
  return copy;
}

/** Every container in the document, root first (bounded: a deep nest counts a few levels). */
function containers(root: Node): { node: Node }[] {
  const found: { node: Node }[] = [];
  const walk = (node: Node, depth: number) => {
    found.push({ node });
    if (depth > 6) return;
    for (const child of Object.values(node)) if (isNode(child)) walk(child, depth + 1);
  };
  walk(root, 0);
  return found;
}

function setKey(node: Node, key: string, value: unknown): void {
  if (Array.isArray(node)) node.push(value);
  else Object.defineProperty(node, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Applies mutations to a copy of the minimal scenario: delete, replace, add or rename keys. */
function mutate(mutations: Mutation[]): unknown {
  let root = clone(minimal) as unknown;
  for (const m of mutations) {
    if (!isNode(root)) {
      root = m.op === "replace" ? m.value : clone(minimal);
      continue;
    }
    const list = containers(root);
    const { node } = list[m.at % list.length];
    const keys = Object.keys(node);
    const key = keys.length > 0 ? keys[m.at % keys.length] : undefined;
    if (m.op === "add" || key === undefined) setKey(node, m.key, m.value);
    else if (m.op === "replace") (node as Record<string, unknown>)[key] = m.value;
    else if (m.op === "delete") {
      if (Array.isArray(node)) node.splice(Number(key), 1);
      else delete (node as Record<string, unknown>)[key];
    } else if (!Array.isArray(node)) {
      const value = (node as Record<string, unknown>)[key];
      delete (node as Record<string, unknown>)[key];
      setKey(node, m.key, value);
    }
  }
  return root;
}

// Fragments of YAML syntax, field names and values, glued at random.
const yamlToken = fc.constantFrom(
  "regime:", "thresholdFlop:", "firms:", "kinds:", "lab:", "segments:", "periods:", "extends:", "name:", "jurisdictions:",
  " ", "  ", "\n", "\n  ", "\n    ", "- ", ": ", "[", "]", "{", "}", ",", "&a ", "*a", "<<: *a", "!!binary ", "!!str ", "!!int ",
  "!tag ", "? ", "|", ">", "'", '"', "#", "---", "...", "\t", "1e26", ".nan", ".inf", "-.inf", "null", "~", "true", "0x1F",
  "1_000", "-3", "2.5", "home", "\u0000", "\uFEFF", "%YAML 1.2", "é", "😀",
);
const randomYaml = fc.oneof(
  fc.array(yamlToken, { maxLength: 60 }).map((parts) => parts.join("")),
  fc.string({ maxLength: 200 }),
  fc.string({ unit: "binary", maxLength: 200 }),
);
/** The minimal file with characters inserted, deleted or replaced at random places. */
const editedMinimalText = fc
  .array(fc.record({ at: fc.nat(), remove: fc.nat({ max: 5 }), insert: fc.oneof(yamlToken, fc.string({ maxLength: 4 })) }), { minLength: 1, maxLength: 6 })
  .map((edits) => {
    let text = minimalText;
    for (const e of edits) {
      const at = e.at % (text.length + 1);
      text = text.slice(0, at) + e.insert + text.slice(at + e.remove);
    }
    return text;
  });

const knownPaths = [
  "regime.thresholdFlop", "regime", "periods", "firms.0.kind", "firms.3.name", "kinds.lab.trainingQuarters",
  "segments.enterprise.buyers", "regime.lightTier.minTrainingFlop", "jurisdictions.home", "technology", "name",
];
const overridePath = fc.oneof(fc.constantFrom(...knownPaths), fc.string({ maxLength: 20 }), fc.array(awkwardKey, { minLength: 1, maxLength: 4 }).map((p) => p.join(".")));

/** YAML text of a value; JSON (also YAML) when the yaml writer runs out of stack on deep nesting. */
function toYaml(value: unknown): string {
  try {
    return stringify(value, { aliasDuplicateObjects: false });
  } catch {
    return JSON.stringify(value) ?? "";
  }
}

/** Flow-style YAML nested `depth` levels deep inside a real field. */
const deepYaml = fc
  .tuple(fc.integer({ min: 10, max: 5_000 }), fc.constantFrom("regime: ", "firms: ", "kinds: ", ""), fc.constantFrom(["[", "]"], ["{a: ", "}"], ["- ", ""]))
  .map(([depth, field, [open, close]]) => (open === "- " ? field + "\n" + Array.from({ length: Math.min(depth, 400) }, (_, i) => " ".repeat(i) + "-").join("\n") + " 1" : field + open.repeat(depth) + "1" + close.repeat(depth)));

// ---------------------------------------------------------------------------------------------

describe("the loader never crashes and always explains", () => {
  it("mutated scenario objects (parseScenario)", () => {
    counts.loaded = counts.rejected = 0;
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 5 }), (mutations) => loadsOrExplains(() => parseScenario(mutate(mutations), FILE))),
      { numRuns: 600, ...BUDGET },
    );
    // both outcomes occur, so the generator exercises the error paths and the happy path
    expect(counts.loaded).toBeGreaterThan(0);
    expect(counts.rejected).toBeGreaterThan(0);
  });

  it("mutated scenarios written as YAML (loadScenarioText)", () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (mutations) => {
        const text = toYaml(mutate(mutations));
        loadsOrExplains(() => loadScenarioText(text, FILE));
      }),
      { numRuns: 300, ...BUDGET },
    );
  });

  it("random values at the top level", () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), anyValue), (value) => loadsOrExplains(() => parseScenario(value, FILE))),
      { numRuns: 300, ...BUDGET },
    );
  });

  it("random YAML text", () => {
    fc.assert(fc.property(randomYaml, (text) => loadsOrExplains(() => loadScenarioText(text, FILE))), { numRuns: 600, ...BUDGET });
  });

  it("deeply nested YAML text", () => {
    fc.assert(fc.property(deepYaml, (text) => loadsOrExplains(() => loadScenarioText(text, FILE))), { numRuns: 60, ...BUDGET });
  });

  it("the minimal file with random edits", () => {
    counts.loaded = counts.rejected = 0;
    fc.assert(fc.property(editedMinimalText, (text) => loadsOrExplains(() => loadScenarioText(text, FILE))), { numRuns: 600, ...BUDGET });
    expect(counts.rejected).toBeGreaterThan(0);
  });

  it("random overrides", () => {
    fc.assert(
      fc.property(fc.dictionary(overridePath, anyValue, { maxKeys: 4 }), (overrides) =>
        loadsOrExplains(() => loadScenarioText(minimalText, FILE, { overrides })),
      ),
      { numRuns: 300, ...BUDGET },
    );
  });

  it("a file extending itself through a resolver, with random content, ends", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom("a", "b", "c", "d"), { minLength: 1, maxLength: 30 }), (refs) => {
        // file x extends refs[...]: arbitrary graphs of four files, cycles included
        const files: Record<string, string> = {};
        ["a", "b", "c", "d"].forEach((name, i) => {
          const parent = refs[i % refs.length];
          files[name] = i === refs.length ? minimalText : `extends: ${parent}\nperiods: ${i + 1}\n`;
        });
        loadsOrExplains(() =>
          loadScenarioText(`extends: ${refs[0]}\n`, FILE, {
            resolveExtends: (ref) => (ref in files ? { file: FILE, text: files[ref], id: ref } : { problem: `expected a, b, c or d, got ${JSON.stringify(ref)}` }),
          }),
        );
      }),
      { numRuns: 200, ...BUDGET },
    );
  });

  it("a random name either loads as one folder directly inside the output folder or is refused", () => {
    const out = resolve("/tmp/moat-out");
    const hostileName = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.string({ unit: "binary", maxLength: 20 }),
      fc.array(fc.constantFrom("..", ".", "/", "\\", "a", "~", "%2e", "\u0000", " ", "\n", "C:"), { maxLength: 8 }).map((parts) => parts.join("")),
    );
    fc.assert(
      fc.property(hostileName, (name) => {
        loadsOrExplains(() => {
          const { scenario } = loadScenarioText(minimalText, FILE, { overrides: { name } });
          expect(dirname(resolve(out, scenario.name, "1"))).toBe(resolve(out, scenario.name));
          expect(dirname(resolve(out, scenario.name))).toBe(out);
        });
      }),
      { numRuns: 500, ...BUDGET },
    );
  });
});
