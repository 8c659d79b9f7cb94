// The calibration core (records, moments, the simulated side, the comparison and its chart) is
// portable like the engine: nothing it imports, directly or not, is Node-only. Only
// sim/calibration/data.ts (reading the file) and the CLI sit at the I/O edge.
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const ENTRY_POINTS = ["moments", "epoch", "simulated", "compare", "chart"].map((m) => `sim/calibration/${m}.ts`);
const NODE_ONLY = /^(node:|fs$|path$|worker_threads$|child_process$|os$|url$|crypto$)/;

describe("the calibration core", () => {
  it("imports no Node-only module and never touches `process`", () => {
    const seen = new Set<string>();
    const queue = [...ENTRY_POINTS];
    const problems: string[] = [];
    while (queue.length > 0) {
      const file = queue.pop()!;
      if (seen.has(file)) continue;
      seen.add(file);
      const text = readFileSync(join(root, file), "utf8");
      const specifiers = [...text.matchAll(/(?:import|export)\s[^;]*?from\s+"([^"]+)"/g)].map((m) => m[1]);
      for (const spec of specifiers) if (!spec.startsWith(".") && NODE_ONLY.test(spec)) problems.push(`${file} imports ${spec}`);
      if (/\bprocess\./.test(text.replace(/\/\/.*$/gm, ""))) problems.push(`${file} uses process`);
      queue.push(...specifiers.filter((s) => s.startsWith(".")).map((s) => join(dirname(file), s.replace(/\.js$/, ".ts"))));
    }
    expect(seen.has("sim/engine.ts")).toBe(true); // the walk followed the imports into the engine
    expect(problems).toEqual([]);
  });
});
