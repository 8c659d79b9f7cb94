// Golden outputs: SHA-256 digests of every output the shipped scenarios and studies produce
// (CSV, Parquet, chart specs, SVG, PNG, the claims report, the what-if page's CSV and YAML).
// A refactor that claims to change no number is checked against them.
//
//   npx tsx test/golden/outputs.ts record [--quick]   # write test/golden/digests[-quick].json
//   npx tsx test/golden/outputs.ts check  [--quick]   # regenerate and compare; exit 1 on any difference
//
// --quick covers every shipped scenario (one run each), a small compare and sweep with charts,
// the page's export and `moat claims --quick`: a minute on 2 cores. The full set adds the four
// studies in scenarios/studies/ and the default `moat claims` (60 seeds).
// Needs the build (`npm run build`): it drives the CLI as a user does, through bin/moat.js.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const moat = join(repo, "bin", "moat.js");

/** Files whose bytes depend on the machine or version, not on the model. */
const VOLATILE = [/manifest\.json$/, /study\.json$/, /environment\.json$/, /\.lock$/, /progress/];

function sh(args: string[]): void {
  execFileSync(process.execPath, [moat, ...args], { cwd: repo, stdio: ["ignore", "ignore", "inherit"] });
}

function scenarioFiles(): string[] {
  const dirs = ["scenarios", "scenarios/teaching", "scenarios/textbook"];
  return dirs.flatMap((dir) =>
    readdirSync(join(repo, dir)).filter((f) => f.endsWith(".yaml")).sort().map((f) => join(dir, f)),
  );
}

async function pageExport(outDir: string): Promise<void> {
  const api = await import(join(repo, "dist", "sim", "api.js"));
  for (const file of readdirSync(join(repo, "scenarios", "teaching")).filter((f) => f.endsWith(".yaml")).sort()) {
    const { scenario } = await api.loadScenario(join(repo, "scenarios", "teaching", file));
    const comparison = api.compareWithoutRegime(scenario, { seeds: 4 });
    writeFileSync(join(outDir, `${file}.runs.csv`), api.runsCsv(comparison.arms));
    writeFileSync(join(outDir, `${file}.scenario.yaml`), api.scenarioYaml(scenario, ["# golden"]));
    writeFileSync(join(outDir, `${file}.readout.json`), JSON.stringify(api.readoutLines(comparison.tables), null, 1));
  }
}

async function generate(root: string, quick: boolean): Promise<void> {
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  for (const file of scenarioFiles()) sh(["run", file, "--out", join(root, "run"), "--quiet"]);
  sh(["run", "licensing-era", "--replicates", "3", "--out", join(root, "replicates"), "--quiet", "--workers", "2"]);
  const compare = join(root, "compare");
  sh(["compare", "baseline", "licensing-era", "tiered-licensing", "--seeds", "4", "--out", compare, "--quiet", "--workers", "2"]);
  const sweep = join(root, "sweep");
  sh(["sweep", "licensing-era", "--vary", "regime.thresholdFlop=1e25,1e26", "--vary", "regime.complianceCosts.scale=0.5,2",
    "--seeds", "2", "--set", "periods=12", "--out", sweep, "--quiet", "--workers", "2"]);
  const lhs = join(root, "lhs");
  sh(["sweep", "licensing-era", "--vary", "regime.thresholdFlop=1e24:1e28", "--vary", "regime.enforcement.penaltyUsdM=1:1000",
    "--sample", "lhs", "--points", "4", "--seeds", "2", "--set", "periods=8", "--out", lhs, "--quiet", "--workers", "2"]);
  for (const [kind, metric] of [["timeseries", "hhi_usage"], ["difference", "gray_share"], ["endstate", "consumer_surplus"], ["shares", "usage_share"]]) {
    sh(["chart", compare, "--metric", metric, "--kind", kind]);
  }
  sh(["chart", compare, "--metric", "hhi_usage", "--size", "print"]);
  sh(["chart", compare, "--metric", "hhi_usage", "--kind", "difference", "--size", "slide"]);
  sh(["chart", sweep, "--metric", "hhi_usage"]);
  sh(["chart", sweep, "--metric", "gray_share"]);
  sh(["chart", join(root, "run", "licensing-era", "1"), "--metric", "gray_share"]);
  sh(["chart", join(root, "replicates"), "--metric", "hhi_usage"]);
  const page = join(root, "page");
  mkdirSync(page, { recursive: true });
  await pageExport(page);
  sh(["claims", "--quick", "--out", join(root, "claims-quick"), "--quiet", "--workers", "2"]);
  if (quick) return;
  for (const study of readdirSync(join(repo, "scenarios", "studies")).filter((f) => f.endsWith(".yaml")).sort()) {
    sh(["study", join("scenarios", "studies", study), "--out", join(root, "studies", study), "--quiet", "--workers", "2"]);
  }
  sh(["claims", "--out", join(root, "claims"), "--quiet", "--workers", "2"]);
}

/** The claims report states its wall-clock time ("57 runs in all in 2 s"): the one volatile phrase. */
function normalise(rel: string, bytes: Buffer): Buffer | string {
  if (!/report\.(md|html)$/.test(rel)) return bytes;
  return bytes.toString("utf8").replace(/runs in all in [0-9.,]+ s\b/g, "runs in all in <elapsed> s");
}

function digests(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else {
        const rel = relative(root, path).split("\\").join("/");
        if (VOLATILE.some((re) => re.test(rel))) continue;
        out[rel] = createHash("sha256").update(normalise(rel, readFileSync(path))).digest("hex");
      }
    }
  };
  walk(root);
  return out;
}

async function main(): Promise<void> {
  const [mode, ...flags] = process.argv.slice(2);
  const quick = flags.includes("--quick");
  const file = join(repo, "test", "golden", quick ? "digests-quick.json" : "digests.json");
  const root = join(repo, "out", quick ? "golden-quick" : "golden");
  if (mode !== "record" && mode !== "check") {
    console.error("usage: tsx test/golden/outputs.ts record|check [--quick]");
    process.exit(2);
  }
  await generate(root, quick);
  const found = digests(root);
  if (mode === "record") {
    writeFileSync(file, JSON.stringify(found, null, 1) + "\n");
    console.log(`recorded ${Object.keys(found).length} digests in ${relative(repo, file)}`);
    return;
  }
  if (!existsSync(file)) throw new Error(`${file}: no recorded digests; run with 'record' first`);
  const expected = JSON.parse(readFileSync(file, "utf8")) as Record<string, string>;
  const problems: string[] = [];
  for (const [path, hash] of Object.entries(expected)) {
    if (!(path in found)) problems.push(`missing: ${path}`);
    else if (found[path] !== hash) problems.push(`changed: ${path}`);
  }
  for (const path of Object.keys(found)) if (!(path in expected)) problems.push(`new: ${path}`);
  if (problems.length) {
    console.error(problems.join("\n"));
    console.error(`${problems.length} of ${Object.keys(expected).length} outputs differ (outputs in ${relative(repo, root)})`);
    process.exit(1);
  }
  console.log(`all ${Object.keys(expected).length} outputs byte-identical to ${relative(repo, file)}`);
}

await main();
