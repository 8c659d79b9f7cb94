// The engine core runs in a browser and in workers: nothing it imports, directly or indirectly,
// may use Node-only modules or the `process` global. And the layers import downwards only:
//   core (the model: sim/*.ts, sim/scenario/, ...) <- experiment (sim/experiment/, sim/io/)
//   <- report (sim/report/) <- the interfaces (sim/cli/, sim/page/, the library API sim/api.ts).
import { readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const ENTRY_POINTS = [
  "sim/simulate.ts",
  "sim/scenario/resolve.ts",
  "sim/report/charts/index.ts",
  "sim/page/run.ts",
  "sim/csv.ts",
  "sim/experiment/seeds.ts",
  "sim/experiment/saltelli.ts",
  "sim/experiment/morris.ts",
  "sim/experiment/prim.ts",
];
const NODE_ONLY = /^(node:|fs$|path$|worker_threads$|child_process$|os$|url$|crypto$)/;

/** Relative .ts files a module imports (static imports and re-exports). */
function localImports(file: string): { local: string[]; external: string[] } {
  const text = readFileSync(join(root, file), "utf8");
  const specifiers = [...text.matchAll(/(?:import|export)\s[^;]*?from\s+"([^"]+)"/g)].map((m) => m[1]);
  const local = specifiers.filter((s) => s.startsWith(".")).map((s) => join(dirname(file), s.replace(/\.js$/, ".ts")));
  return { local, external: specifiers.filter((s) => !s.startsWith(".")) };
}

/** Every file a module reaches through its static imports, itself included. */
function reachable(entry: string): Set<string> {
  const seen = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    queue.push(...localImports(file).local);
  }
  return seen;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(root, path)).isDirectory()) return sourceFiles(path);
    return name.endsWith(".ts") ? [path] : [];
  });
}

const LAYER_DIRS = { experiment: ["sim/experiment/", "sim/io/"], report: ["sim/report/"], cli: ["sim/cli/"], page: ["sim/page/"] } as const;
const inLayer = (file: string, layer: keyof typeof LAYER_DIRS): boolean => LAYER_DIRS[layer].some((dir) => file.startsWith(dir));

/** Files of `from` (each with everything it reaches) that reach a file of the forbidden layers. */
function upwardImports(from: string[], forbidden: (keyof typeof LAYER_DIRS)[]): string[] {
  const problems: string[] = [];
  for (const file of from)
    for (const reached of reachable(file)) if (forbidden.some((layer) => inLayer(reached, layer))) problems.push(`${file} reaches ${reached}`);
  return problems;
}

describe("the layers import downwards only", () => {
  // the model core: what a run reaches, the scenario loader, the metric registry and the statistics
  const CORE_ENTRIES = ["sim/simulate.ts", "sim/scenario/resolve.ts", "sim/scenario/load.ts", "sim/metric-catalog.ts", "sim/statistics.ts"];

  it("the model core imports nothing from the experiment, report, CLI or page layers", () => {
    const core = [...new Set(CORE_ENTRIES.flatMap((entry) => [...reachable(entry)]))];
    expect(core.length).toBeGreaterThan(15);
    expect(upwardImports(core, ["experiment", "report", "cli", "page"])).toEqual([]);
  });

  it("the report layer imports nothing from the CLI or the page", () => {
    const report = sourceFiles("sim/report");
    expect(report).toContain("sim/report/charts/index.ts");
    expect(upwardImports(report, ["cli", "page"])).toEqual([]);
  });

  it("the library API (sim/api.ts) imports nothing from the CLI or the page", () => {
    expect(upwardImports(["sim/api.ts"], ["cli", "page"])).toEqual([]);
  });

  it("the check follows imports across files: the CLI reaches the experiment layer", () => {
    expect(upwardImports(["sim/cli/run.ts"], ["experiment"])).toContain("sim/cli/run.ts reaches sim/experiment/study.ts");
  });
});

describe("the portable core", () => {
  it("imports no Node-only module and never touches `process`", () => {
    const seen = new Set<string>();
    const queue = [...ENTRY_POINTS];
    const problems: string[] = [];
    while (queue.length > 0) {
      const file = queue.pop()!;
      if (seen.has(file)) continue;
      seen.add(file);
      const { local, external } = localImports(file);
      for (const spec of external) if (NODE_ONLY.test(spec)) problems.push(`${file} imports ${spec}`);
      const code = readFileSync(join(root, file), "utf8").replace(/\/\/.*$/gm, "");
      if (/\bprocess\./.test(code)) problems.push(`${file} uses process`);
      queue.push(...local);
    }
    expect(seen.size).toBeGreaterThan(15); // the walk really followed the imports
    expect(problems).toEqual([]);
  });
});
