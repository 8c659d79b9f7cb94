// A parameter's facts, looked up by its dotted path: unit, source, description, short label,
// plausible range, scale, whether it is a whole number, and the what-if slider's extent. They are
// written once, as the scenario schema's paramDocs metadata (schema.ts); the page's sliders, sweep
// sampling, the claims report's wording and the docs' parameter table read them from here.
// Portable: no Node-only imports.
import type { z } from "zod";
import { scenarioFields } from "./docs.js";
import { schemaDef, unwrapSchema } from "./errors.js";
import { ScenarioSchema, paramDocs, type ParamDoc } from "./schema.js";

type AnySchema = z.core.$ZodType;

export interface ParameterInfo {
  /** the path in the schema's own form: map keys as `<id>`, list entries as `[]` (`kinds.<id>.arrivalsPerYear`) */
  schemaPath: string;
  unit: string;
  source: string;
  description: string;
  /** short noun phrase ("FLOP threshold"); undefined when the schema gives none */
  label?: string;
  /** plausible range [min, max]: the prior of an uncertain parameter */
  range?: readonly [number, number];
  /** how values spread: "log" for fields spanning orders of magnitude */
  scale: "linear" | "log";
  /** the prior relative to each entry's own value (a kind's, a segment's, a firm's field): a multiplier or an added amount */
  relativeRange?: ParamDoc["relativeRange"];
  /** the reasoning behind the range where the source does not give it */
  rangeSource?: string;
  /** why the field has no prior (a run or numerical setting) */
  fixedBecause?: string;
  /** the what-if slider's extent: `explore` where the schema widens it, else the plausible range */
  sliderRange?: readonly [number, number];
  numeric: boolean;
  /** the schema accepts whole numbers only */
  integer: boolean;
  /** a field of the licensing regime: a policy lever, not an assumption about the world */
  policy: boolean;
}

/**
 * The facts of the field at `path`: concrete (`kinds.startup.arrivalsPerYear`, `firms.0.cashUsdM`)
 * or in the schema's form (`kinds.<id>.arrivalsPerYear`, `firms[].cashUsdM`). Map keys are not
 * checked against a scenario (any id names the map's entries). Undefined when the schema has no
 * such field.
 */
export function parameterInfo(path: string): ParameterInfo | undefined {
  const segments = path.replace(/\[\]/g, ".[]").split(".");
  if (path === "" || segments.some((s) => s === "")) return undefined;
  let field: AnySchema = ScenarioSchema as unknown as AnySchema;
  const schemaPath: string[] = [];
  for (const segment of segments) {
    const def = schemaDef(unwrapSchema(field));
    if (def.type === "object" && def.shape && segment in def.shape) {
      field = def.shape[segment];
      schemaPath.push(segment);
    } else if (def.type === "record" && def.valueType) {
      field = def.valueType;
      schemaPath.push("<id>");
    } else if (def.type === "array" && def.element && (segment === "[]" || /^\d+$/.test(segment))) {
      field = def.element;
      schemaPath[schemaPath.length - 1] += "[]";
    } else return undefined;
  }
  const doc = paramDocs.get(field as z.ZodType);
  const leaf = unwrapSchema(field);
  const numeric = schemaDef(leaf).type === "number";
  return {
    schemaPath: schemaPath.join("."),
    unit: doc?.unit ?? "",
    source: doc?.source ?? "",
    description: doc?.description ?? "",
    ...(doc?.label !== undefined ? { label: doc.label } : {}),
    ...(doc?.range !== undefined ? { range: doc.range } : {}),
    scale: doc?.scale ?? "linear",
    ...(doc?.relativeRange !== undefined ? { relativeRange: doc.relativeRange } : {}),
    ...(doc?.rangeSource !== undefined ? { rangeSource: doc.rangeSource } : {}),
    ...(doc?.fixedBecause !== undefined ? { fixedBecause: doc.fixedBecause } : {}),
    ...((doc?.explore ?? doc?.range) !== undefined ? { sliderRange: doc?.explore ?? doc?.range } : {}),
    numeric,
    integer: numeric && (leaf as unknown as { isInt?: boolean }).isInt === true,
    policy: segments[0] === "regime",
  };
}

/**
 * Every numeric field with a plausible range, in schema order, by schema path: the parameters an
 * uncertainty analysis can sample (`policy` tells the regime's levers from assumptions about the
 * world; map entries are named `<id>`, to be expanded over a scenario's kinds or segments).
 */
export function rangedParameters(): ParameterInfo[] {
  return scenarioFields()
    .map((field) => parameterInfo(field.path))
    .filter((info): info is ParameterInfo => info !== undefined && info.numeric && info.range !== undefined);
}

/** Every numeric field of the schema, in schema order, by schema path. */
export function numericParameters(): ParameterInfo[] {
  return scenarioFields()
    .map((field) => parameterInfo(field.path))
    .filter((info): info is ParameterInfo => info !== undefined && info.numeric);
}

/**
 * Numeric fields that declare no prior (neither a plausible range nor a range relative to each
 * entry's value) and give no reason to be fixed: every assumed or calibrated parameter needs one.
 */
export function parametersWithoutPrior(): ParameterInfo[] {
  return numericParameters().filter((info) => info.range === undefined && info.relativeRange === undefined && info.fixedBecause === undefined);
}
