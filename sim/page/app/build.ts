// Builds the what-if page into a folder any static host can serve (default out/page/):
//   index.html, style.css, main.js (the page), worker.js (the engine), fonts/ (the chart font).
// Every scenario in scenarios/*.yaml and scenarios/teaching/*.yaml is bundled as text, so the
// page fetches nothing at run time but its own files.
//   npx tsx sim/page/app/build.ts [outDir]      (npm run page:build)
import { copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync, existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = resolve(here, "../../..");
export const defaultOutDir = join(repoRoot, "out", "page");

/** Scenario files by path relative to scenarios/: top level and teaching/. */
export function readScenarioFiles(scenariosDir = join(repoRoot, "scenarios")): Record<string, string> {
  const files: Record<string, string> = {};
  for (const sub of ["", "teaching"]) {
    const dir = join(scenariosDir, sub);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).sort()) {
      if (!/\.ya?ml$/i.test(name)) continue;
      files[sub ? `${sub}/${name}` : name] = readFileSync(join(dir, name), "utf8");
    }
  }
  return files;
}

const FONT_FILES = ["SourceSans3-Regular.ttf.woff2", "SourceSans3-Semibold.ttf.woff2"];

export interface BuildResult {
  outDir: string;
  scenarios: string[];
  bytes: Record<string, number>;
}

/** Build the page into `outDir` (emptied first). */
export async function buildPage(outDir = defaultOutDir, options: { minify?: boolean } = {}): Promise<BuildResult> {
  const scenarios = readScenarioFiles();
  const version = (JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as { version: string }).version;
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(join(outDir, "fonts"), { recursive: true });
  const common = {
    bundle: true,
    platform: "browser" as const,
    target: "es2022",
    minify: options.minify ?? true,
    sourcemap: false,
    legalComments: "none" as const,
    logLevel: "warning" as const,
    define: { __MOAT_SCENARIOS__: JSON.stringify(scenarios), __MOAT_VERSION__: JSON.stringify(version) },
  };
  const result = await build({
    ...common,
    entryPoints: { main: join(here, "src", "main.ts"), worker: join(here, "src", "worker.ts") },
    outdir: outDir,
    format: "esm",
    metafile: true,
  });
  for (const file of ["index.html", "style.css"]) copyFileSync(join(here, file), join(outDir, file));
  const fontDir = join(dirname(createRequire(import.meta.url).resolve("source-sans/package.json")), "WOFF2", "TTF");
  for (const font of FONT_FILES) copyFileSync(join(fontDir, font), join(outDir, "fonts", font));
  const bytes: Record<string, number> = {};
  for (const [path, output] of Object.entries(result.metafile.outputs)) bytes[path.split("/").pop() as string] = output.bytes;
  return { outDir, scenarios: Object.keys(scenarios), bytes };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outDir = resolve(process.argv[2] ?? defaultOutDir);
  const built = await buildPage(outDir);
  const sizes = Object.entries(built.bytes).map(([name, n]) => `${name} ${(n / 1024).toFixed(0)} kB`).join(", ");
  console.log(`built the what-if page in ${outDir} (${sizes}; scenarios: ${built.scenarios.join(", ")})`);
}
