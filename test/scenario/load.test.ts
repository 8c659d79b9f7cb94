// Loading scenario files: each bad scenario must get one line per problem naming the file, the
// exact field path and what was expected; extends chains merge as documented.
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { ScenarioError } from "../../sim/scenario/errors.js";
import { loadScenario, scenarioHash } from "../../sim/scenario/load.js";
import { mergeScenario } from "../../sim/scenario/resolve.js";

const FIXTURES = "test/scenario/fixtures";
const minimalText = readFileSync(join(FIXTURES, "minimal.yaml"), "utf8");
const minimal = parse(minimalText) as Record<string, unknown>;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "moat-scenario-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes a scenario file into the temp dir; returns its path (also its name in messages). */
function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** The minimal scenario with a patch merged in (null replaces), as YAML text. */
function minimalWith(patch: Record<string, unknown>): string {
  return stringify(mergeScenario(minimal, patch));
}

async function problemsOf(ref: string, options?: Parameters<typeof loadScenario>[1]): Promise<string[]> {
  try {
    await loadScenario(ref, options);
  } catch (error) {
    expect(error).toBeInstanceOf(ScenarioError);
    return (error as ScenarioError).problems;
  }
  throw new Error(`${ref} loaded, but a ScenarioError was expected`);
}

describe("the minimal fixture", () => {
  it("loads, with defaults filled in and no extends key", async () => {
    const { scenario, file, hash } = await loadScenario(join(FIXTURES, "minimal.yaml"));
    expect(file).toBe("test/scenario/fixtures/minimal.yaml");
    expect(scenario.name).toBe("minimal");
    expect(scenario.periods).toBe(40);
    expect(scenario.regime?.thresholdFlop).toBe(1e26);
    expect(scenario.regime?.enforcement.detectionProbabilityPerQuarter).toBe(0.15);
    expect(scenario.firms[0].models[0].trainingFlop).toBe(3e25);
    expect("extends" in scenario).toBe(false);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe("bad scenarios: one line each naming file, field path, expectation and found value", () => {
  // [case, file text, expected line without the "<file>: " prefix]
  const cases: [string, () => string, string][] = [
    [
      "wrong type: text where a number is expected",
      () => minimalWith({ regime: { thresholdFlop: "1e26 flops" } }),
      'regime.thresholdFlop: expected a number >= 0, got "1e26 flops"',
    ],
    [
      "negative price sensitivity",
      () => minimalWith({ segments: { enterprise: { priceSensitivityPerUsd: -0.5 } } }),
      "segments.enterprise.priceSensitivityPerUsd: expected a positive number, got -0.5",
    ],
    [
      "probability above 1",
      () => minimalWith({ regime: { enforcement: { detectionProbabilityPerQuarter: 1.5 } } }),
      "regime.enforcement.detectionProbabilityPerQuarter: expected a probability between 0 and 1, got 1.5",
    ],
    [
      "unknown top-level key, no close match",
      () => minimalWith({ horizon: 8 }),
      "horizon: unknown field (expected one of name, description, extends, startYear, periods, periodsPerYear, seed, homeJurisdiction, jurisdictions, technology, market, segments, kinds, firms, regime, decisions, security, metrics)",
    ],
    ["unknown top-level key, a typo", () => minimalWith({ seeds: 4 }), "seeds: unknown field (did you mean seed?)"],
    [
      "unknown nested key, a typo",
      () => minimalWith({ regime: { thresholdFlops: 1e25 } }),
      "regime.thresholdFlops: unknown field (did you mean thresholdFlop?)",
    ],
    [
      "unknown key inside an id map entry",
      () => minimalWith({ kinds: { lab: { arrivalPerYear: 2 } } }),
      "kinds.lab.arrivalPerYear: unknown field (did you mean arrivalsPerYear?)",
    ],
    [
      "firm with an unknown kind",
      () => minimalWith({ firms: [{ name: "Startup", kind: "startup" }] }),
      'firms.0.kind: expected one of the kinds (lab), got "startup"',
    ],
    [
      "segment in an unknown jurisdiction",
      () => minimalWith({ segments: { enterprise: { jurisdiction: "mars" } } }),
      'segments.enterprise.jurisdiction: expected one of the jurisdictions (home, abroad), got "mars"',
    ],
    [
      "missing required field",
      () => minimalText.replace("    buyers: 1000\n", ""),
      "segments.enterprise.buyers: expected a positive number, got nothing (the field is missing)",
    ],
    ["non-integer periods", () => minimalWith({ periods: 2.5 }), "periods: expected a whole number from 1 to 400, got 2.5"],
    [
      "light tier line above the licensing line",
      () => minimalWith({ regime: { lightTier: { minTrainingFlop: 2e26 } } }),
      "regime.lightTier.minTrainingFlop: expected a line below regime.thresholdFlop (1e+26), got 2e+26",
    ],
    [
      "a list where an object is expected",
      () => minimalWith({ technology: [1, 2] }),
      "technology: expected a mapping of fields, got a list [1, 2]",
    ],
    [
      "an object where a list is expected",
      () => minimalWith({ firms: { name: "Lab A", kind: "lab" } }),
      'firms: expected a list, got a mapping {name: "Lab A", kind: "lab"}',
    ],
    ["YAML .nan", () => `${minimalText}startYear: .nan\n`, "startYear: expected a number, got .nan (not a number)"],
    ["YAML .inf", () => `${minimalText}periods: .inf\n`, "periods: expected a whole number from 1 to 400, got .inf (infinity)"],
    [
      "a value outside an enumeration",
      () => minimalWith({ kinds: { lab: { arrivalProcess: "random" } } }),
      'kinds.lab.arrivalProcess: expected one of "poisson", "deterministic", got "random"',
    ],
    [
      "an invalid id as a map key",
      () => minimalWith({ jurisdictions: { "9th circuit": {} } }),
      `jurisdictions."9th circuit": expected an identifier (letters, digits, '-' or '_', starting with a letter), got "9th circuit"`,
    ],
    [
      "text where a flag is expected, deep inside a list",
      () => minimalWith({ firms: [{ name: "Lab A", kind: "lab", models: [{ name: "a-1", trainingFlop: 3e25, open: "yes" }] }] }),
      'firms.0.models.0.open: expected true or false, got "yes"',
    ],
    [
      "a long value is truncated",
      () => minimalWith({ description: ["x".repeat(100)] }),
      'description: expected text, got a list ["xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…"]',
    ],
    ["empty file", () => "", "(top level): expected a scenario (a mapping of fields), got an empty file"],
    ["a file holding only comments", () => "# nothing yet\n", "(top level): expected a scenario (a mapping of fields), got an empty file"],
    ["a list as the whole file", () => "- a\n- b\n", "(top level): expected a scenario (a mapping of fields), got a list (2 items)"],
    ["YAML syntax error", () => "name: x\nfirms: [\n  {name: a\nperiods: 3\n", "line 4, column 1: Flow sequence in block collection must be sufficiently indented and end with a ]"],
    ["duplicate key", () => "periods: 3\nperiods: 4\n", "line 2, column 1: Map keys must be unique"],
    ["tab indentation", () => "regime:\n\tthresholdFlop: 1e26\n", "line 2, column 1: Tabs are not allowed as indentation"],
  ];

  it.each(cases)("%s", async (label, text, expected) => {
    const file = write(`${label.replace(/\W+/g, "-")}.yaml`, text());
    const problems = await problemsOf(file);
    expect(problems).toContain(`${file}: ${expected}`);
    for (const line of problems) {
      expect(line.startsWith(`${file}: `)).toBe(true);
      expect(line).not.toContain("\n");
    }
  });

  it("lists every problem at once, in a stable order", async () => {
    const text = minimalWith({
      periods: 0,
      seeds: 3,
      technology: { frontierComputeGrowthPerYear: "fast" },
      segments: { enterprise: { capabilityTaste: -1 } },
      regime: { thresholdFlops: 1, enforcement: { detectionProbabilityPerQuarter: 2 } },
    });
    const file = write("many.yaml", text);
    const expected = [
      "periods: expected a whole number from 1 to 400, got 0",
      'technology.frontierComputeGrowthPerYear: expected a positive number, got "fast"',
      "segments.enterprise.capabilityTaste: expected a number >= 0, got -1",
      "regime.enforcement.detectionProbabilityPerQuarter: expected a probability between 0 and 1, got 2",
      "regime.thresholdFlops: unknown field (did you mean thresholdFlop?)",
      "seeds: unknown field (did you mean seed?)",
    ].map((line) => `${file}: ${line}`);
    expect(await problemsOf(file)).toEqual(expected);
    expect(await problemsOf(file)).toEqual(expected);
  });

  it("names a missing file and the scenarios that exist", async () => {
    const scenariosDir = join(FIXTURES, "scenarios");
    expect(await problemsOf("nope", { scenariosDir })).toEqual([
      "test/scenario/fixtures/scenarios/nope.yaml: no such scenario file (available: shipped)",
    ]);
    expect(await problemsOf(join(FIXTURES, "chain", "nope.yaml"))).toEqual([
      "test/scenario/fixtures/chain/nope.yaml: no such scenario file (available: bad-child, bad-parent, bare-name, child, grand, missing-parent, no-regime, parent)",
    ]);
  });

  it("says so when the path is a directory", async () => {
    expect(await problemsOf(join(FIXTURES, "chain.yaml"))).toEqual([
      "test/scenario/fixtures/chain.yaml: no such scenario file (available: minimal)",
    ]);
    mkdirSync(join(dir, "folder.yaml"));
    expect(await problemsOf(join(dir, "folder.yaml"))).toEqual([`${join(dir, "folder.yaml")}: (file): expected a scenario file, got a directory`]);
  });

  it("guards against YAML alias bombs", async () => {
    const levels = ["a: &a [x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(", ")}]`);
    }
    const file = write("bomb.yaml", levels.join("\n") + "\n");
    expect(await problemsOf(file)).toEqual([`${file}: (YAML aliases): expected at most 100 alias expansions, got more (an alias bomb?)`]);
  });
});

describe("extends", () => {
  const chain = (name: string) => join(FIXTURES, "chain", name);

  it("a child overrides one field and inherits the rest; name is not inherited", async () => {
    const { scenario, raw } = await loadScenario(chain("parent.yaml"));
    expect(scenario.name).toBe("parent");
    expect(scenario.periods).toBe(20);
    expect(scenario.description).toBe("the grandparent");
    expect(scenario.regime?.thresholdFlop).toBe(1e26);
    expect(raw).not.toHaveProperty("extends");
  });

  it("id maps merge key by key; lists are replaced", async () => {
    const { scenario } = await loadScenario(chain("parent.yaml"));
    expect(scenario.segments.enterprise).toMatchObject({ label: "Enterprises", buyers: 2000, usageMtokPerBuyerPerQuarter: 10, priceSensitivityPerUsd: 0.5 });
    expect(scenario.segments.individuals.buyers).toBe(100000);
    expect(scenario.kinds.startup).toMatchObject({ homeJurisdiction: "home", arrivalsPerYear: 3 });
    expect(scenario.kinds.lab.fixedCostPerYearUsdM).toBe(100);
    expect(scenario.firms.map((f) => f.name)).toEqual(["Startup C"]);
  });

  it("chains of three resolve parents first", async () => {
    const { scenario } = await loadScenario(chain("child.yaml"));
    expect(scenario.name).toBe("child");
    expect(scenario.periods).toBe(20); // parent
    expect(scenario.segments.enterprise.buyers).toBe(2000); // parent
    expect(scenario.segments.enterprise.label).toBe("Enterprises"); // grandparent
    expect(scenario.regime?.thresholdFlop).toBe(1e25); // child
    expect(scenario.regime?.lightTier?.minTrainingFlop).toBe(1e24); // grandparent, merged into the child's regime
  });

  it("an explicit null removes an inherited object", async () => {
    const { scenario } = await loadScenario(chain("no-regime.yaml"));
    expect(scenario.regime).toBeNull();
    expect(scenario.name).toBe("no regime at all");
  });

  it("a bare name is looked up in the scenarios directory", async () => {
    const { scenario } = await loadScenario(chain("bare-name.yaml"), { scenariosDir: join(FIXTURES, "scenarios") });
    expect(scenario.periods).toBe(4);
    expect(scenario.description).toContain("shipped");
    expect(scenario.name).toBe("bare-name");
  });

  it("a problem in an inherited field names the file it came from", async () => {
    expect(await problemsOf(chain("bad-child.yaml"))).toEqual([
      "test/scenario/fixtures/chain/bad-parent.yaml: periods: expected a whole number from 1 to 400, got -3",
      'test/scenario/fixtures/chain/bad-child.yaml: kinds.lab.fixedCostPerYearUsdM: expected a number >= 0, got "lots"',
    ]);
  });

  it("a cycle is reported with the whole chain", async () => {
    const cycle = (name: string) => `test/scenario/fixtures/cycle/${name}`;
    expect(await problemsOf(cycle("a.yaml"))).toEqual([
      `${cycle("c.yaml")}: extends: expected a chain of scenarios that ends, got the cycle ${cycle("a.yaml")} -> ${cycle("b.yaml")} -> ${cycle("c.yaml")} -> ${cycle("a.yaml")}`,
    ]);
    expect(await problemsOf(cycle("self.yaml"))).toEqual([
      `${cycle("self.yaml")}: extends: expected a chain of scenarios that ends, got the cycle ${cycle("self.yaml")} -> ${cycle("self.yaml")}`,
    ]);
  });

  it("extends to a missing file names the extending file, the field and the candidates", async () => {
    expect(await problemsOf(chain("missing-parent.yaml"))).toEqual([
      'test/scenario/fixtures/chain/missing-parent.yaml: extends: expected an existing scenario file, got "nowhere.yaml" (no such file test/scenario/fixtures/chain/nowhere.yaml; available: bad-child, bad-parent, bare-name, child, grand, missing-parent, no-regime, parent)',
    ]);
  });

  it("extends must be text", async () => {
    const file = write("extends-number.yaml", "extends: 5\n");
    expect(await problemsOf(file)).toEqual([`${file}: extends: expected a scenario name or a path to a .yaml file, got 5`]);
  });

  it("long chains are cut off rather than followed forever", async () => {
    for (let i = 0; i < 40; i++) write(`link${i}.yaml`, `extends: link${i + 1}.yaml\n`);
    write("link40.yaml", minimalText);
    const problems = await problemsOf(join(dir, "link0.yaml"));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/: extends: expected at most 16 levels of extends, got more \(/);
  });
});

describe("overrides", () => {
  const file = join(FIXTURES, "minimal.yaml");

  it("apply after extends, by dotted path", async () => {
    const { scenario, raw } = await loadScenario(join(FIXTURES, "chain", "child.yaml"), {
      overrides: { "regime.thresholdFlop": 3e25, "firms.0.cashUsdM": 7, "kinds.startup.arrivalsPerYear": 0 },
    });
    expect(scenario.regime?.thresholdFlop).toBe(3e25);
    expect(scenario.firms[0].cashUsdM).toBe(7);
    expect(scenario.kinds.startup.arrivalsPerYear).toBe(0);
    expect((raw as { regime: { thresholdFlop: number } }).regime.thresholdFlop).toBe(3e25);
  });

  it("a bad override value is reported against the overrides", async () => {
    expect(await problemsOf(file, { overrides: { "regime.thresholdFlop": -1, "regime.lightTeir.minTrainingFlop": 1 } })).toEqual([
      "test/scenario/fixtures/minimal.yaml (overrides): regime.thresholdFlop: expected a number >= 0, got -1",
      "test/scenario/fixtures/minimal.yaml (overrides): regime.lightTeir: unknown field (did you mean lightTier?)",
    ]);
  });

  it("a malformed path is reported", async () => {
    expect(await problemsOf(file, { overrides: { "regime..thresholdFlop": 1 } })).toEqual([
      'test/scenario/fixtures/minimal.yaml (overrides): "regime..thresholdFlop": expected a dotted field path such as regime.thresholdFlop, got "regime..thresholdFlop"',
    ]);
  });

  it("change the hash", async () => {
    const plain = await loadScenario(file);
    const changed = await loadScenario(file, { overrides: { seed: 2 } });
    expect(changed.hash).not.toBe(plain.hash);
    expect(scenarioHash(plain.scenario)).toBe(plain.hash);
  });
});
