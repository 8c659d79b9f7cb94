// `moat chart` through commander: files written atomically, defaults, and user mistakes -> status 2.
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { Command, CommanderError } from "commander";
import { describe, expect, it } from "vitest";
import { registerChartCommand, runChart, writeDefaultRunChart } from "../../sim/cli/chart.js";

const here = dirname(fileURLToPath(import.meta.url));
const fixtures = join(here, "fixtures");
const tmp = () => mkdtempSync(join(tmpdir(), "moat-chart-cli-"));

// Run `moat chart ...` in-process the way main.ts will: exitOverride, output captured.
async function moat(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const program = new Command("moat").exitOverride().configureOutput({ writeOut: (s) => (stdout += s), writeErr: (s) => (stderr += s) });
  registerChartCommand(program);
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string) => ((stdout += chunk), true)) as typeof process.stdout.write;
  try {
    await program.parseAsync(args, { from: "user" });
    return { code: 0, stdout, stderr };
  } catch (error) {
    if (error instanceof CommanderError) return { code: error.exitCode, stdout, stderr };
    throw error;
  } finally {
    process.stdout.write = write;
  }
}

describe("moat chart", () => {
  it("writes the spec, SVG and PNG for each fixture directory with its default kind", async () => {
    for (const [dir, stem] of [
      ["single-run", "hhi_usage-timeseries"],
      ["compare", "hhi_usage-timeseries"],
      ["replicated-run", "hhi_usage-timeseries"],
      ["sweep", "hhi_usage-heatmap"],
    ]) {
      const out = tmp();
      const result = await moat(["chart", join(fixtures, dir), "--metric", "hhi_usage", "--out", out]);
      expect(result.code).toBe(0);
      expect(readdirSync(out).sort()).toEqual([`${stem}.png`, `${stem}.svg`, `${stem}.vl.json`]);
      expect(result.stdout.trim().split("\n")).toEqual([`${stem}.vl.json`, `${stem}.svg`, `${stem}.png`].map((f) => join(out, f)));
      const spec = JSON.parse(readFileSync(join(out, `${stem}.vl.json`), "utf8"));
      expect(spec.$schema).toContain("vega-lite");
    }
  });

  it("honours --kind, --size, --format and --title", async () => {
    const out = tmp();
    const result = await moat(["chart", join(fixtures, "compare"), "-m", "gray_share", "--kind", "difference", "--size", "print", "--format", "svg", "--out", out, "--title", "Gray goes up"]);
    expect(result.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(["gray_share-difference-print.svg", "gray_share-difference-print.vl.json"]);
    const spec = JSON.parse(readFileSync(join(out, "gray_share-difference-print.vl.json"), "utf8"));
    expect(spec.title.text).toEqual(["Gray goes up"]);
    expect([spec.width, spec.height]).toEqual([1050, 788]);
  });

  it("rejects an unknown metric with status 2, naming it and listing the available ones, and writes nothing", async () => {
    const out = tmp();
    const result = await moat(["chart", join(fixtures, "compare"), "--metric", "hhi_usgae", "--out", out]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/moat chart: unknown metric "hhi_usgae" in study "licensing-vs-none"; available metrics: .*gray_share, hhi_revenue, hhi_usage/);
    expect(readdirSync(out)).toEqual([]);
  });

  it("rejects a bad kind, size, format or directory with status 2", async () => {
    const dir = join(fixtures, "compare");
    for (const [args, message] of [
      [["--kind", "pie"], /unknown chart kind "pie"; expected one of timeseries, difference/],
      [["--size", "poster"], /unknown size "poster"; expected one of social, print, slide/],
      [["--format", "svg,pdf"], /unknown format "pdf"/],
      [["--kind", "heatmap"], /needs a sweep over two parameters/],
    ] as [string[], RegExp][]) {
      const result = await moat(["chart", dir, "--out", tmp(), ...args]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(message);
    }
    const missing = await moat(["chart", join(fixtures, "nope")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no such directory/);
  });

  it("exits with status 2 as a process (harness standing in for main.ts)", async () => {
    const run = promisify(execFile);
    const tsx = join(here, "..", "..", "node_modules", ".bin", "tsx");
    const error = await run(tsx, [join(here, "chart-cli-harness.ts"), "chart", join(fixtures, "compare"), "--metric", "bogus"]).catch((e) => e);
    expect(error.code).toBe(2);
    expect(error.stderr).toContain('unknown metric "bogus"');
  });

  it("writes into <dir>/charts by default and leaves no temporary files", async () => {
    const out = tmp();
    const written = await runChart(join(fixtures, "compare"), { kind: "shares", out });
    expect(written.map((p) => p.slice(out.length + 1))).toEqual(["usage_share-shares.vl.json", "usage_share-shares.svg", "usage_share-shares.png"]);
    expect(readdirSync(out).filter((f) => f.includes(".tmp"))).toEqual([]);
  });
});

describe("writeDefaultRunChart", () => {
  it("draws HHI and the gray-market share of a single run against its counterfactual", async () => {
    const { cpSync } = await import("node:fs");
    const runDir = join(tmp(), "strict-licensing", "42");
    cpSync(join(fixtures, "single-run"), runDir, { recursive: true });
    const written = await writeDefaultRunChart(runDir);
    expect(written.map((p) => p.slice(runDir.length + 1))).toEqual([
      "charts/hhi_usage-timeseries.vl.json",
      "charts/hhi_usage-timeseries.svg",
      "charts/hhi_usage-timeseries.png",
      "charts/gray_share-timeseries.vl.json",
      "charts/gray_share-timeseries.svg",
      "charts/gray_share-timeseries.png",
    ]);
    for (const path of written) expect(existsSync(path)).toBe(true);
    const spec = JSON.parse(readFileSync(written[0], "utf8"));
    expect(spec.title.text.join(" ")).toMatch(/^The strict-licensing regime raises market concentration/);
  });
});
