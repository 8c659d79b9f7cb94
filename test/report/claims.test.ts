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
import {
  ClaimFileError,
  loadClaimStudies,
  parseClaimStudy,
  quickSettings,
  summariseEffects,
  sweepCondition,
  verdictOf,
  type ClaimsRun,
  type Criterion,
  type SweepPointResult,
} from "../../sim/report/claims.js";
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
