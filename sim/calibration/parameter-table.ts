// docs/MODEL.md's parameter table with the shipped fit's estimates (I/O edge): reads the posterior
// that `moat calibrate --fit` wrote (scenarios/calibration/history-posterior.csv, a copy of its
// posterior.csv) and marks each fitted parameter "calibrated" with its estimate and 90% interval.
//   npm run docs:params      (builds, then runs this file, printing Markdown)
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { moatRoot } from "../experiment/environment.js";
import { StudyError } from "../experiment/errors.js";
import { parseCsv } from "../io/csv.js";
import { parameterTable, type CalibratedEstimate } from "../scenario/docs.js";
import { ScenarioSchema } from "../scenario/schema.js";

/** The posterior of the shipped history fit. */
export function shippedPosteriorFile(): string {
  return join(moatRoot(), "scenarios", "calibration", "history-posterior.csv");
}

const COLUMNS = ["parameter", "estimate", "posterior_q05", "posterior_q95", "interval_share_of_prior", "identified"] as const;

/** A fit's posterior.csv as the parameter table reads it; names the file and column when one is missing or not a number. */
export function readPosterior(file: string): CalibratedEstimate[] {
  const { header, rows } = parseCsv(readFileSync(file, "utf8"));
  const at = COLUMNS.map((name) => header.indexOf(name));
  const missing = COLUMNS.filter((_, i) => at[i] < 0);
  if (missing.length > 0) throw new StudyError([`${file}: expected the columns ${COLUMNS.join(", ")} of a fit's posterior.csv, missing ${missing.join(", ")}`]);
  return rows.map((row, r) => {
    const number = (i: number) => {
      const value = Number(row[at[i]]);
      if (row[at[i]] === "" || !Number.isFinite(value)) throw new StudyError([`${file}: row ${r + 2}: ${COLUMNS[i]}: expected a number, got ${JSON.stringify(row[at[i]])}`]);
      return value;
    };
    const identified = row[at[5]];
    if (identified !== "true" && identified !== "false") throw new StudyError([`${file}: row ${r + 2}: identified: expected true or false, got ${JSON.stringify(identified)}`]);
    return { path: row[at[0]], estimate: number(1), q05: number(2), q95: number(3), intervalShareOfPrior: number(4), identified: identified === "true" };
  });
}

/** The parameter table of docs/MODEL.md: the schema's fields with the shipped fit's estimates. */
export function calibratedParameterTable(posteriorFile = shippedPosteriorFile()): string {
  return parameterTable(ScenarioSchema, readPosterior(posteriorFile));
}

if (process.argv[1] && fileURLToPath(import.meta.url).replace(/\.(js|ts)$/, "") === process.argv[1].replace(/\.(js|ts)$/, "")) console.log(calibratedParameterTable());
