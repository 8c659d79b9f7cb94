import { describe, expect, it } from "vitest";
import { readScenarioFiles } from "../../sim/page/app/build.js";
import { toCsv, parseCsv } from "../../sim/io/csv.js";
import { RUNS_CSV_COLUMNS, pageExportHeader, runsCsv, scenarioYaml } from "../../sim/experiment/export.js";
import type { ArmRuns } from "../../sim/statistics.js";
import { buildWhatIf, listPresets } from "../../sim/page/whatif.js";
import { loadScenarioText } from "../../sim/scenario/resolve.js";

const tricky = [0.1 + 0.2, -0, 1e26, 1.2e-18, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 2026.25, -3];

describe("the runs CSV", () => {
  const arms: ArmRuns[] = [
    { name: "strict, with comma", scenario: "s", seeds: [7, 8], runs: [tricky.map((value, i) => ({ period: i, year: 2026 + i / 4, metric: "m", value })), [{ period: 0, year: 2026, metric: 'odd "metric"', value: 1 }]] },
    { name: "no regime", scenario: "s", seeds: [7, 8], runs: [[{ period: 0, year: 2026, metric: "m", value: 0.5 }], []] },
  ];

  it("has the CLI's metrics.csv columns with the arm and seed in front", () => {
    expect(runsCsv(arms).split("\n")[0]).toBe("arm,seed,period,year,metric,value");
    expect(RUNS_CSV_COLUMNS.slice(2)).toEqual(["period", "year", "metric", "value"]);
  });

  it("is byte-identical to the CLI's CSV writer (sim/io/csv.ts) for the same table", () => {
    const flat = arms.flatMap((arm) => arm.runs.flatMap((run, s) => run.map((row) => ({ arm: arm.name, seed: arm.seeds[s], ...row }))));
    const expected = toCsv(RUNS_CSV_COLUMNS.map((name) => ({ name, values: flat.map((row) => row[name]) })));
    expect(runsCsv(arms)).toBe(expected);
  });

  it("gives back the exact numbers when read", () => {
    const { header, rows } = parseCsv(runsCsv(arms));
    expect(header).toEqual([...RUNS_CSV_COLUMNS]);
    const values = rows.slice(0, tricky.length).map((row) => (row[5] === "Inf" ? Infinity : row[5] === "-Inf" ? -Infinity : Number(row[5])));
    expect(values).toEqual(tricky.map((v) => (Object.is(v, -0) ? 0 : v)));
    expect(rows[0][0]).toBe("strict, with comma");
  });
});

describe("the scenario YAML", () => {
  const files = readScenarioFiles();
  const presets = listPresets(files);

  it("is the full resolved scenario: read back it validates to the same scenario, without extends", () => {
    for (const preset of presets) {
      const whatIf = buildWhatIf(files, presets, { preset: preset.id, seeds: 2, changed: preset.hasRegime ? { threshold: 3.16e25, audit: 5, owban: true, foreign: true, algo: 6 } : { algo: 6 } });
      const yaml = scenarioYaml(whatIf.scenario, ["exported", "Page state: ?preset=x"]);
      expect(yaml.startsWith("# exported\n# Page state: ?preset=x\n")).toBe(true);
      expect(yaml).not.toMatch(/^extends:/m);
      const back = loadScenarioText(yaml, `${whatIf.scenario.name}.yaml`).scenario;
      expect(back).toEqual(whatIf.scenario);
    }
  });
});

describe("the YAML download's header", () => {
  const context = { scenarioName: "licensing-era-what-if", moatVersion: "0.1.0", query: "preset=licensing-era&seeds=20&threshold=1e25", seeds: 20, masterSeed: 1, hasRegime: true, changes: ["Licensing line (training compute): 1e26 FLOP -> 1e25 FLOP"] };

  it("gives the commands that reproduce the page's numbers: the seeds, the master seed, and the arm without the regime", () => {
    const header = pageExportHeader(context);
    expect(header).toContain("  npx moat run licensing-era-what-if.yaml --replicates 20 --seed 1");
    expect(header).toContain("  npx moat run licensing-era-what-if.yaml --replicates 20 --seed 1 --set regime=null --name licensing-era-what-if-no-regime");
    expect(header).toContain("Page state: ?preset=licensing-era&seeds=20&threshold=1e25");
    expect(header.slice(-2)).toEqual(["Changed from the preset:", "  Licensing line (training compute): 1e26 FLOP -> 1e25 FLOP"]);
  });

  it("without a regime there is one arm and one command", () => {
    const header = pageExportHeader({ ...context, scenarioName: "baseline", hasRegime: false, seeds: 1, changes: [] });
    expect(header.filter((line) => line.includes("npx moat run baseline.yaml --replicates"))).toEqual(["  npx moat run baseline.yaml --replicates 1 --seed 1"]);
    expect(header.join("\n")).not.toMatch(/regime=null|without it/);
  });
});
