// The channel decomposition: its arms switch exactly one instrument on or off, its effects follow
// the stated formulas, and the command's "total" agrees with the comparison study's own differences.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  activeInstruments,
  BARE_ARM,
  decomposeEffects,
  decompositionArms,
  FULL_ARM,
  NONE_ARM,
  onlyArm,
  REGIME_INSTRUMENTS,
  tCritical975,
  withoutArm,
} from "../../sim/experiment/decompose.js";
import { parseCsv } from "../../sim/io/csv.js";
import { loadScenario, listScenarioNames, defaultScenariosDir } from "../../sim/scenario/load.js";
import { setPath } from "../../sim/scenario/resolve.js";
import { ScenarioSchema, type Regime, type Scenario } from "../../sim/scenario/schema.js";
import { simulate } from "../../sim/simulate.js";
import { moat, tempDir, TINY_LICENSING } from "./helpers.js";

function withOverrides(raw: unknown, set: Record<string, unknown>): Scenario {
  let node = raw;
  for (const [path, value] of Object.entries(set)) node = setPath(node, path, value);
  return ScenarioSchema.parse(node);
}

describe("decomposition arms", async () => {
  const names = listScenarioNames(defaultScenariosDir());
  const loaded = await Promise.all(names.map((name) => loadScenario(name)));
  const withRegime = loaded.filter((l) => l.scenario.regime !== null);

  it("covers the shipped regimes", () => {
    expect(withRegime.map((l) => l.scenario.name)).toEqual(expect.arrayContaining(["licensing-era", "tiered-licensing", "open-weight-ban", "foreign-review"]));
    const era = activeInstruments(withRegime.find((l) => l.scenario.name === "licensing-era")!.scenario);
    expect(era.map((i) => i.id)).toEqual([
      "licence-fee",
      "weight-security",
      "monitoring-cost",
      "monitoring-latency",
      "red-teaming",
      "vetting-cost",
      "vetting-lockout",
      "pre-release-audit",
      "open-weight-restriction",
      "enforcement",
    ]);
  });

  it("none has no regime, bare has no instrument, only-c has c alone, without-c has all but c (every shipped regime)", () => {
    for (const { scenario, raw } of withRegime) {
      const regime = scenario.regime as Regime;
      const instruments = activeInstruments(scenario);
      const arms = decompositionArms(scenario, instruments);
      expect(arms.length).toBe(3 + 2 * instruments.length);
      const activeIn = (name: string) => {
        const arm = arms.find((a) => a.name === name)!;
        const s = withOverrides(raw, arm.set);
        return s.regime ? activeInstruments(s, REGIME_INSTRUMENTS).map((i) => i.id) : null;
      };
      expect(activeIn(NONE_ARM)).toBeNull();
      expect(activeIn(BARE_ARM)).toEqual([]);
      expect(activeIn(FULL_ARM)).toEqual(instruments.map((i) => i.id));
      for (const instrument of instruments) {
        expect(activeIn(onlyArm(instrument.id))).toEqual([instrument.id]);
        expect(activeIn(withoutArm(instrument.id))).toEqual(instruments.filter((i) => i !== instrument).map((i) => i.id));
      }
      // the bare licence keeps the line itself
      const bare = withOverrides(raw, arms.find((a) => a.name === BARE_ARM)!.set).regime!;
      expect(bare.thresholdFlop).toBe(regime.thresholdFlop);
      expect(bare.jurisdiction).toBe(regime.jurisdiction);
    }
  });
});

describe("instruments where they can act", () => {
  it("a regime without a line has no obligation, fee or audit to decompose: the open-weight ban has its ban and enforcement, foreign review itself (and the default enforcement)", async () => {
    const ids = async (name: string) => activeInstruments((await loadScenario(name)).scenario).map((i) => i.id);
    expect(await ids("open-weight-ban")).toEqual(["open-weight-restriction", "enforcement"]);
    expect(await ids("foreign-review")).toEqual(["enforcement", "foreign-review"]);
  });

  it("those left out are no-ops there: switching weight security, the fee and the audit off leaves the open-weight ban's run unchanged", async () => {
    const { raw } = await loadScenario("open-weight-ban", { overrides: { periods: 6 } });
    const run = (set: Record<string, unknown>) => simulate(withOverrides(raw, { periods: 6, ...set }), 3, { recordFirms: false }).metrics;
    expect(run({ "regime.obligations.weightSecurity": false, "regime.licenceFeePerYearUsdM": 0, "regime.preReleaseApproval": null })).toEqual(run({}));
  });
});

describe("split instruments", () => {
  // Monitoring is its cost and its latency; vetting is its cost and the buyers it keeps out. With both
  // parts switched off the obligation does nothing: the run equals the run without the obligation.
  const sameRun = (a: Scenario, b: Scenario) => {
    const ra = simulate(a, 2, { recordFirms: false });
    const rb = simulate(b, 2, { recordFirms: false });
    expect(ra.metrics).toEqual(rb.metrics);
  };

  it("monitoring cost and monitoring latency off = no monitoring obligation; vetting cost and lock-out off = no vetting obligation", async () => {
    const { scenario, raw } = await loadScenario("licensing-era", { overrides: { periods: 6 } });
    const byId = (id: string) => REGIME_INSTRUMENTS.find((i) => i.id === id)!;
    const regime = scenario.regime!;
    const offBoth = (a: string, b: string) => withOverrides(raw, { periods: 6, ...byId(a).off(regime, scenario), ...byId(b).off(regime, scenario) });
    sameRun(offBoth("monitoring-cost", "monitoring-latency"), withOverrides(raw, { periods: 6, "regime.obligations.inferenceMonitoring": false }));
    sameRun(offBoth("vetting-cost", "vetting-lockout"), withOverrides(raw, { periods: 6, "regime.obligations.endUserVetting": false }));
  });
});

describe("decomposition effects", () => {
  // two instruments a, b; three seeds. R(0) = 0; bare adds 1; a adds 2; b adds 3; together a and b add 2 + 3 + 4.
  const values = new Map<string, number[]>([
    [NONE_ARM, [0, 10, 20]],
    [BARE_ARM, [1, 11, 21]],
    [onlyArm("a"), [3, 13, 23]],
    [onlyArm("b"), [4, 14, 24]],
    [FULL_ARM, [10, 20, 30]],
    [withoutArm("a"), [4, 14, 24]],
    [withoutArm("b"), [3, 13, 23]],
  ]);
  const effects = decomposeEffects(values, ["a", "b"]);
  const get = (effect: string, instrument = "") => effects.find((e) => e.effect === effect && e.instrument === instrument)!;

  it("follows the formulas seed by seed", () => {
    expect(get("total").mean).toBe(10); // 10 - 0
    expect(get("bare").mean).toBe(1);
    expect(get("alone", "a").mean).toBe(2); // (bare + a) - bare
    expect(get("alone", "b").mean).toBe(3);
    expect(get("last", "a").mean).toBe(6); // full - (full - a) = 10 - 4
    expect(get("last", "b").mean).toBe(7);
    expect(get("interactions").mean).toBe(4); // 10 - 1 - 2 - 3
    expect(get("total").n).toBe(3);
    expect(get("total").sharePositive).toBe(1);
  });

  it("gives the mean's 95% interval: mean -/+ t_0.975(n - 1) se", () => {
    // alone(a) = 2 in every seed: se 0, the interval is the point; total per seed 10, 10, 10 likewise
    expect(get("alone", "a").ci95Low).toBe(2);
    expect(get("alone", "a").ci95High).toBe(2);
    // differences 1, 2, 6: mean 3, sd sqrt(7), se sqrt(7/3)
    const spread = decomposeEffects(new Map([...values, [FULL_ARM, [1, 12, 26]]]), ["a", "b"]).find((e) => e.effect === "total")!;
    expect(spread.se).toBeCloseTo(Math.sqrt(7 / 3), 12);
    // 3 seeds: t_0.975(2) = 4.302653 (tables), not z = 1.96
    expect(spread.ci95Low).toBeCloseTo(3 - 4.302653 * Math.sqrt(7 / 3), 5);
    expect(spread.ci95High).toBeCloseTo(3 + 4.302653 * Math.sqrt(7 / 3), 5);
  });

  it("finds no interaction when effects add up", () => {
    const additive = new Map(values);
    additive.set(FULL_ARM, [6, 16, 26]);
    additive.set(withoutArm("a"), [4, 14, 24]);
    additive.set(withoutArm("b"), [3, 13, 23]);
    const e = decomposeEffects(additive, ["a", "b"]);
    const find = (effect: string, instrument = "") => e.find((x) => x.effect === effect && x.instrument === instrument)!;
    expect(find("interactions").mean).toBe(0);
    expect(find("last", "a").mean).toBe(find("alone", "a").mean);
    expect(find("last", "b").mean).toBe(find("alone", "b").mean);
  });

  it("refuses arms with different seed counts", () => {
    const broken = new Map(values);
    broken.set(FULL_ARM, [1, 2]);
    expect(() => decomposeEffects(broken, ["a", "b"])).toThrow(/same seeds/);
  });
});

describe("moat decompose", () => {
  it("writes the decomposition, whose total equals the study's own difference full - none", async () => {
    const out = join(tempDir(), "dec");
    const result = await moat("decompose", TINY_LICENSING, "--seeds", "3", "--set", "periods=6", "--out", out, "--quiet", "--workers", "1", "--metrics", "hhi_usage,gray_share");
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const dec = parseCsv(readFileSync(join(out, "decomposition.csv"), "utf8"));
    expect(dec.header).toEqual(["metric", "period", "year", "effect", "instrument", "n", "mean", "q05", "q95", "share_positive", "se", "ci95_low", "ci95_high"]);
    const col = (name: string) => dec.header.indexOf(name);
    const diffs = parseCsv(readFileSync(join(out, "differences.csv"), "utf8"));
    const dcol = (name: string) => diffs.header.indexOf(name);
    for (const metric of ["hhi_usage", "gray_share"]) {
      const total = dec.rows.find((r) => r[col("metric")] === metric && r[col("effect")] === "total" && r[col("period")] === "5")!;
      const study = diffs.rows.find((r) => r[dcol("arm")] === FULL_ARM && r[dcol("metric")] === metric && r[dcol("period")] === "5")!;
      expect(Number(total[col("mean")])).toBeCloseTo(Number(study[dcol("mean")]), 9);
    }
    expect(readFileSync(join(out, "decomposition.md"), "utf8")).toMatch(/\| Whole regime \(total\) \|/);
  });

  it("refuses a scenario without a regime, naming it", async () => {
    const result = await moat("decompose", "baseline", "--seeds", "2", "--out", join(tempDir(), "none"));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/baseline: the scenario has no regime/);
  });
});

describe("the 95% interval of a mean over n seeds uses Student's t with n - 1 degrees of freedom", () => {
  it("matches the tables: t_0.975 = 12.706 (1 df), 2.262 (9 df), 2.023 (39 df), and tends to z = 1.960", () => {
    expect(tCritical975(2)).toBeCloseTo(12.7062047, 6);
    expect(tCritical975(10)).toBeCloseTo(2.2621572, 6);
    expect(tCritical975(40)).toBeCloseTo(2.0226909, 6);
    expect(tCritical975(1_000_001)).toBeCloseTo(1.959964, 5);
    expect(tCritical975(1)).toBeNaN();
  });
});
