// Loading scenario files from disk (Node only): finds the file for a name or path, follows
// `extends:` across files, applies overrides, validates, and hashes the result. The portable part
// (YAML, merging, validation) lives in resolve.ts; this file only adds the file system.
//
// Where files are looked for:
// - `ref` containing a path separator or ending in .yaml/.yml/.json is a path, relative to the
//   current directory;
// - any other `ref` is a bare scenario name: `<scenariosDir>/<name>.yaml` (or `.yml`);
// - `extends: <path>` is relative to the extending file's directory; `extends: <name>` is a bare
//   name in `<scenariosDir>`; either must be a .yaml/.yml file in the top file's folder or in
//   `<scenariosDir>` (or a folder below one of them, symbolic links followed): a scenario cannot
//   make moat read any other file;
// - `scenariosDir` defaults to `scenarios/` in the moat repository root: the nearest directory above
//   this module holding moat's package.json (so it works from sim/ and from dist/), else the current
//   directory.
// Files are named in messages relative to the current directory when inside it, else absolutely.
import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync, realpathSync, statSync } from "node:fs";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { ScenarioError, quote } from "./errors.js";
import { canonicalJson, resolveScenarioText, type ResolvedExtends } from "./resolve.js";
import type { Scenario } from "./schema.js";

export { ScenarioError } from "./errors.js";
export { loadScenarioText, scenarioHashAsync, setPath, mergeScenario, parseScenario } from "./resolve.js";

/** Largest scenario file read: a scenario is hand-written settings, not data. */
export const MAX_SCENARIO_FILE_BYTES = 1024 * 1024;

export interface LoadScenarioOptions {
  /** Dotted path -> value, applied after extends (e.g. `{ "regime.thresholdFlop": 1e25 }`). */
  overrides?: Record<string, unknown>;
  /** Where bare names are looked up (default: `scenarios/` in the repository root). */
  scenariosDir?: string;
}

export interface LoadedScenario {
  scenario: Scenario;
  /** The top file as named in messages. */
  file: string;
  /** SHA-256 (hex) of the resolved scenario's canonical JSON. */
  hash: string;
  /** The merged input before validation (extends and overrides applied, no `extends` key). */
  raw: unknown;
}

/** SHA-256 (hex) of the scenario's canonical JSON (sorted keys); equals scenarioHashAsync. */
export function scenarioHash(scenario: Scenario): string {
  return createHash("sha256").update(canonicalJson(scenario), "utf8").digest("hex");
}

/** The nearest directory at or above `start` whose package.json is moat's; undefined if none. */
function findRepoRoot(start: string): string | undefined {
  let dir = start;
  for (let guard = 0; guard < 64; guard++) {
    const manifest = join(dir, "package.json");
    try {
      if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, "utf8")) as { name?: unknown }).name === "moat") return dir;
    } catch {
      // an unreadable package.json is not ours; keep looking
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
  return undefined;
}

/** `scenarios/` in the repository root (see the header comment). */
export function defaultScenariosDir(): string {
  const root = findRepoRoot(dirname(fileURLToPath(import.meta.url))) ?? findRepoRoot(process.cwd()) ?? process.cwd();
  return join(root, "scenarios");
}

/** Names of the scenario files in a directory, sorted; empty when it cannot be read. */
export function listScenarioNames(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((f) => /\.ya?ml$/i.test(f))
      .map((f) => f.replace(/\.ya?ml$/i, ""))
      .sort();
  } catch {
    return [];
  }
}

function displayName(absolutePath: string): string {
  const rel = relative(process.cwd(), absolutePath);
  const inside = rel !== "" && !rel.startsWith("..") && !isAbsolute(rel);
  return (inside ? rel : absolutePath).split(sep).join("/");
}

function isBareName(ref: string): boolean {
  return !/[\\/]/.test(ref) && !/\.(ya?ml|json)$/i.test(ref);
}

/** The absolute path a reference points to: bare names in the scenarios dir, paths from `baseDir`. */
function locate(ref: string, baseDir: string, scenariosDir: string): { path: string; listDir: string } {
  if (isBareName(ref)) {
    const yaml = join(scenariosDir, `${ref}.yaml`);
    const yml = join(scenariosDir, `${ref}.yml`);
    return { path: !existsSync(yaml) && existsSync(yml) ? yml : yaml, listDir: scenariosDir };
  }
  const path = resolve(baseDir, ref);
  return { path, listDir: existsSync(dirname(path)) ? dirname(path) : scenariosDir };
}

/** The real path of a folder (symbolic links followed), or the path itself when it does not exist. */
function realDirectory(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

/** The real path of a file: its folder's real path and its name (a missing file is reported as missing later). */
function realFile(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return join(realDirectory(dirname(path)), basename(path));
  }
}

function isWithin(path: string, root: string): boolean {
  const rel = relative(root, path);
  return rel !== "" && !rel.startsWith("..") && !isAbsolute(rel);
}

function available(dir: string): string {
  const names = listScenarioNames(dir);
  return `available: ${names.length > 0 ? names.join(", ") : "none"}`;
}

/** Reads a file as text, or says (as "expected ..., got ..." / a short phrase) why it cannot. */
function readScenarioFile(path: string, listDir: string): { text: string } | { missing: string } | { unreadable: string } {
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) return { unreadable: "expected a scenario file, got a directory" };
    if (stat.size > MAX_SCENARIO_FILE_BYTES)
      return {
        unreadable: `expected a scenario file of at most ${MAX_SCENARIO_FILE_BYTES / 1024} KiB (scenarios are hand-written settings; the shipped ones are under 10 KiB), got ${stat.size.toLocaleString("en-US")} bytes`,
      };
    return { text: readFileSync(path, "utf8") };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return { missing: available(listDir) };
    return { unreadable: `expected a readable file, got error ${code ?? String(error)}` };
  }
}

/**
 * Loads, resolves (`extends:`, overrides) and validates a scenario. `ref` is a path to a .yaml/.yml
 * file or a bare name in the scenarios directory. Every user mistake rejects with a ScenarioError
 * whose problems are one line each.
 */
export async function loadScenario(ref: string, options: LoadScenarioOptions = {}): Promise<LoadedScenario> {
  const scenariosDir = resolve(options.scenariosDir ?? defaultScenariosDir());
  const top = locate(ref, process.cwd(), scenariosDir);
  const file = displayName(top.path);
  const read = readScenarioFile(top.path, top.listDir);
  if ("missing" in read) throw new ScenarioError([`${file}: no such scenario file (${read.missing})`]);
  if ("unreadable" in read) throw new ScenarioError([`${file}: (file): ${read.unreadable}`]);

  const pathOf = new Map<string, string>([[file, top.path]]);
  // `extends:` reads only scenario files in the top file's folder or the scenarios folder (or below them)
  const allowedRoots = [dirname(top.path), scenariosDir].map(realDirectory);
  const resolveExtends = (parentRef: string, fromFile: string): ResolvedExtends => {
    const from = pathOf.get(fromFile) ?? resolve(fromFile);
    const found = locate(parentRef, dirname(from), scenariosDir);
    const parentFile = displayName(found.path);
    if (!/\.ya?ml$/i.test(found.path)) return { problem: `expected a .yaml or .yml scenario file, got ${quote(parentRef)}` };
    if (!allowedRoots.some((root) => isWithin(realFile(found.path), root)))
      return {
        problem: `expected a scenario file in ${displayName(dirname(top.path))} or ${displayName(scenariosDir)} (or a folder below them), got ${quote(parentRef)}`,
      };
    const parent = readScenarioFile(found.path, found.listDir);
    if ("missing" in parent)
      return { problem: `expected an existing scenario file, got ${quote(parentRef)} (no such file ${parentFile}; ${parent.missing})` };
    if ("unreadable" in parent) return { problem: `${parent.unreadable} (${parentFile})` };
    pathOf.set(parentFile, found.path);
    return { file: parentFile, text: parent.text, id: found.path };
  };

  const resolved = resolveScenarioText(read.text, file, { id: top.path, resolveExtends, overrides: options.overrides });
  return { ...resolved, hash: scenarioHash(resolved.scenario) };
}
