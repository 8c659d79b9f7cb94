// The claims report: a small regeneration (--quick, few seeds, the ends of each sweep) whose every
// printed number must be in results.csv, a verdict line per hypothesis, and the pure pieces
// (statistics, the decision rule, the study-file schema).
import { quantile } from "../../sim/statistics.js";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { moatRoot } from "../../sim/experiment/environment.js";
import { parseCsv } from "../../sim/io/csv.js";
import { loadScenario } from "../../sim/scenario/load.js";
import {
  channelPlan,
  channelValue,
  judgeChannel,
  quickSettings,
  summariseEffects,
  type RunSeries,
  type Setting,
} from "../../sim/report/claims.js";
import {
  sweepCondition,
  verdictOf,
  type ClaimsRun,
  type SweepPointResult,
} from "../../sim/report/claims-results.js";
import {
  ClaimFileError,
  loadClaimStudies,
  parseClaimStudy,
  type Criterion,
} from "../../sim/report/claim-files.js";
import { writeClaimsReport } from "../../sim/report/claims-report.js";
import { runClaims } from "../../sim/report/claims-run.js";

const claimsDir = join(moatRoot(), "scenarios", "claims");

// A number not glued to a name (q05, cr4_usage, H1 are not numbers here).
const NUMBER = /(?<![A-Za-z0-9_.])-?\d+(?:\.\d+)?(?:e[+-]?\d+)?/g;

function numbersIn(text: string): number[] {
  return [...text.matchAll(NUMBER)].map((m) => Number(m[0]));
}

describe("moat claims, small version", () => {
  let outDir: string;
  let run: ClaimsRun;
  let report: string;
  let csvNumbers: Set<number>;

  beforeAll(async () => {
    outDir = mkdtempSync(join(tmpdir(), "moat-claims-"));
    const settings = { ...quickSettings(2), periods: 8 };
    const result = await runClaims({ claimsDir, settings, workers: 1, outDir });
    expect(result.complete).toBe(true);
    run = result.run as ClaimsRun;
    await writeClaimsReport(run, outDir);
    report = readFileSync(join(outDir, "report.md"), "utf8");
    const csv = parseCsv(readFileSync(join(outDir, "results.csv"), "utf8"));
    csvNumbers = new Set(csv.rows.flatMap((row) => row.flatMap((cell) => numbersIn(cell))));
  }, 120_000);

  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it("has a verdict line for each of H1-H10", () => {
    for (let h = 1; h <= 10; h++) {
      const section = report.split(/^## /m).find((s) => s.startsWith(`H${h}:`));
      expect(section, `section H${h}`).toBeDefined();
      const verdict = /^\*\*Verdict:\*\* (.*)$/m.exec(section as string);
      expect(verdict?.[1], `verdict H${h}`).toMatch(/^(supported|supported only when .+|not supported)\.$/);
    }
  });

  it("prints only numbers that are in results.csv (result blocks, tables and verdicts)", () => {
    const blocks = [...report.matchAll(/<!-- numbers -->\n([\s\S]*?)<!-- \/numbers -->/g)].map((m) => m[1]);
    expect(blocks.length).toBeGreaterThanOrEqual(11);
    const verdicts = [...report.matchAll(/^\*\*Verdict:\*\* (.*)$/gm)].map((m) => m[1]);
    const printed = [...blocks, ...verdicts].flatMap(numbersIn);
    expect(printed.length).toBeGreaterThan(50);
    const missing = printed.filter((x) => !csvNumbers.has(x));
    expect(missing).toEqual([]);
  });

  it("names a channel for each criterion read on a regime, and tabulates it under Channels", () => {
    const h1 = report.split(/^## /m).find((s) => s.startsWith("H1:")) as string;
    expect(h1).toMatch(/^\*\*Channel behind the verdict\*\*/m);
    expect(h1).toMatch(/^- hhi_lawful \(end vs baseline \(difference\)\): whole regime /m);
    // H9's first criterion reads the baseline (no regime): only its second is decomposed
    expect(run.claims.find((c) => c.study.id === "H9")!.channels.map((ch) => ch.criterion.metric)).toEqual(["open_weight_share"]);
    const channels = report.split(/^## /m).find((s) => s.startsWith("Channels (decomposition)")) as string;
    expect(channels).toContain("### H1: hhi_lawful (end vs baseline (difference), licensing-era)");
    expect(channels).toMatch(/^\| Pre-release audit \| .+ \| .+ \|$/m);
  });

  it("matches the verdicts it computed and writes a self-contained HTML page", () => {
    for (const claim of run.claims) expect(report).toContain(`**Verdict:** ${claim.verdict}.`);
    const html = readFileSync(join(outDir, "report.html"), "utf8");
    expect(html).toContain("<svg");
    expect(html).not.toMatch(/<img|<script|<link/);
  });
});

describe("claims study files and the decision rule", () => {
  const criterion: Criterion = { metric: "x", statistic: "end", against: "baseline", effect: "difference", direction: "increase", threshold: 0 };

  it("loads H1-H10 in order", () => {
    expect(loadClaimStudies(claimsDir).map((s) => s.id)).toEqual(["H1", "H2", "H3", "H4", "H5", "H6", "H7", "H8", "H9", "H10"]);
  });

  it("names the file and field of a mistake", () => {
    expect(() => parseClaimStudy("id: H1\ntitle: t\nclaim: c\nmechanism: m\narms: []\ncriteria: []\n", "bad.yaml")).toThrow(ClaimFileError);
    expect(() => parseClaimStudy("id: H1\ntitle: t\nclaim: c\nmechanism: m\narms: [{ name: a, scenario: s }]\ncriteria: [{ metric: x, direction: up }]\n", "bad.yaml")).toThrow(/bad.yaml: criteria.0.direction/);
  });

  it("quantiles interpolate (type 7)", () => {
    expect(quantile([1, 2, 3, 4, 5], 0.05)).toBeCloseTo(1.2, 12);
    expect(quantile([1, 2, 3, 4, 5], 0.95)).toBeCloseTo(4.8, 12);
  });

  it("a criterion holds when at least 75% of seeds pass the threshold in the claimed direction", () => {
    expect(summariseEffects([1, 1, 1, -1], criterion).holds).toBe(true);
    expect(summariseEffects([1, 1, -1, -1], criterion).holds).toBe(false);
    expect(summariseEffects([-1, -1, -1, -1], { ...criterion, direction: "decrease" }).holds).toBe(true);
  });

  it("states the region where a claim holds", () => {
    const point = (value: number, holds: boolean): SweepPointResult => ({ path: "regime.thresholdFlop", value, arm: "a", criteria: [], holds });
    expect(sweepCondition([point(1e25, true), point(1e26, true), point(1e27, false)])).toBe("the FLOP threshold <= 1e+26");
    expect(sweepCondition([point(1e25, false), point(1e26, true), point(1e27, true)])).toBe("the FLOP threshold >= 1e+26");
    expect(verdictOf(true, [point(1e25, true)], "a").verdict).toBe("supported");
    expect(verdictOf(false, [point(1e25, false)], "a").verdict).toBe("not supported");
    expect(verdictOf(true, [point(1e25, true), point(1e27, false)], "a").verdict).toMatch(/^supported only when the FLOP threshold <= 1e\+25/);
  });
});

describe("channels: a claim's effect split into the instruments of its arm's regime", () => {
  const arm: Setting = { scenario: "licensing-era", set: {} };
  const criterion: Criterion = { metric: "x", statistic: "end", against: "baseline", effect: "difference", direction: "increase", threshold: 0 };
  const on = (setting: Setting, path: string) => setting.set[path] === undefined;

  it("runs none (the baseline), bare, full and each instrument alone and last, on the arm's own overrides", async () => {
    const { scenario } = await loadScenario("licensing-era");
    const plan = channelPlan(arm, scenario, true)!;
    const ids = plan.instruments.map((i) => i.id);
    expect(ids).toContain("pre-release-audit");
    expect(ids).toContain("vetting-lockout");
    expect([...plan.settings.keys()]).toEqual(["none", "bare", "full", ...ids.map((id) => `only-${id}`), ...ids.map((id) => `without-${id}`)]);
    expect(plan.settings.get("none")).toEqual({ scenario: "baseline", set: {} });
    expect(plan.settings.get("full")).toEqual(arm);
    expect(plan.settings.get("without-pre-release-audit")!.set).toEqual({ "regime.preReleaseApproval.auditDelayQuarters": 0, "regime.preReleaseApproval.blockProbability": 0 });
    // a swept arm keeps its own overrides under the decomposition's; without the baseline, "none" drops the regime
    const swept: Setting = { scenario: "licensing-era", set: { "regime.complianceCosts.scale": 4 } };
    const sweptPlan = channelPlan(swept, (await loadScenario("licensing-era", { overrides: swept.set })).scenario, false)!;
    expect(sweptPlan.settings.get("none")).toEqual({ scenario: "licensing-era", set: { "regime.complianceCosts.scale": 4, regime: null } });
    expect(sweptPlan.settings.get("only-licence-fee")!.set["regime.complianceCosts.scale"]).toBe(4);
    expect(channelPlan({ scenario: "baseline", set: {} }, (await loadScenario("baseline")).scenario, true)).toBeUndefined();
  });

  it("additive instruments: the audit (+10) is the channel both alone and last, the fee (+5) next, no interactions", async () => {
    const { scenario } = await loadScenario("licensing-era");
    const plan = channelPlan(arm, scenario, true)!;
    // x = 100 + 1 (a regime) + 10 (audit on) + 5 (fee on), identical in every seed
    const value = (setting: Setting) =>
      setting.scenario === "baseline" ? 100 : 101 + (on(setting, "regime.preReleaseApproval.auditDelayQuarters") ? 10 : 0) + (on(setting, "regime.licenceFeePerYearUsdM") ? 5 : 0);
    const runOf = (setting: Setting): RunSeries => ({ years: [2026], series: new Map([["x", [value(setting)]]]) });
    const channel = judgeChannel(criterion, "licensing-era", plan, runOf, [1, 2, 3]);
    const effect = (kind: string, instrument = "") => channel.effects.find((e) => e.effect === kind && e.instrument === instrument)!.mean;
    expect(effect("total")).toBe(16);
    expect(effect("bare")).toBe(1);
    expect(effect("alone", "pre-release-audit")).toBe(10);
    expect(effect("last", "pre-release-audit")).toBe(10);
    expect(effect("alone", "licence-fee")).toBe(5);
    expect(effect("alone", "vetting-lockout")).toBe(0);
    expect(effect("interactions")).toBe(0);
    expect(channel.largestAlone?.instrument).toBe("pre-release-audit");
    expect(channel.largestLast?.instrument).toBe("pre-release-audit");
    expect(channel.bareDominates).toBe(false);
  });

  it("a licence that moves the value with no instrument at all is named before the instruments", async () => {
    const { scenario } = await loadScenario("licensing-era");
    const plan = channelPlan(arm, scenario, true)!;
    // x = 100 + 20 under any regime (the bare licence) + 3 with the audit on
    const value = (setting: Setting) => (setting.scenario === "baseline" ? 100 : 120 + (on(setting, "regime.preReleaseApproval.auditDelayQuarters") ? 3 : 0));
    const channel = judgeChannel(criterion, "licensing-era", plan, (setting) => ({ years: [2026], series: new Map([["x", [value(setting)]]]) }), [1, 2]);
    expect(channel.effects.find((e) => e.effect === "bare")!.mean).toBe(20);
    expect(channel.largestLast?.instrument).toBe("pre-release-audit");
    expect(channel.bareDominates).toBe(true);
  });

  it("an instrument that matters only with the others shows in last, not alone; an effect no instrument moves names none", async () => {
    const { scenario } = await loadScenario("licensing-era");
    const plan = channelPlan(arm, scenario, true)!;
    // x = 100 + 8 when the audit and enforcement are both on (an interaction), else 100
    const value = (setting: Setting) =>
      setting.scenario !== "baseline" && on(setting, "regime.preReleaseApproval.auditDelayQuarters") && on(setting, "regime.enforcement.detectionProbabilityPerQuarter") ? 108 : 100;
    const runOf = (setting: Setting): RunSeries => ({ years: [2026], series: new Map([["x", [value(setting)]]]) });
    const channel = judgeChannel(criterion, "licensing-era", plan, runOf, [1, 2]);
    expect(channel.largestAlone).toBeUndefined();
    expect(channel.largestLast?.instrument).toBe("pre-release-audit");
    expect(channel.effects.find((e) => e.effect === "last" && e.instrument === "enforcement")!.mean).toBe(8);
    expect(channel.effects.find((e) => e.effect === "interactions")!.mean).toBe(8);
    const flat = judgeChannel(criterion, "licensing-era", plan, () => ({ years: [2026], series: new Map([["x", [3]]]) }), [1]);
    expect(flat.largestAlone).toBeUndefined();
    expect(flat.largestLast).toBeUndefined();
  });

  it("a criterion against the run's first quarter decomposes that change (or ratio), not the level", () => {
    const run: RunSeries = { years: [2026, 2026.25], series: new Map([["x", [2, 6]]]) };
    expect(channelValue({ ...criterion, against: "start" }, run)).toBe(4);
    expect(channelValue({ ...criterion, against: "start", effect: "ratio" }, run)).toBe(3);
    expect(channelValue(criterion, run)).toBe(6);
  });
});
