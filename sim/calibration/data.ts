// Reads the observed record from disk (Node only): the Epoch AI file shipped in data/, parsed and
// turned into the records the moments are computed from. Credit: EPOCH_CREDIT (CC BY 4.0).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { moatRoot } from "../experiment/environment.js";
import { DataError, parseEpochModels, releaseOf, type EpochModelRow } from "./epoch.js";
import type { ModelRelease } from "./moments.js";

/** data/epoch-models-2018-2024.csv in the repository. */
export function defaultEpochFile(): string {
  return join(moatRoot(), "data", "epoch-models-2018-2024.csv");
}

/** The calendar years the shipped file covers. */
export const EPOCH_YEARS: readonly number[] = [2018, 2019, 2020, 2021, 2022, 2023, 2024];

export function readEpochModels(file: string = defaultEpochFile()): EpochModelRow[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new DataError([`${file}: ${code === "ENOENT" ? "no such data file" : `cannot read the data file (${code ?? String(error)})`}`]);
  }
  return parseEpochModels(text, file);
}

/** The observed models as ModelRelease records. */
export function observedReleases(file: string = defaultEpochFile()): ModelRelease[] {
  return readEpochModels(file).map(releaseOf);
}
