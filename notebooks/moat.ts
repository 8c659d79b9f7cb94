// moat in a notebook: its library (sim/api.ts, as built into dist/ by `npm ci`) and a chart
// display for the tslab kernel.
//   import type * as Moat from "../dist/sim/api.js";   // the types, for annotations (Moat.MetricRow)
//   import { loadMoat, show } from "./moat.js";
//   const moat = await loadMoat();
//   await show(moat.buildChart(tables, { kind: "timeseries", metric: "hhi_usage", size: "social" }));
// tslab runs cells as CommonJS and would load the library with require(), which cannot load an ES
// module graph with a top-level await (vega's canvas loader has one); a real dynamic import can, so
// the import below is kept away from the TypeScript compiler's rewriting.
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import * as tslab from "tslab";
import type * as Moat from "../dist/sim/api.js";

const importModule = new Function("specifier", "return import(specifier)") as (specifier: string) => Promise<unknown>;

let library: Promise<typeof Moat> | undefined;

/** moat's library API; the kernel runs in the notebook's folder, beside dist/. */
export function loadMoat(): Promise<typeof Moat> {
  library ??= importModule(pathToFileURL(resolve(process.cwd(), "..", "dist", "sim", "api.js")).href) as Promise<typeof Moat>;
  return library;
}

/** Draw a chart from moat.buildChart with the command line's renderer and show it as a PNG; the value is its title. */
export async function show(chart: { spec: Moat.Chart["spec"]; title: string }): Promise<string> {
  const moat = await loadMoat();
  const { png } = await moat.renderChart(chart.spec);
  tslab.display.png(new Uint8Array(png));
  return `chart: ${chart.title}`;
}
