// Parquet through hyparquet-writer (pure JavaScript), written atomically. Columns are typed
// explicitly so that R's arrow and pandas read the same types every time: text as UTF-8 strings,
// whole numbers as INT32, everything else as DOUBLE (NaN kept as NaN). Snappy compression, one
// fixed row-group size and a fixed writer name keep the bytes the same for the same table.
import { parquetWriteBuffer } from "hyparquet-writer";
import { writeFileAtomic } from "./atomic.js";

export type ParquetColumnType = "STRING" | "INT32" | "DOUBLE";

export interface ParquetColumn {
  name: string;
  type: ParquetColumnType;
  values: ArrayLike<string | number>;
}

const ROW_GROUP_ROWS = 100_000;

/** The Parquet bytes of a table. */
export function parquetBytes(columns: readonly ParquetColumn[]): Uint8Array {
  const columnData = columns.map((column) => ({
    name: column.name,
    type: column.type,
    nullable: false,
    // the writer only reads the values: a column already of its type is handed over as it is
    data:
      column.type === "STRING"
        ? Array.isArray(column.values)
          ? (column.values as string[])
          : Array.from(column.values as ArrayLike<string>)
        : column.type === "INT32"
          ? column.values instanceof Int32Array
            ? column.values
            : Int32Array.from(column.values as ArrayLike<number>)
          : column.values instanceof Float64Array
            ? column.values
            : Float64Array.from(column.values as ArrayLike<number>),
  }));
  const buffer = parquetWriteBuffer({ columnData, rowGroupSize: ROW_GROUP_ROWS, createdBy: "moat" });
  return new Uint8Array(buffer);
}

/** Write a table to `path` as Parquet, atomically. */
export function writeParquetFile(path: string, columns: readonly ParquetColumn[]): void {
  writeFileAtomic(path, parquetBytes(columns));
}
