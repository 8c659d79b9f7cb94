// CSV text (portable: no Node imports; sim/io/csv.ts adds atomic files) with a fixed, lossless number format so that the same numbers always give the same bytes:
// - numbers use JavaScript's shortest round-trip form (ECMAScript Number::toString), so parsing the
//   text gives back the identical double: 0.1, 2026.25, 1e+26, 1.2e-18; -0 is written 0;
// - NaN is written NaN, infinities Inf and -Inf (read as numbers by R's read.csv and by pandas);
// - text is quoted only when it holds a comma, a quote, a line break or edge spaces (RFC 4180);
// - null and undefined are written as an empty field (NA);
// - lines end with \n, the header is the first line.
// Why not arquero's toCSV/fromCSV: it writes Infinity (R's read.csv wants Inf) and builds the whole
// text in memory, while studies write tables of 10^5-10^6 rows in chunks (writeCsvChunks); summaries
// are still computed with arquero (sim/experiment/tables.ts).

export type CsvValue = string | number | boolean | null | undefined;

/** One column of a table: its header and its values (any array-like, typed arrays included). */
export interface CsvColumn {
  name: string;
  values: ArrayLike<CsvValue>;
}

export function formatNumber(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Number.POSITIVE_INFINITY) return "Inf";
  if (value === Number.NEGATIVE_INFINITY) return "-Inf";
  if (value === 0) return "0";
  return String(value);
}

const needsQuotes = /[",\r\n]|^\s|\s$/;

export function formatCell(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return formatNumber(value);
  if (typeof value === "boolean") return value ? "true" : "false";
  return needsQuotes.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

function checkColumns(columns: readonly CsvColumn[]): number {
  if (columns.length === 0) throw new RangeError("CSV: expected at least one column");
  const rowCount = columns[0].values.length;
  for (const column of columns)
    if (column.values.length !== rowCount)
      throw new RangeError(`CSV: column ${column.name} has ${column.values.length} values, expected ${rowCount}`);
  return rowCount;
}

/** The whole table as CSV text (small tables; large ones go through writeCsvFile). */
export function toCsv(columns: readonly CsvColumn[]): string {
  const parts: string[] = [];
  writeCsvChunks(columns, (chunk) => parts.push(chunk));
  return parts.join("");
}

const CHUNK_CHARACTERS = 1 << 20;

/** The table as CSV text in chunks of about a million characters, handed to `write` in order. */
export function writeCsvChunks(columns: readonly CsvColumn[], write: (chunk: string) => void): void {
  const rowCount = checkColumns(columns);
  let buffer = `${columns.map((c) => formatCell(c.name)).join(",")}\n`;
  const width = columns.length;
  for (let row = 0; row < rowCount; row++) {
    let line = formatCell(columns[0].values[row]);
    for (let c = 1; c < width; c++) line += `,${formatCell(columns[c].values[row])}`;
    buffer += `${line}\n`;
    if (buffer.length >= CHUNK_CHARACTERS) {
      write(buffer);
      buffer = "";
    }
  }
  if (buffer.length > 0) write(buffer);
}

/** Parse CSV text (RFC 4180, as written above) into a header and rows of raw strings. */
export function parseCsv(text: string): { header: string[]; rows: string[][] } {
  const records: string[][] = [];
  let field = "";
  let record: string[] = [];
  let quoted = false;
  let fieldStarted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
      continue;
    }
    if (ch === '"' && !fieldStarted) {
      quoted = true;
      fieldStarted = true;
    } else if (ch === ",") {
      record.push(field);
      field = "";
      fieldStarted = false;
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      record.push(field);
      records.push(record);
      record = [];
      field = "";
      fieldStarted = false;
    } else {
      field += ch;
      fieldStarted = true;
    }
  }
  if (fieldStarted || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  const [header = [], ...rows] = records;
  return { header, rows };
}

/** Read a number written by formatNumber (NaN, Inf, -Inf included); empty field -> NaN. */
export function parseNumber(text: string): number {
  if (text === "Inf") return Number.POSITIVE_INFINITY;
  if (text === "-Inf") return Number.NEGATIVE_INFINITY;
  if (text === "" || text === "NaN") return Number.NaN;
  return Number(text);
}
