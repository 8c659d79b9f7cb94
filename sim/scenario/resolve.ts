// From scenario text to a validated Scenario, without touching the file system: YAML parsing,
// `extends:` chains through a resolver callback, deep merging, dotted-path overrides (sweeps),
// schema validation with one-line errors, and the canonical JSON the scenario hash is taken of.
// Portable: no Node-only imports (load.ts supplies files from disk).
import { LineCounter, parseDocument } from "yaml";
import { ScenarioError, formatValue, formatIssues, formatPath, oneLine, type FileForPath } from "./errors.js";
import { ScenarioSchema, type Scenario } from "./schema.js";

/** Longest `extends:` chain accepted (a guard against runaway chains, not a design limit). */
export const MAX_EXTENDS_DEPTH = 16;
/** Objects nested deeper than this are replaced rather than merged (no stack exhaustion). */
const MAX_MERGE_DEPTH = 64;
/** YAML alias expansions allowed per file (guards against "billion laughs" alias bombs). */
export const MAX_YAML_ALIASES = 100;

type PlainObject = Record<string, unknown>;

export function isPlainObject(value: unknown): value is PlainObject {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Sets an own property, even for keys such as `__proto__` (left for the schema to reject). */
function setOwn(target: PlainObject, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function hasOwn(target: object, key: PropertyKey): boolean {
  return Object.prototype.hasOwnProperty.call(target, key);
}

// ---------------------------------------------------------------------------------------------
// Merging and paths

/**
 * Deep merge of a scenario override onto a base: objects (including id maps such as kinds,
 * segments, jurisdictions) merge key by key; arrays and scalars are replaced; an explicit `null`
 * replaces (so `regime: null` removes a regime). Neither argument is modified.
 */
export function mergeScenario(base: unknown, override: unknown): unknown {
  return mergeAt(base, override, 0);
}

function mergeAt(base: unknown, override: unknown, depth: number): unknown {
  if (override === undefined) return base;
  if (!isPlainObject(base) || !isPlainObject(override) || depth >= MAX_MERGE_DEPTH) return override;
  const merged: PlainObject = {};
  for (const key of Object.keys(base)) setOwn(merged, key, base[key]);
  for (const key of Object.keys(override)) {
    const value = mergeAt(hasOwn(base, key) ? base[key] : undefined, override[key], depth + 1);
    setOwn(merged, key, value);
  }
  return merged;
}

/** `"firms.2.kind"` -> `["firms", "2", "kind"]`; undefined when a segment is empty. */
export function parseDottedPath(path: string): string[] | undefined {
  const segments = path.split(".");
  return segments.every((s) => s.length > 0) ? segments : undefined;
}

/**
 * Returns a copy of `obj` with the value at a dotted path replaced (untouched branches are shared;
 * `obj` is not modified). Numeric segments index arrays; missing or non-object intermediate values
 * become objects. Paths the schema does not know are accepted here and reported by the schema.
 */
export function setPath<T>(obj: T, path: string, value: unknown): T {
  const segments = parseDottedPath(path);
  if (!segments) throw new ScenarioError([`${formatPath([path])}: expected a dotted field path such as regime.thresholdFlop, got ${formatValue(path)}`]);
  return setAt(obj, segments, 0, value) as T;
}

function setAt(node: unknown, segments: readonly string[], i: number, value: unknown): unknown {
  if (i === segments.length) return value;
  const key = segments[i];
  if (Array.isArray(node) && /^(0|[1-9][0-9]{0,5})$/.test(key) && Number(key) <= node.length + 1000) {
    const copy = node.slice();
    const index = Number(key);
    copy[index] = setAt(node[index], segments, i + 1, value);
    for (let j = 0; j < copy.length; j++) if (!(j in copy)) copy[j] = null; // no holes
    return copy;
  }
  const copy: PlainObject = {};
  if (isPlainObject(node)) for (const k of Object.keys(node)) setOwn(copy, k, node[k]);
  const child = isPlainObject(node) && hasOwn(node, key) ? node[key] : undefined;
  setOwn(copy, key, setAt(child, segments, i + 1, value));
  return copy;
}

// ---------------------------------------------------------------------------------------------
// Validation and hashing

/** Validates raw scenario data (defaults filled in); throws ScenarioError listing every problem. */
export function parseScenario(raw: unknown, file: FileForPath): Scenario {
  const result = ScenarioSchema.safeParse(raw);
  if (!result.success) throw new ScenarioError(formatIssues(file, result.error.issues, raw));
  return result.data;
}

/** JSON with object keys sorted at every level: the bytes the scenario hash is taken of. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? "null" : canonicalJson(item))).join(",")}]`;
  const record = value as PlainObject;
  const keys = Object.keys(record)
    .filter((key) => record[key] !== undefined)
    .sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`).join(",")}}`;
}

/** SHA-256 (hex) of the canonical JSON, with Web Crypto (browsers, workers, Node >= 20). */
export async function scenarioHashAsync(scenario: Scenario): Promise<string> {
  const bytes = new TextEncoder().encode(canonicalJson(scenario));
  const digest = await globalThis.crypto.subtle.digest("SHA-256", bytes);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

// ---------------------------------------------------------------------------------------------
// YAML

/** Parses one YAML document; syntax errors become `file: line L, column C: message` lines. */
export function parseYaml(text: string, file: string): { value: unknown; empty: boolean } {
  const lineCounter = new LineCounter();
  let doc;
  try {
    doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true, lineCounter, logLevel: "error" });
  } catch (error) {
    throw new ScenarioError([`${file}: (YAML): could not parse the file (${firstLine(error)})`]);
  }
  if (doc.errors.length > 0) {
    const lines = doc.errors.map((error) => {
      const where = error.linePos?.[0] ?? lineCounter.linePos(error.pos[0]);
      const message = /maximum call stack/i.test(error.message)
        ? "expected nesting at most a few hundred levels deep, got deeper"
        : firstLine(error).replace(/ at line \d+, column \d+:?$/, "");
      return `${file}: line ${where.line}, column ${where.col}: ${message}`;
    });
    throw new ScenarioError([...new Set(lines)]);
  }
  try {
    return { value: doc.toJS({ maxAliasCount: MAX_YAML_ALIASES }), empty: doc.contents === null };
  } catch (error) {
    const message = firstLine(error);
    if (/alias count/i.test(message))
      throw new ScenarioError([`${file}: (YAML aliases): expected at most ${MAX_YAML_ALIASES} alias expansions, got more (an alias bomb?)`]);
    throw new ScenarioError([`${file}: (YAML aliases): ${message}`]);
  }
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return oneLine(message.split("\n")[0].trim());
}

// ---------------------------------------------------------------------------------------------
// extends chains and overrides

/** A scenario file found for an `extends:` reference, or why none was found ("expected ..., got ..."). */
export type ResolvedExtends = { file: string; text: string; id?: string } | { problem: string };
/** Finds the file an `extends:` value refers to, relative to the extending file. */
export type ExtendsResolver = (ref: string, fromFile: string) => ResolvedExtends;

export interface ResolveOptions {
  /** Supplies parent files for `extends:`; without it a file that extends another is an error. */
  resolveExtends?: ExtendsResolver;
  /** Dotted path -> value, applied after `extends` (e.g. `{ "regime.thresholdFlop": 1e25 }`). */
  overrides?: Record<string, unknown>;
  /** Names the overrides in problem lines (default: `<file> (overrides)`). */
  overridesLabel?: string;
  /** Identity of the top file for cycle detection (default: `file`). */
  id?: string;
}

export interface ResolvedScenario {
  scenario: Scenario;
  /** The file as named in messages. */
  file: string;
  /** The merged input before validation: extends applied, own or default `name`, no `extends` key. */
  raw: unknown;
}

interface ChainLink {
  file: string;
  id: string;
  raw: PlainObject;
}

/** Firms in a scenario's starting roster. */
export const MAX_FIRMS = 1000;

/** Longest scenario name accepted: it names a folder, and file systems allow 255 bytes per name. */
export const MAX_NAME_CHARS = 100;

/**
 * Why `name` cannot name an output folder (`<out>/<name>/`), as "expected ..., got ...", or
 * undefined when it can: one path segment, no separator, control character or leading dot.
 */
export function folderNameProblem(name: string): string | undefined {
  const ok =
    name.length > 0 &&
    name.length <= MAX_NAME_CHARS &&
    !name.startsWith(".") &&
    !/[/\\\u0000-\u001f\u007f]/.test(name) &&
    name.trim() === name;
  if (ok) return undefined;
  return `expected a name usable as a folder name (outputs go to <out>/<name>/: no / or \\, no control characters, not starting with a dot or a space, at most ${MAX_NAME_CHARS} characters), got ${formatValue(name)}`;
}

/** `dir/baseline.yaml` -> `baseline`. */
export function scenarioBaseName(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  return base.replace(/\.(ya?ml|json)$/i, "");
}

/** What a value is, without any of its content (a file that is not a scenario is never echoed). */
function kindOfValue(value: unknown): string {
  if (Array.isArray(value)) return `a list (${value.length} items)`;
  if (typeof value === "string") return "a text";
  if (typeof value === "number" || typeof value === "bigint") return "a number";
  if (typeof value === "boolean") return "true or false";
  if (value === null) return "null";
  return "something else";
}

function readLink(text: string, file: string, id: string): ChainLink {
  const { value, empty } = parseYaml(text, file);
  if (!isPlainObject(value))
    throw new ScenarioError([`${file}: (top level): expected a scenario (a mapping of fields), got ${empty ? "an empty file" : kindOfValue(value)}`]);
  return { file, id, raw: value };
}

/** The chain from the file itself to its furthest ancestor. */
function readChain(text: string, file: string, options: ResolveOptions): ChainLink[] {
  const chain: ChainLink[] = [readLink(text, file, options.id ?? file)];
  for (;;) {
    const child = chain[chain.length - 1];
    if (!hasOwn(child.raw, "extends")) return chain;
    const ref = child.raw.extends;
    const fail = (what: string) => new ScenarioError([`${child.file}: extends: ${what}`]);
    if (typeof ref !== "string" || ref.trim() === "") throw fail(`expected a scenario name or a path to a .yaml file, got ${formatValue(ref)}`);
    if (!options.resolveExtends) throw fail(`expected no extends here (other files cannot be read), got ${formatValue(ref)}`);
    const found = options.resolveExtends(ref, child.file);
    if ("problem" in found) throw fail(found.problem);
    const id = found.id ?? found.file;
    const cycleStart = chain.findIndex((link) => link.id === id);
    if (cycleStart >= 0) {
      const loop = [...chain.slice(cycleStart).map((link) => link.file), found.file].join(" -> ");
      throw fail(`expected a chain of scenarios that ends, got the cycle ${loop}`);
    }
    if (chain.length > MAX_EXTENDS_DEPTH) throw fail(`expected at most ${MAX_EXTENDS_DEPTH} levels of extends, got more (${chain.map((l) => l.file).join(" -> ")} -> …)`);
    chain.push(readLink(found.text, found.file, id));
  }
}

const SEP = "\u0000";
const originKey = (path: readonly PropertyKey[]) => path.map(String).join(SEP);

/**
 * Remembers which file last set each field, so that a problem in an inherited field names the
 * parent file rather than the child. Mirrors mergeScenario's rules.
 */
function recordOrigins(origins: Map<string, string>, base: unknown, override: PlainObject, file: string, prefix: string[], depth: number): void {
  for (const key of Object.keys(override)) {
    const path = [...prefix, key];
    const k = originKey(path);
    const value = override[key];
    const before = isPlainObject(base) && hasOwn(base, key) ? base[key] : undefined;
    const merges = isPlainObject(value) && isPlainObject(before) && depth + 1 < MAX_MERGE_DEPTH;
    // Descendants recorded earlier exist only where an earlier file set this field.
    if (!merges && before !== undefined) for (const existing of [...origins.keys()]) if (existing.startsWith(k + SEP)) origins.delete(existing);
    origins.set(k, file);
    if (isPlainObject(value) && depth + 1 < MAX_MERGE_DEPTH) recordOrigins(origins, before, value, file, path, depth + 1);
  }
}

function originOf(origins: Map<string, string>, path: readonly PropertyKey[], fallback: string): string {
  for (let n = path.length; n > 0; n--) {
    const file = origins.get(originKey(path.slice(0, n)));
    if (file !== undefined) return file;
  }
  return fallback;
}

/**
 * Scenario text to a validated scenario: parse YAML, follow `extends:` (parents first, children
 * override), set `name` (the file's own, else its base name: never inherited), apply overrides,
 * validate. Every user mistake throws ScenarioError; problems in inherited fields name the parent.
 */
export function resolveScenarioText(text: string, file: string, options: ResolveOptions = {}): ResolvedScenario {
  const chain = readChain(text, file, options).reverse();
  const top = chain[chain.length - 1];
  const origins = new Map<string, string>();
  let merged: PlainObject = {};
  for (const link of chain) {
    const own: PlainObject = {};
    for (const key of Object.keys(link.raw)) if (key !== "extends" && key !== "name") setOwn(own, key, link.raw[key]);
    recordOrigins(origins, merged, own, link.file, [], 0);
    merged = mergeScenario(merged, own) as PlainObject;
  }
  const named: PlainObject = { name: hasOwn(top.raw, "name") ? top.raw.name : scenarioBaseName(top.file) };
  for (const key of Object.keys(merged)) setOwn(named, key, merged[key]);
  origins.set(originKey(["name"]), top.file);
  merged = named;

  const overridesLabel = options.overridesLabel ?? `${top.file} (overrides)`;
  const badPaths: string[] = [];
  for (const [path, value] of Object.entries(options.overrides ?? {})) {
    const segments = parseDottedPath(path);
    if (!segments) {
      badPaths.push(`${overridesLabel}: ${formatPath([path])}: expected a dotted field path such as regime.thresholdFlop, got ${formatValue(path)}`);
      continue;
    }
    // Fields the override creates on its way (regime.lightTier when there was none) are its own.
    let existingDepth = 0;
    for (let node: unknown = merged; existingDepth < segments.length; existingDepth++) {
      const key = segments[existingDepth];
      if (typeof node !== "object" || node === null || !hasOwn(node, key)) break;
      node = (node as PlainObject)[key];
    }
    merged = setPath(merged, path, value);
    const k = originKey(segments);
    for (const existing of [...origins.keys()]) if (existing.startsWith(k + SEP)) origins.delete(existing);
    for (let n = Math.min(existingDepth + 1, segments.length); n <= segments.length; n++) origins.set(originKey(segments.slice(0, n)), overridesLabel);
  }
  if (badPaths.length > 0) throw new ScenarioError(badPaths);

  const scenario = parseScenario(merged, (path) => originOf(origins, path, top.file));
  const nameProblem = folderNameProblem(scenario.name);
  if (nameProblem) throw new ScenarioError([`${originOf(origins, ["name"], top.file)}: name: ${nameProblem}`]);
  if (scenario.firms.length > MAX_FIRMS)
    throw new ScenarioError([
      `${originOf(origins, ["firms"], top.file)}: firms: expected at most ${MAX_FIRMS} firms at the start, got ${scenario.firms.length} (every period prices each model against all the others, so a period's work grows with the square of the number of models; more firms would not finish a run)`,
    ]);
  return { scenario, file: top.file, raw: merged };
}

/**
 * Loads a scenario from text (browser page, tests). `extends:` works only through
 * `options.resolveExtends`; hash the result with scenarioHashAsync.
 */
export function loadScenarioText(text: string, file: string, options: ResolveOptions = {}): ResolvedScenario {
  return resolveScenarioText(text, file, options);
}
