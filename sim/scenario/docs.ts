// The parameter table of docs/MODEL.md, generated from the scenario schema's paramDocs metadata:
// one row per field with unit, default, plausible range (and its scale when log), source, status
// (calibrated with estimate and 90% interval, policy, assumption) and description.
//   npm run docs:params      (builds, then runs dist/sim/calibration/parameter-table.js, which adds
//                             the shipped fit's estimates, printing Markdown)
// Portable apart from the guarded script entry at the bottom.
import type { z } from "zod";
import { schemaDef, unwrapSchema } from "./errors.js";
import { ScenarioSchema, paramDocs, type ParamDoc } from "./schema.js";

type AnySchema = z.core.$ZodType;

/** One field of the scenario schema, as documented. */
export interface ScenarioField {
  /** `regime.thresholdFlop`; id maps as `kinds.<id>.label`, lists as `firms[].name`. */
  path: string;
  doc: ParamDoc | undefined;
  /** Default value as YAML-like text, e.g. `5e26`; undefined when there is none (see `required`). */
  defaultText: string | undefined;
  /** The value when the enclosing object is left out, where its own default sets this field differently. */
  defaultWhenParentOmitted?: string;
  /** True when the field has no default and may not be left out. */
  required: boolean;
  /** Allowed values derived from the schema's checks, e.g. "> 0", "0-1", "whole number 1-400". */
  allowed: string;
  /** True when the field holds no further documented fields (a number, flag, text or list of them). */
  leaf: boolean;
}

interface CheckDef {
  check: string;
  value?: number;
  inclusive?: boolean;
  format?: string;
  minimum?: number;
  maximum?: number;
}

interface Wrapped {
  inner: AnySchema;
  hasDefault: boolean;
  defaultValue: unknown;
  optional: boolean;
  nullable: boolean;
}

function unwrapWithDefault(schema: AnySchema): Wrapped {
  let current = schema;
  let hasDefault = false;
  let defaultValue: unknown;
  let optional = false;
  let nullable = false;
  for (let guard = 0; guard < 32; guard++) {
    const def = current._zod.def as unknown as { type: string; innerType?: AnySchema; defaultValue?: unknown; in?: AnySchema };
    if ((def.type === "default" || def.type === "prefault") && !hasDefault) {
      hasDefault = true;
      defaultValue = def.defaultValue;
    }
    if (def.type === "optional") optional = true;
    if (def.type === "nullable") nullable = true;
    const next = unwrapSchema(current) === current ? undefined : (def.innerType ?? def.in);
    if (!next) break;
    current = next;
  }
  return { inner: current, hasDefault, defaultValue, optional, nullable };
}

/** Numbers as people write them in YAML: 5e26, 1.2e-18, 0.05, 2000. */
export function formatNumber(n: number): string {
  const plain = String(n);
  const exponential = n.toExponential().replace("e+", "e");
  if (n !== 0 && Math.abs(n) < 1e-3) return exponential;
  return Math.abs(n) >= 1e6 && exponential.length < plain.length ? exponential : plain;
}

function formatDefault(value: unknown): string {
  if (typeof value === "number") return formatNumber(value);
  if (typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(formatDefault).join(", ")}]`;
  if (value !== null && typeof value === "object")
    return `{${Object.entries(value)
      .map(([k, v]) => `${k}: ${formatDefault(v)}`)
      .join(", ")}}`;
  return String(value);
}

function allowedValues(inner: AnySchema): string {
  const def = inner._zod.def as unknown as { type: string; checks?: { _zod: { def: CheckDef } }[]; entries?: Record<string, string>; element?: AnySchema };
  const checks = (def.checks ?? []).map((c) => c._zod.def);
  if (def.type === "number") {
    const whole = checks.some((c) => c.check === "number_format");
    const low = checks.find((c) => c.check === "greater_than");
    const high = checks.find((c) => c.check === "less_than");
    const prefix = whole ? "whole number " : "";
    if (low?.value !== undefined && high?.value !== undefined) {
      if (low.inclusive && high.inclusive) return `${prefix}${formatNumber(low.value)}-${formatNumber(high.value)}`;
      return `${prefix}${low.inclusive ? ">=" : ">"} ${formatNumber(low.value)} and ${high.inclusive ? "<=" : "<"} ${formatNumber(high.value)}`;
    }
    if (low?.value !== undefined) return `${prefix}${low.inclusive ? ">=" : ">"} ${formatNumber(low.value)}`;
    if (high?.value !== undefined) return `${prefix}${high.inclusive ? "<=" : "<"} ${formatNumber(high.value)}`;
    return whole ? "whole number" : "any number";
  }
  if (def.type === "string") return checks.some((c) => c.format === "regex") ? "identifier" : checks.some((c) => c.check === "min_length") ? "non-empty" : "";
  if (def.type === "enum" && def.entries) return Object.values(def.entries).join(" or ");
  if (def.type === "boolean") return "true or false";
  if (def.type === "object") return "mapping";
  if (def.type === "record") return "mapping of ids";
  if (def.type === "array") {
    const minLength = checks.find((c) => c.check === "min_length")?.minimum;
    const element = def.element ? allowedValues(unwrapSchema(def.element)) : "";
    return [minLength ? `at least ${minLength}` : "", element ? `each ${element}` : ""].filter(Boolean).join(", ");
  }
  return "";
}

/** Every field of the schema, depth first in declaration order. */
export function scenarioFields(schema: AnySchema = ScenarioSchema): ScenarioField[] {
  const fields: ScenarioField[] = [];
  // parentDefault: the parent object's own default (e.g. the light tier's obligations), which
  // decides a field's value when the whole parent is left out.
  const visitObject = (object: AnySchema, prefix: string, depth: number, parentDefault?: Record<string, unknown>) => {
    const shape = schemaDef(unwrapSchema(object)).shape ?? {};
    for (const [key, field] of Object.entries(shape)) {
      const path = prefix + key;
      const { inner, hasDefault, defaultValue, optional, nullable } = unwrapWithDefault(field);
      const def = schemaDef(inner);
      const before = fields.length;
      const fromParent =
        parentDefault && Object.prototype.hasOwnProperty.call(parentDefault, key) ? formatDefault(parentDefault[key]) : undefined;
      const ownDefault = hasDefault ? formatDefault(defaultValue) : undefined;
      fields.push({
        path,
        doc: paramDocs.get(field as z.ZodType),
        defaultText: ownDefault,
        ...(fromParent !== undefined && fromParent !== ownDefault ? { defaultWhenParentOmitted: fromParent } : {}),
        required: !hasDefault && !optional,
        allowed: [allowedValues(inner), nullable ? "or null" : ""].filter(Boolean).join(" "),
        leaf: true,
      });
      if (depth > 16) continue;
      const objectDefault = hasDefault && defaultValue !== null && typeof defaultValue === "object" && !Array.isArray(defaultValue) ? (defaultValue as Record<string, unknown>) : undefined;
      if (def.type === "object") visitObject(inner, `${path}.`, depth + 1, objectDefault);
      else if (def.type === "record" && def.valueType && schemaDef(unwrapSchema(def.valueType)).type === "object")
        visitObject(def.valueType, `${path}.<id>.`, depth + 1);
      else if (def.type === "array" && def.element && schemaDef(unwrapSchema(def.element)).type === "object")
        visitObject(def.element, `${path}[].`, depth + 1);
      if (fields.length > before + 1) fields[before].leaf = false;
    }
  };
  visitObject(schema, "", 0);
  return fields;
}

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

/** A parameter fitted to data: its concrete path (`kinds.startup.arrivalsPerYear`), estimate and 90% interval. */
export interface CalibratedEstimate {
  path: string;
  estimate: number;
  q05: number;
  q95: number;
  /** the fit narrowed it (its 90% interval spans at most half its prior); otherwise it stays an assumption */
  identified: boolean;
  /** width of the 90% interval over the prior's */
  intervalShareOfPrior: number;
}

/** Whether a concrete path is an instance of a schema path (`kinds.<id>.x`, `firms[].x`). */
export function isInstanceOf(path: string, schemaPath: string): boolean {
  // list positions become the schema's `[]` (firms.0.cashUsdM -> firms[].cashUsdM)
  const concrete = path.replace(/\.(\d+)(?=\.|$)/g, "[]").split(".");
  const pattern = schemaPath.split(".");
  return concrete.length === pattern.length && pattern.every((segment, i) => segment === "<id>" || segment === concrete[i]);
}

/** The id a concrete path gives a map entry (`startup` in kinds.startup.x), or "" for a plain field. */
function entryId(path: string, schemaPath: string): string {
  const at = schemaPath.split(".").indexOf("<id>");
  return at < 0 ? "" : path.split(".")[at];
}

/**
 * The status of a field: "calibrated" with each estimate and its 90% interval where a fit set it
 * and its moments identify it (per map entry for kinds and segments); "assumption, not identified
 * by the fit" with the estimate, interval and its share of the prior where the fit left it about
 * where its prior put it; "policy" for the regime's levers; "assumption" for any other field with
 * a plausible range (the Range column); else empty (structure, names, switches).
 */
export function parameterStatus(field: ScenarioField, calibrated: readonly CalibratedEstimate[] = []): string {
  const fitted = calibrated.filter((c) => isInstanceOf(c.path, field.path));
  if (fitted.length > 0) {
    const estimate = (c: CalibratedEstimate, share: boolean) => {
      const id = entryId(c.path, field.path);
      const interval = `${formatNumber(Number(c.q05.toPrecision(3)))}-${formatNumber(Number(c.q95.toPrecision(3)))}`;
      return `${id ? `${id} ` : ""}${formatNumber(c.estimate)} (90%: ${interval}${share ? `, ${(100 * c.intervalShareOfPrior).toFixed(0)}% of the prior` : ""})`;
    };
    const parts: string[] = [];
    const identified = fitted.filter((c) => c.identified);
    const not = fitted.filter((c) => !c.identified);
    if (identified.length > 0) parts.push(`calibrated: ${identified.map((c) => estimate(c, false)).join("; ")}`);
    if (not.length > 0) parts.push(`assumption, not identified by the fit: ${not.map((c) => estimate(c, true)).join("; ")}`);
    if (field.path.includes("<id>")) parts.push("other entries: assumption");
    return parts.join("; ");
  }
  if (field.path.startsWith("regime.")) return "policy";
  return field.doc?.range ? "assumption" : "";
}

/** The Markdown parameter table: path, unit, default, range, source, status, description. */
export function parameterTable(schema: AnySchema = ScenarioSchema, calibrated: readonly CalibratedEstimate[] = []): string {
  const header = ["| Parameter | Unit | Default | Range | Source | Status | Description |", "|---|---|---|---|---|---|---|"];
  const rows = scenarioFields(schema).map((field) => {
    const doc = field.doc;
    const relative = doc?.relativeRange;
    const plausible = doc?.range
      ? `${formatNumber(doc.range[0])}-${formatNumber(doc.range[1])}${doc.scale === "log" ? ", log scale" : ""}`
      : relative && "factor" in relative
        ? `x${formatNumber(relative.factor[0])}-${formatNumber(relative.factor[1])} of each entry's value${relative.scale === "log" ? ", log scale" : ""}`
        : relative && "shift" in relative
          ? `${formatNumber(relative.shift[0])} to +${formatNumber(relative.shift[1])} on each entry's value`
          : "";
    const range = plausible && field.allowed && plausible !== field.allowed ? `${plausible} (allowed: ${field.allowed})` : plausible || field.allowed;
    let defaultCell = field.defaultText !== undefined ? `\`${cell(field.defaultText)}\`` : field.required ? "required" : "optional";
    if (field.defaultWhenParentOmitted !== undefined) {
      const parent = field.path.slice(0, field.path.lastIndexOf("."));
      defaultCell = `\`${cell(field.defaultWhenParentOmitted)}\` when \`${parent}\` is omitted, else ${defaultCell}`;
    }
    const source = [doc?.source, doc?.rangeSource !== undefined ? `range: ${doc.rangeSource}` : undefined, doc?.fixedBecause !== undefined ? `no prior: ${doc.fixedBecause}` : undefined].filter(Boolean).join("; ");
    return `| \`${field.path}\` | ${cell(doc?.unit ?? "")} | ${defaultCell} | ${cell(range)} | ${cell(source)} | ${cell(parameterStatus(field, calibrated))} | ${cell(doc?.description ?? "")} |`;
  });
  return [...header, ...rows].join("\n");
}

// Script entry: `node dist/sim/scenario/docs.js` prints the table.
function isMainModule(moduleUrl: string): boolean {
  const entry = (globalThis as { process?: { argv?: string[] } }).process?.argv?.[1];
  if (!entry || !moduleUrl.startsWith("file:")) return false;
  const modulePath = decodeURIComponent(new URL(moduleUrl).pathname).replace(/^\/([A-Za-z]:)/, "$1");
  const normalise = (p: string) => p.replace(/\\/g, "/").replace(/\.(js|ts)$/, "");
  return normalise(modulePath) === normalise(entry);
}

if (isMainModule(import.meta.url)) console.log(parameterTable());
