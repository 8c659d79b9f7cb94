// The engine core runs in a browser and in workers: nothing it imports, directly or indirectly,
// may use Node-only modules or the `process` global.
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const ENTRY_POINTS = [
  "sim/simulate.ts",
  "sim/scenario/resolve.ts",
  "sim/report/charts.ts",
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
