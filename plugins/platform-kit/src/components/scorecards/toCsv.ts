/** One CSV column: its header and how to read the cell from a row. */
export interface CsvColumn<T> {
  header: string;
  value: (row: T) => unknown;
}

/** Characters that make spreadsheet programs evaluate a cell as a formula. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV cell (RFC 4180): null and undefined are empty, arrays are joined with "; ",
 * text that could be read as a formula is prefixed with a quote, and cells holding
 * a quote, comma, CR or LF (or leading/trailing spaces) are quoted with quotes doubled.
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number')
    return Number.isFinite(value) ? String(value) : '';
  let text = Array.isArray(value) ? value.join('; ') : String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  if (/[",\r\n]/.test(text) || /^\s|\s$/.test(text)) {
    return `"${text.replace(/"/g, '""')}"`;
  }
  return text;
}

/** A CSV document: a header line, then one line per row, CRLF line ends. */
export function toCsv<T>(columns: CsvColumn<T>[], rows: T[]): string {
  const lines = [columns.map(c => csvCell(c.header)).join(',')];
  for (const row of rows) {
    lines.push(columns.map(c => csvCell(c.value(row))).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
