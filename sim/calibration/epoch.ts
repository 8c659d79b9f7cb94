// Epoch AI's data on AI models (data/epoch-models-2018-2024.csv, CC BY 4.0; credit line in
// EPOCH_CREDIT): parsing the file's text into typed rows, and the rules that turn a row into the
// ModelRelease record the moments are computed from. How missing values and multi-organization
// models are treated is decided here, once (data/README.md says the same in words).
// Portable: the text comes from the caller (sim/calibration/data.ts reads the file).
import * as aq from "arquero";
import type { ModelRelease } from "./moments.js";

/** A problem with the data file: every problem one line, naming the file, the row and the column. */
export class DataError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(problems.join("\n"));
    this.name = "DataError";
    this.problems = problems;
  }
}

/** One row of the file, typed; text columns the moments do not use are not kept. */
export interface EpochModelRow {
  model: string;
  /** organizations as listed (several for a model developed together), in the file's order */
  organizations: string[];
  /** countries as listed: the countries of every listed organization, several for a multinational one */
  countries: string[];
  /** YYYY-MM-DD */
  publicationDate: string;
  year: number;
  trainingComputeFlop: number | null;
  accessibility: Accessibility | null;
  /** cost of the final training run in 2023 US dollars */
  trainingCost2023Usd: number | null;
}

export const ACCESSIBILITY = [
  "API access",
  "Open weights (unrestricted)",
  "Open weights (restricted use)",
  "Open weights (non-commercial)",
  "Hosted access (no API)",
  "Unreleased",
] as const;
export type Accessibility = (typeof ACCESSIBILITY)[number];

export const EPOCH_COLUMNS = ["model", "organization", "country", "publication_date", "training_compute_flop", "accessibility", "training_cost_2023_usd"] as const;

/**
 * Research units and former names of one company, mapped to the company: a firm in the model is
 * the company that decides what to train. Names not listed are their own company.
 */
export const ORGANIZATION_PARENT: Readonly<Record<string, string>> = {
  Google: "Google",
  "Google AI": "Google",
  "Google Brain": "Google",
  "Google Research": "Google",
  DeepMind: "Google",
  "Google DeepMind": "Google",
  Facebook: "Meta",
  "Facebook AI": "Meta",
  "Facebook AI Research": "Meta",
  "Meta AI": "Meta",
  Microsoft: "Microsoft",
  "Microsoft Research": "Microsoft",
  "Microsoft Research Asia": "Microsoft",
  IBM: "IBM",
  "IBM Research": "IBM",
  Alibaba: "Alibaba",
  "Alibaba DAMO Academy": "Alibaba",
  Huawei: "Huawei",
  "Huawei Noah's Ark Lab": "Huawei",
  Cohere: "Cohere",
  "Cohere for AI": "Cohere",
  Salesforce: "Salesforce",
  "Salesforce Research": "Salesforce",
};

export const UNITED_STATES = "United States of America";
/** The file's marker for an organization with offices in many countries; not a country. */
export const MULTINATIONAL = "Multinational";

/** Split a list cell on the commas between names (a name in double quotes may contain commas). */
export function splitListCell(cell: string | null): string[] {
  if (cell === null || cell.trim() === "") return [];
  return cell
    .split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/)
    .map((name) => name.trim().replace(/^"(.*)"$/, "$1").trim())
    .filter((name) => name !== "");
}

/** The developer a model is credited to: its first-listed organization, as its parent company. */
export function leadDeveloper(organizations: readonly string[]): string | null {
  if (organizations.length === 0) return null;
  return ORGANIZATION_PARENT[organizations[0]] ?? organizations[0];
}

/** US if any listed country is the United States; outside the US if countries are listed and none is; null when none is listed. */
export function developedOutsideUs(countries: readonly string[]): boolean | null {
  const named = countries.filter((c) => c !== MULTINATIONAL);
  if (named.length === 0) return null;
  return !named.includes(UNITED_STATES);
}

/** Open weights in any of the three licences; null when access is unknown or the model was never released. */
export function hasOpenWeights(accessibility: Accessibility | null): boolean | null {
  if (accessibility === null || accessibility === "Unreleased") return null;
  return accessibility.startsWith("Open weights");
}

/** The record the moments read. */
export function releaseOf(row: EpochModelRow): ModelRelease {
  return {
    year: row.year,
    developer: leadDeveloper(row.organizations),
    trainingFlop: row.trainingComputeFlop,
    openWeights: hasOpenWeights(row.accessibility),
    outsideUs: developedOutsideUs(row.countries),
    trainingCostUsd: row.trainingCost2023Usd,
  };
}

function positiveNumber(text: string | null, dollars: boolean): number | null | undefined {
  if (text === null || text.trim() === "") return null;
  const cleaned = dollars ? text.trim().replace(/^\$/, "").replaceAll(",", "") : text.trim();
  if (!/^[0-9.eE+-]+$/.test(cleaned)) return undefined;
  const value = Number(cleaned);
  return Number.isFinite(value) && value > 0 ? value : undefined;
}

/**
 * Parse the file's text (CSV with a header). `file` names the file in problems. Throws DataError
 * listing every problem: a missing column, a date that is not YYYY-MM-DD, a number that is not a
 * positive number, an accessibility outside ACCESSIBILITY. Empty cells are missing values (null).
 */
export function parseEpochModels(text: string, file: string): EpochModelRow[] {
  let table: aq.ColumnTable;
  try {
    table = aq.fromCSV(text, { autoType: false });
  } catch (error) {
    throw new DataError([`${file}: not a readable CSV file (${error instanceof Error ? error.message : String(error)})`]);
  }
  const missing = EPOCH_COLUMNS.filter((c) => !table.columnNames().includes(c));
  if (missing.length > 0) throw new DataError([`${file}: (header): expected the columns ${missing.join(", ")}; found ${table.columnNames().join(", ")}`]);

  const problems: string[] = [];
  const rows: EpochModelRow[] = [];
  (table.objects() as Record<string, string | null>[]).forEach((raw, i) => {
    const where = `${file}: row ${i + 2} (${raw.model ?? "unnamed model"})`;
    const date = raw.publication_date ?? "";
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) problems.push(`${where}: publication_date: expected a date YYYY-MM-DD, got ${JSON.stringify(raw.publication_date)}`);
    const flop = positiveNumber(raw.training_compute_flop, false);
    if (flop === undefined) problems.push(`${where}: training_compute_flop: expected a positive number of FLOP or nothing, got ${JSON.stringify(raw.training_compute_flop)}`);
    const cost = positiveNumber(raw.training_cost_2023_usd, true);
    if (cost === undefined) problems.push(`${where}: training_cost_2023_usd: expected a positive amount such as $5170.46 or nothing, got ${JSON.stringify(raw.training_cost_2023_usd)}`);
    const access = raw.accessibility === null || raw.accessibility.trim() === "" ? null : raw.accessibility.trim();
    if (access !== null && !(ACCESSIBILITY as readonly string[]).includes(access))
      problems.push(`${where}: accessibility: expected one of ${ACCESSIBILITY.join(", ")} or nothing, got ${JSON.stringify(access)}`);
    rows.push({
      model: raw.model ?? "",
      organizations: splitListCell(raw.organization),
      countries: splitListCell(raw.country),
      publicationDate: date,
      year: Number(date.slice(0, 4)),
      trainingComputeFlop: flop ?? null,
      accessibility: (access as Accessibility | null) ?? null,
      trainingCost2023Usd: cost ?? null,
    });
  });
  if (problems.length > 0) throw new DataError(problems.length > 50 ? [...problems.slice(0, 50), `${file}: ... and ${problems.length - 50} more problems`] : problems);
  return rows;
}
