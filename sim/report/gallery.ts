// Regenerates docs/gallery.md and docs/gallery/*: one chart of every kind, from real output
// directories (Node-only: files).
//
//   npx tsx sim/report/gallery.ts --run out/<scenario>/<seed> --compare <compare study dir> \
//     --sweep <two-parameter sweep dir> [--docs docs]
//
// Any source may be left out; its charts are then skipped. The page lists each chart's title,
// the `moat chart` command that makes it, the PNG and a link to its vega-lite spec.

import { mkdirSync, readdirSync, rmSync } from "node:fs";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { Command } from "commander";
import { readChartTables } from "./chart-data.js";
import { availableMetrics, buildChart, type ChartKind, type ChartSize, type StudyTables } from "./charts/index.js";
import { measureChartText, writeChartFiles, writeFileAtomic } from "./render.js";

export interface GallerySources {
  /** single-run directory from `moat run` (one seed) */
  run?: string;
  /** study directory from `moat compare` */
  compare?: string;
  /** study directory from `moat sweep` over two parameters */
  sweep?: string;
}

interface GalleryEntry {
  source: keyof GallerySources;
  heading: string;
  what: string;
  kind: ChartKind;
  metric: string;
  size: ChartSize;
}

const ENTRIES: GalleryEntry[] = [
  { source: "run", heading: "First run: a run against its no-regime counterfactual", what: "What `moat run` draws after a single run: the metric with and without the regime, same seed.", kind: "timeseries", metric: "hhi_usage", size: "social" },
  { source: "compare", heading: "Time series: regimes against the baseline", what: "Mean across seeds with the 5-95% band, the regime start marked, lines labelled at their ends.", kind: "timeseries", metric: "hhi_usage", size: "social" },
  { source: "compare", heading: "Difference from the baseline", what: "Per-seed differences (common random numbers) with their 5-95% band and a zero line.", kind: "difference", metric: "gray_share", size: "social" },
  { source: "compare", heading: "End state of every arm", what: "Last period: mean (dot) and 5-95% range across seeds (bar), sorted; the dashed line is the baseline.", kind: "endstate", metric: "consumer_surplus", size: "social" },
  { source: "compare", heading: "Market shares by provider kind", what: "Stacked usage shares of one arm, the gray market as its own dark band on top.", kind: "shares", metric: "usage_share", size: "social" },
  { source: "sweep", heading: "Heat map of a two-parameter sweep (HHI)", what: "Colour centred on the 1,800 line; cells above it are outlined.", kind: "heatmap", metric: "hhi_usage", size: "social" },
  { source: "sweep", heading: "Heat map of a two-parameter sweep (gray-market share)", what: "Sequential colour (viridis) for metrics without a policy line.", kind: "heatmap", metric: "gray_share", size: "social" },
  { source: "compare", heading: "Print: one journal column", what: "1050x788 px = 3.5 in at 300 dpi; type set in points (7 pt labels).", kind: "timeseries", metric: "hhi_usage", size: "print" },
  { source: "compare", heading: "Slide", what: "1920x1080 px.", kind: "difference", metric: "hhi_usage", size: "slide" },
];

/** Render every gallery chart the sources allow into `<docsDir>/gallery/` and write `<docsDir>/gallery.md`. */
export async function writeGallery(sources: GallerySources, docsDir: string): Promise<string[]> {
  const galleryDir = join(docsDir, "gallery");
  mkdirSync(galleryDir, { recursive: true });
  for (const file of readdirSync(galleryDir)) if (/\.(png|svg|vl\.json)$/.test(file)) rmSync(join(galleryDir, file));
  const tables = new Map<string, StudyTables>();
  const sections: string[] = [];
  const written: string[] = [];
  for (const entry of ENTRIES) {
    const dir = sources[entry.source];
    if (!dir) continue;
    if (!tables.has(dir)) tables.set(dir, readChartTables(dir));
    const study = tables.get(dir)!;
    const metrics = availableMetrics(study);
    if (entry.kind === "shares" ? !metrics.some((m) => m.startsWith(`${entry.metric}.`)) : !metrics.includes(entry.metric)) continue;
    const chart = buildChart(study, { kind: entry.kind, metric: entry.metric, size: entry.size, measureText: measureChartText });
    const files = await writeChartFiles(galleryDir, { ...chart, name: `${entry.source}-${chart.name}` }, ["png"], entry.size);
    written.push(...files);
    const [spec, png] = files.map((f) => relative(docsDir, f));
    const sizeFlag = entry.size === "social" ? "" : ` --size ${entry.size}`;
    sections.push(
      [
        `## ${entry.heading}`,
        "",
        entry.what,
        "",
        "```sh",
        `moat chart ${relative(process.cwd(), dir) || "."} --metric ${entry.metric} --kind ${entry.kind}${sizeFlag}`,
        "```",
        "",
        `![${chart.title.replace(/[[\]]/g, "")}](${png})`,
        "",
        `Spec: [${relative("gallery", spec)}](${spec}) (vega-lite, data inlined: restyle and render anywhere)`,
        "",
      ].join("\n"),
    );
  }
  const used = (Object.keys(sources) as (keyof GallerySources)[])
    .filter((k) => sources[k])
    .map((k) => `- ${k}: \`${relative(process.cwd(), sources[k]!)}\``);
  const fromFixtures = Object.values(sources).some((dir) => dir && /test[\\/]report[\\/]fixtures/.test(dir));
  const fixtureNote = fromFixtures
    ? [
        "> **Illustrative numbers.** These charts are drawn from the chart tests' fixtures",
        "> (`test/report/fixtures/`, made by `make-fixtures.ts` from a toy stand-in for the model), not from",
        "> the simulation: they show what each chart kind looks like, not what licensing does. Rerun the",
        "> command below on real study directories to replace them.",
        "",
      ]
    : [];
  const page = [
    "# Chart gallery",
    "",
    "Every chart kind `moat chart` draws, at the size it is written. Titles are computed from the data;",
    "the subtitle gives unit and setting; the source line names the moat version, scenarios and seeds.",
    "Type: Source Sans 3 (SIL Open Font License 1.1, from the `source-sans` npm package), the same in",
    "SVG and PNG on every machine. Colours: Okabe-Ito (colour-blind-safe); the baseline in grey.",
    "",
    "Each `moat chart <dir> --metric <id>` writes `<name>.vl.json` (the vega-lite spec, data inlined),",
    "`<name>.svg` and `<name>.png` into `<dir>/charts` (or `--out`). Sizes (`--size`): `social` 1200x675,",
    "`print` 1050x788 px (one journal column: 3.5 x 2.63 in at 300 dpi, type set in points: 9.5 pt title,",
    "7 pt labels, 6 pt source), `slide` 1920x1080. The same input gives byte-identical files.",
    "",
    ...fixtureNote,
    "Made from:",
    "",
    ...used,
    "",
    ...(madeByRecipe(sources)
      ? ["The shipped gallery's sources and the page, regenerated with:", "", "```sh", ...RECIPE, "```"]
      : ["Regenerate with `npx tsx sim/report/gallery.ts --run <run dir> --compare <compare dir> --sweep <sweep dir>`."]),
    "",
    ...sections,
  ].join("\n");
  const pagePath = join(docsDir, "gallery.md");
  writeFileAtomic(pagePath, page);
  written.push(pagePath);
  return written;
}

/** The commands that make the shipped gallery's sources (out/ relative to the repository) and the page. */
const RECIPE_SOURCES: Required<GallerySources> = {
  run: join("out", "licensing-era", "1"),
  compare: join("out", "compare-baseline-vs-licensing-era-compute-threshold-open-weight-ban"),
  sweep: join("out", "sweep-licensing-era"),
};
const RECIPE = [
  "npx moat run licensing-era",
  "npx moat compare baseline licensing-era compute-threshold open-weight-ban --seeds 30",
  "npx moat sweep licensing-era --vary regime.thresholdFlop=1e24,1e25,1e26,1e27 --vary regime.complianceCosts.scale=0.5,1,2 --seeds 10",
  `npx tsx sim/report/gallery.ts --run ${RECIPE_SOURCES.run} --compare ${RECIPE_SOURCES.compare} --sweep ${RECIPE_SOURCES.sweep}`,
];

// the page prints the recipe only when it was made from the recipe's own folders
function madeByRecipe(sources: GallerySources): boolean {
  return (Object.keys(RECIPE_SOURCES) as (keyof GallerySources)[]).every((k) => sources[k] !== undefined && relative(process.cwd(), sources[k]!) === RECIPE_SOURCES[k]);
}

async function main(argv: string[]): Promise<void> {
  const program = new Command("gallery")
    .description("regenerate docs/gallery.md and docs/gallery/ from run, compare and sweep output directories")
    .option("--run <dir>", "single-run output directory (out/<scenario>/<seed>)")
    .option("--compare <dir>", "study directory from moat compare")
    .option("--sweep <dir>", "study directory from moat sweep over two parameters")
    .option("--docs <dir>", "docs folder", "docs")
    .addHelpText("after", "\nExample:\n  $ npx tsx sim/report/gallery.ts --run out/eu-style/1 --compare out/studies/licensing --sweep out/studies/threshold-by-cost\n");
  program.parse(argv, { from: "user" });
  const options = program.opts<GallerySources & { docs: string }>();
  const written = await writeGallery({ run: options.run, compare: options.compare, sweep: options.sweep }, options.docs);
  for (const path of written) process.stdout.write(`${path}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).catch((error: Error) => {
    process.stderr.write(`gallery: ${error.message}\n`);
    process.exitCode = 2;
  });
}
