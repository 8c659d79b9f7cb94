// The page's worker code path against the engine as the CLI calls it: same scenario, same seed,
// identical metric values (bit for bit). The browser test (page.browser.test.ts) checks the same
// through the built bundle in Chromium.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { buildPage, readScenarioFiles } from "../../sim/page/app/build.js";
import type { RunReply, RunTask } from "../../sim/page/run.js";
import { deriveSeeds } from "../../sim/experiment/seeds.js";
import { runTask } from "../../sim/page/run.js";
import { buildWhatIf, listPresets } from "../../sim/page/whatif.js";
import { loadScenario } from "../../sim/scenario/load.js";
import { simulate } from "../../sim/simulate.js";

const files = readScenarioFiles();
const presets = listPresets(files);

describe("the worker's run", () => {
  it("returns the metrics simulate returns for the same scenario and seed, and the no-regime arm is simulate's counterfactual", async () => {
    const whatIf = buildWhatIf(files, presets, { preset: "licensing-era", seeds: 2, changed: { threshold: 3.16e25, detection: 0.4 } });
    const fromDisk = (await loadScenario("licensing-era", { overrides: { "regime.thresholdFlop": 3.16e25, "regime.enforcement.detectionProbabilityPerQuarter": 0.4 } })).scenario;
    expect({ ...whatIf.scenario, name: "", description: "" }).toEqual({ ...fromDisk, name: "", description: "" });
    for (const seed of deriveSeeds(whatIf.scenario.seed, 2)) {
      const cli = simulate(fromDisk, seed, { counterfactual: true });
      const withRegime = runTask({ id: 1, scenario: whatIf.scenario, seed });
      const without = runTask({ id: 2, scenario: whatIf.noRegime!, seed });
      expect(withRegime.error).toBeUndefined();
      expect(withRegime.metrics).toEqual(cli.metrics);
      expect(without.metrics).toEqual(cli.counterfactualMetrics);
      expect(withRegime.metrics!.length).toBeGreaterThan(1000);
    }
  });

  it("gives the same numbers from the built worker bundle (esbuild, minified) run in Node", async () => {
    const dir = mkdtempSync(join(tmpdir(), "moat-worker-bundle-"));
    try {
      const built = await buildPage(join(dir, "site"));
      const code = readFileSync(join(built.outDir, "worker.js"), "utf8");
      const replies: RunReply[] = [];
      const self: { onmessage?: (event: { data: RunTask }) => void; postMessage: (reply: RunReply) => void } = { postMessage: (reply) => replies.push(reply) };
      runInNewContext(code, { self, performance, Math, console });
      const whatIf = buildWhatIf(files, presets, { preset: "licensing-era", seeds: 1, changed: { threshold: 1e25 } });
      const [seed] = deriveSeeds(whatIf.scenario.seed, 1);
      self.onmessage?.({ data: { id: 7, scenario: whatIf.scenario, seed } });
      expect(replies).toHaveLength(1);
      expect(replies[0].id).toBe(7);
      expect(replies[0].metrics).toEqual(simulate(whatIf.scenario, seed, { recordFirms: false }).metrics);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("reports an engine failure as a message instead of throwing", () => {
    const whatIf = buildWhatIf(files, presets, { preset: "baseline", seeds: 1, changed: {} });
    const reply = runTask({ id: 3, scenario: { ...whatIf.scenario, kinds: undefined as never }, seed: 1 });
    expect(reply.metrics).toBeUndefined();
    expect(reply.error).toMatch(/\S/);
  });
});
