// CSV files: the portable text format of sim/csv.ts, written atomically.
import { writeAtomicWith } from "./atomic.js";
import { writeCsvChunks, type CsvColumn } from "../csv.js";

export * from "../csv.js";

/** Write a table to `path` atomically (temporary file, fsync, rename). */
export function writeCsvFile(path: string, columns: readonly CsvColumn[]): void {
  writeAtomicWith(path, (write) => writeCsvChunks(columns, write));
}
