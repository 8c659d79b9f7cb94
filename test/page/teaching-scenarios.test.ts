// The teaching scenarios: commented files a student reads top to bottom, each extending a shipped
// scenario, each valid for the CLI's loader and offered by the what-if page.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readScenarioFiles, repoRoot } from "../../sim/page/app/build.js";
import { listPresets } from "../../sim/page/whatif.js";
import { loadScenario } from "../../sim/scenario/load.js";
import { simulate } from "../../sim/simulate.js";

const dir = join(repoRoot, "scenarios", "teaching");
const files = readdirSync(dir).filter((f) => f.endsWith(".yaml")).sort();

describe("teaching scenarios", () => {
  it("are there, and the what-if page offers each of them", () => {
    expect(files.length).toBeGreaterThanOrEqual(4);
    const teaching = listPresets(readScenarioFiles()).filter((p) => p.group === "teaching").map((p) => p.file);
    expect(teaching.sort()).toEqual(files.map((f) => `teaching/${f}`));
  });

  it.each(files)("%s reads top to bottom: an explaining header, extends a scenario, comments on its settings, ends with questions", (file) => {
    const text = readFileSync(join(dir, file), "utf8");
    const lines = text.split("\n");
    const header = lines.findIndex((line) => !line.startsWith("#"));
    expect(header, "comment lines before the first setting").toBeGreaterThanOrEqual(6);
    expect(text).toMatch(/^extends: \S+\.yaml/m);
    // a setting is explained by a comment on its line or on the line above
    const settings = lines.map((line, i) => ({ line, above: lines[i - 1] ?? "" })).filter(({ line }) => /^\s*[A-Za-z][A-Za-z0-9_-]*:/.test(line));
    const explained = settings.filter(({ line, above }) => line.includes("#") || above.trim().startsWith("#"));
    expect(explained.length / settings.length, "share of settings with a comment").toBeGreaterThanOrEqual(0.5);
    expect(text).toMatch(/^# Questions\n# 1\. /m);
    expect(text).toMatch(/npx moat run scenarios\/teaching\//);
  });

  it.each(files)("%s loads with the CLI's loader and runs", async (file) => {
    const { scenario } = await loadScenario(join(dir, file));
    expect(scenario.extends).toBeUndefined();
    expect(scenario.regime).not.toBeNull();
    const run = simulate(scenario, 1, { recordFirms: false });
    expect(run.metrics.filter((row) => row.metric === "hhi_usage")).toHaveLength(scenario.periods);
  });
});
