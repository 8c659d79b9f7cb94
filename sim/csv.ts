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

/**
 * The cells of one column as text, formatCell of each value, chosen once per column: a value equal
 * to the row above's reuses its text (the key columns of a long table change seldom from row to
 * row), and repeated text (metric names) is formatted once.
 */
function columnCells(values: ArrayLike<CsvValue>): (row: number) => string {
  let previous: CsvValue = undefined;
  let previousCell = formatCell(undefined);
  const formattedText = new Map<string, string>();
  return (row) => {
    const value = values[row];
    if (value === previous) return previousCell; // === also holds for 0 and -0, both written 0
    previous = value;
    if (typeof value !== "string") return (previousCell = formatCell(value));
    let cell = formattedText.get(value);
    if (cell === undefined) {
      cell = formatCell(value);
      if (formattedText.size < REPEATED_TEXT_LIMIT) formattedText.set(value, cell);
    }
    return (previousCell = cell);
  };
}

// distinct texts remembered per column (the names of a long table's keys and metrics fit many times over)
const REPEATED_TEXT_LIMIT = 1 << 14;

/** The table as CSV text in chunks of about a million characters, handed to `write` in order. */
export function writeCsvChunks(columns: readonly CsvColumn[], write: (chunk: string) => void): void {
  const rowCount = checkColumns(columns);
  const cells = columns.map((c) => columnCells(c.values));
  const width = columns.length;
  const line = new Array<string>(width);
  let lines: string[] = [`${columns.map((c) => formatCell(c.name)).join(",")}\n`];
  let characters = 0;
  for (let row = 0; row < rowCount; row++) {
    for (let c = 0; c < width; c++) line[c] = cells[c](row);
    const text = `${line.join(",")}\n`;
    lines.push(text);
    characters += text.length;
    if (characters >= CHUNK_CHARACTERS) {
      write(lines.join(""));
      lines = [];
      characters = 0;
    }
  }
  if (lines.length > 0) write(lines.join(""));
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
