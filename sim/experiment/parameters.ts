// Checks a dotted parameter path (`regime.thresholdFlop`, `segments.enterprise.buyers`,
// `firms.0.cashUsdM`) against the scenario schema and a resolved scenario before anything runs,
// so a typo is reported as such rather than silently creating a new field (or a regime in a
// scenario that has none). Also tells whether the field is a whole number (for sampling).
import type { z } from "zod";
import { ScenarioSchema, type Scenario } from "../scenario/schema.js";
import { schemaDef, unwrapSchema } from "../scenario/errors.js";

export interface ParameterPathInfo {
  /** why the path cannot be set in this scenario (one line), or undefined when it can */
  problem?: string;
  /** the schema declares the field a whole number */
  integer: boolean;
  /** the schema declares the field a number */
  numeric: boolean;
}

type AnySchema = z.core.$ZodType;

export function parameterPathInfo(scenario: Scenario, path: string): ParameterPathInfo {
  const segments = path.split(".");
  if (path === "" || segments.some((s) => s === ""))
    return { problem: `"${path}" is not a parameter path (expected names joined by dots, e.g. regime.thresholdFlop)`, integer: false, numeric: false };
  let schema: AnySchema = ScenarioSchema as unknown as AnySchema;
  let value: unknown = scenario;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i];
    const where = segments.slice(0, i).join(".");
    schema = unwrapSchema(schema);
    const def = schemaDef(schema);
    if (i > 0 && (value === null || value === undefined))
      return {
        problem: `${path} cannot be set: scenario ${scenario.name} has no ${where} (${where}: ${value === null ? "null" : "not set"}); set the whole ${where} or use a scenario that has one`,
        integer: false,
        numeric: false,
      };
    if (def.type === "object" && def.shape) {
      if (!(segment in def.shape)) {
        const fields = Object.keys(def.shape).filter((k) => k !== "extends");
        return {
          problem: `unknown parameter path ${path}: ${where || "a scenario"} has no field ${segment} (expected one of: ${fields.join(", ")})`,
          integer: false,
          numeric: false,
        };
      }
      schema = def.shape[segment];
    } else if (def.type === "record" && def.valueType) {
      const keys = value && typeof value === "object" ? Object.keys(value) : [];
      if (!keys.includes(segment))
        return { problem: `unknown parameter path ${path}: scenario ${scenario.name} has no ${where} entry ${segment} (has: ${keys.join(", ") || "none"})`, integer: false, numeric: false };
      schema = def.valueType;
    } else if (def.type === "array" && def.element) {
      const length = Array.isArray(value) ? value.length : 0;
      const index = Number(segment);
      if (!/^\d+$/.test(segment) || index >= length)
        return { problem: `unknown parameter path ${path}: ${where} has ${length} entries, ${segment} is not an index 0..${length - 1}`, integer: false, numeric: false };
      schema = def.element;
    } else {
      return { problem: `unknown parameter path ${path}: ${where} is a single value, it has no field ${segment}`, integer: false, numeric: false };
    }
    value = value && typeof value === "object" ? (value as Record<string, unknown>)[segment] : undefined;
  }
  const leaf = unwrapSchema(schema);
  const leafDef = schemaDef(leaf);
  const numeric = leafDef.type === "number";
  const integer = numeric && (leaf as unknown as { isInt?: boolean }).isInt === true;
  return { integer, numeric };
}
