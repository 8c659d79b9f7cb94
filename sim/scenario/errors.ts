// Scenario errors a person can act on: one line per problem, naming the file, the field path, what
// was expected and what was found, all problems at once:
//   scenarios/x.yaml: regime.thresholdFlop: expected a positive number, got "1e26 flops"
//   scenarios/x.yaml: regime.thresholdFlops: unknown field (did you mean thresholdFlop?)
// Portable: no Node-only imports.
import { z } from "zod";
import { ScenarioSchema } from "./schema.js";

/** A user mistake in a scenario: `problems` holds one formatted line per problem. */
export class ScenarioError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(problems.join("\n"));
    this.name = "ScenarioError";
    this.problems = problems;
  }
}

type PathSegment = PropertyKey;
/** The file a problem line names: a fixed file, or one chosen by field path (for `extends:` chains). */
export type FileForPath = string | ((path: readonly PathSegment[]) => string);

const SIMPLE_SEGMENT = /^[A-Za-z0-9_-]+$/;
const MAX_VALUE_CHARS = 60;
const MAX_STRING_CHARS = 40;

/** JSON-quoted text that stays on one line (JSON leaves U+2028, U+2029 and U+0085 unescaped). */
export function quote(text: string): string {
  return oneLine(JSON.stringify(text));
}

/** Escapes every character that could break a line, so a problem stays one line. */
export function oneLine(text: string): string {
  return text.replace(/[\n\r\u2028\u2029\u0085]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** `["firms", 2, "kind"]` -> `firms.2.kind`; odd keys are quoted; the empty path is `(top level)`. */
export function formatPath(path: readonly PathSegment[]): string {
  if (path.length === 0) return "(top level)";
  return path.map(formatSegment).join(".");
}

function formatSegment(segment: PathSegment): string {
  if (typeof segment === "number") return String(segment);
  const text = typeof segment === "symbol" ? String(segment) : segment;
  if (text.length > MAX_STRING_CHARS) return quote(`${text.slice(0, MAX_STRING_CHARS)}…`);
  return SIMPLE_SEGMENT.test(text) ? text : quote(text);
}

/** The offending value, compact and on one line: strings quoted, long values truncated. */
export function formatValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (Array.isArray(value)) return `a list ${compact(value, 0)}`;
  if (isRecord(value)) return `a mapping ${compact(value, 0)}`;
  return compact(value, 0);
}

function compact(value: unknown, depth: number): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (typeof value === "string") {
    const cut = value.length > MAX_STRING_CHARS ? `${value.slice(0, MAX_STRING_CHARS)}…` : value;
    return quote(cut);
  }
  if (typeof value === "number") {
    if (Number.isNaN(value)) return ".nan (not a number)";
    if (value === Infinity) return ".inf (infinity)";
    if (value === -Infinity) return "-.inf (minus infinity)";
    return String(value);
  }
  if (typeof value === "boolean" || typeof value === "bigint") return String(value);
  if (ArrayBuffer.isView(value)) return "binary data";
  if (Array.isArray(value)) {
    if (depth >= 2) return value.length === 0 ? "[]" : "[…]";
    return truncateJoined(value.map((item) => compact(item, depth + 1)), "[", "]");
  }
  if (isRecord(value)) {
    const keys = Object.keys(value);
    if (depth >= 2) return keys.length === 0 ? "{}" : "{…}";
    return truncateJoined(
      keys.map((key) => `${formatSegment(key)}: ${compact(value[key], depth + 1)}`),
      "{",
      "}",
    );
  }
  return typeof value;
}

function truncateJoined(parts: string[], open: string, close: string): string {
  let text = open;
  for (let i = 0; i < parts.length; i++) {
    const next = (i === 0 ? "" : ", ") + parts[i];
    if (text.length + next.length > MAX_VALUE_CHARS) return `${text}${i === 0 ? "" : ", "}…${close}`;
    text += next;
  }
  return text + close;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !ArrayBuffer.isView(value);
}

/** The value found by walking `input` along `path` (own properties only). */
export function valueAtPath(input: unknown, path: readonly PathSegment[]): { found: boolean; value: unknown } {
  let node = input;
  for (const segment of path) {
    if (typeof node !== "object" || node === null || !Object.prototype.hasOwnProperty.call(node, segment))
      return { found: false, value: undefined };
    node = (node as Record<PropertyKey, unknown>)[segment];
  }
  return { found: true, value: node };
}

// ---------------------------------------------------------------------------------------------
// Walking a zod schema (zod 4 internals: `schema._zod.def`)

type AnySchema = z.core.$ZodType;
interface SchemaDef {
  type: string;
  innerType?: AnySchema;
  in?: AnySchema;
  shape?: Record<string, AnySchema>;
  valueType?: AnySchema;
  element?: AnySchema;
}

export function schemaDef(schema: AnySchema): SchemaDef {
  return schema._zod.def as unknown as SchemaDef;
}

/** Strips default, prefault, nullable, optional and pipe wrappers. */
export function unwrapSchema(schema: AnySchema): AnySchema {
  let current = schema;
  for (let guard = 0; guard < 32; guard++) {
    const def = schemaDef(current);
    if (def.innerType && ["default", "prefault", "nullable", "optional", "readonly", "nonoptional", "catch"].includes(def.type))
      current = def.innerType;
    else if (def.type === "pipe" && def.in) current = def.in;
    else return current;
  }
  return current;
}

/** The schema of the field at `path`, or undefined when the path leaves the schema. */
export function schemaAtPath(schema: AnySchema, path: readonly PathSegment[]): AnySchema | undefined {
  let current: AnySchema | undefined = schema;
  for (const segment of path) {
    if (!current) return undefined;
    const def = schemaDef(unwrapSchema(current));
    if (def.type === "object" && def.shape) current = Object.prototype.hasOwnProperty.call(def.shape, segment) ? def.shape[segment as string] : undefined;
    else if (def.type === "record") current = def.valueType;
    else if (def.type === "array") current = def.element;
    else return undefined;
  }
  return current;
}

/** Field names of the object schema at `path` (empty when it is not an object). */
export function fieldNamesAt(schema: AnySchema, path: readonly PathSegment[]): string[] {
  const at = schemaAtPath(schema, path);
  if (!at) return [];
  const def = schemaDef(unwrapSchema(at));
  return def.type === "object" && def.shape ? Object.keys(def.shape) : [];
}

// ---------------------------------------------------------------------------------------------
// "Did you mean": optimal-string-alignment edit distance, case-insensitive

export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  const rows = s.length + 1;
  const cols = t.length + 1;
  const d: number[] = new Array(rows * cols).fill(0);
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let best = Math.min(d[(i - 1) * cols + j] + 1, d[i * cols + j - 1] + 1, d[(i - 1) * cols + j - 1] + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) best = Math.min(best, d[(i - 2) * cols + j - 2] + 1);
      d[i * cols + j] = best;
    }
  }
  return d[rows * cols - 1];
}

/** The allowed name closest to `word`, when it is close enough to be a likely typo. */
export function closestName(word: string, candidates: readonly string[]): string | undefined {
  if (word.length > 200) return undefined;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(word, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  if (best === undefined) return undefined;
  const allowed = Math.max(1, Math.min(4, Math.floor(Math.max(word.length, best.length) * 0.3)));
  return bestDistance <= allowed ? best : undefined;
}

// ---------------------------------------------------------------------------------------------
// Issues -> lines

const TYPE_NAMES: Record<string, string> = {
  string: "text",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
  object: "a mapping of fields",
  record: "a mapping of ids to entries",
  array: "a list",
  null: "null",
};

function plural(n: number | bigint, word: string): string {
  return `${n} ${word}${n === 1 || n === 1n ? "" : "s"}`;
}

/** The "expected ..." part of a line. The schema's own messages already start with "expected". */
function expectation(issue: z.core.$ZodIssue): string {
  if (/^expected /.test(issue.message)) return issue.message;
  switch (issue.code) {
    case "invalid_type":
      return `expected ${TYPE_NAMES[issue.expected] ?? `a ${issue.expected}`}`;
    case "invalid_value":
      return issue.values.length === 1
        ? `expected ${compact(issue.values[0], 1)}`
        : `expected one of ${issue.values.map((v) => compact(v, 1)).join(", ")}`;
    case "too_small":
      if (issue.origin === "array" || issue.origin === "set") return `expected a list of at least ${plural(issue.minimum, "item")}`;
      if (issue.origin === "string") return issue.minimum === 1 ? "expected non-empty text" : `expected text of at least ${plural(issue.minimum, "character")}`;
      return `expected a number ${issue.inclusive ? ">=" : ">"} ${issue.minimum}`;
    case "too_big":
      if (issue.origin === "array" || issue.origin === "set") return `expected a list of at most ${plural(issue.maximum, "item")}`;
      if (issue.origin === "string") return `expected text of at most ${plural(issue.maximum, "character")}`;
      return `expected a number ${issue.inclusive ? "<=" : "<"} ${issue.maximum}`;
    case "invalid_format":
      return `expected text matching ${issue.pattern ?? issue.format}`;
    case "not_multiple_of":
      return `expected a multiple of ${issue.divisor}`;
    case "invalid_key":
      return issue.issues.length > 0 ? expectation(issue.issues[0]) : "expected a valid key";
    case "invalid_union":
      return "expected one of the allowed forms";
    default:
      return `expected ${issue.message.charAt(0).toLowerCase()}${issue.message.slice(1)}`;
  }
}

function fileFor(file: FileForPath, path: readonly PathSegment[]): string {
  return typeof file === "function" ? file(path) : file;
}

/**
 * One line per problem, in zod's (stable) order, duplicates dropped:
 * `<file>: <field.path>: expected <what>, got <found>`, or for unknown keys
 * `<file>: <field.path>: unknown field (did you mean <name>?)`.
 * `input` is what was parsed (the offending values are read from it); `schema` supplies the allowed
 * field names for suggestions (default: the scenario schema).
 */
export function formatIssues(
  file: FileForPath,
  issues: readonly z.core.$ZodIssue[],
  input: unknown,
  schema: AnySchema = ScenarioSchema,
): string[] {
  const lines: string[] = [];
  for (const issue of issues) {
    if (issue.code === "unrecognized_keys") {
      const allowed = fieldNamesAt(schema, issue.path);
      for (const key of issue.keys) {
        const path = [...issue.path, key];
        const suggestion = closestName(key, allowed);
        const hint = suggestion
          ? `did you mean ${suggestion}?`
          : allowed.length > 0
            ? `expected one of ${allowed.join(", ")}`
            : "not allowed here";
        lines.push(`${fileFor(file, path)}: ${formatPath(path)}: unknown field (${hint})`);
      }
      continue;
    }
    const { found, value } = valueAtPath(input, issue.path);
    const got =
      issue.code === "invalid_key"
        ? compact(String(issue.path[issue.path.length - 1] ?? ""), 0)
        : found
          ? formatValue(value)
          : issue.path.length === 0
            ? "nothing"
            : "nothing (the field is missing)";
    lines.push(`${fileFor(file, issue.path)}: ${formatPath(issue.path)}: ${expectation(issue)}, got ${got}`);
  }
  return [...new Set(lines)];
}
