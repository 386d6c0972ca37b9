/**
 * A CSV reader with the behaviour and error messages of Go's `encoding/csv` (default options,
 * `FieldsPerRecord = -1`): empty lines are skipped, `\r\n` ends a line, quoted fields may span lines,
 * and a stray quote is an error such as `parse error on line 1, column 4: bare " in non-quoted-field`.
 */

/** A parse failure, worded as Go's `csv.ParseError`. Line and column are 1-based. */
export class CsvParseError extends Error {
  constructor(
    readonly startLine: number,
    readonly line: number,
    readonly column: number,
    readonly reason: string,
  ) {
    super(
      startLine !== line
        ? `record on line ${startLine}; parse error on line ${line}, column ${column}: ${reason}`
        : `parse error on line ${line}, column ${column}: ${reason}`,
    );
    this.name = 'CsvParseError';
  }
}

/** Go's `csv.ErrBareQuote` text. */
export const ErrBareQuote = 'bare " in non-quoted-field';
/** Go's `csv.ErrQuote` text. */
export const ErrQuote = 'extraneous or missing " in quoted-field';

/** Every record of `text`; throws {@link CsvParseError} on the first malformed one. */
export function readCsv(text: string): string[][] {
  const normalized = text.replace(/\r\n/g, '\n');
  const endsWithNewline = normalized.endsWith('\n');
  const lines = normalized.split('\n');
  // A final newline does not start another (empty) line.
  if (lines.at(-1) === '') lines.pop();
  const records: string[][] = [];
  let i = 0;
  while (i < lines.length) {
    if (lines[i] === '') {
      i++;
      continue;
    }
    const startLine = i + 1;
    const fields: string[] = [];
    let line = lines[i];
    let col = 0; // 0-based index into `line`
    for (;;) {
      if (line[col] !== '"') {
        const comma = line.indexOf(',', col);
        const field = comma >= 0 ? line.slice(col, comma) : line.slice(col);
        const q = field.indexOf('"');
        if (q >= 0) throw new CsvParseError(startLine, i + 1, col + q + 1, ErrBareQuote);
        fields.push(field);
        if (comma < 0) break;
        col = comma + 1;
        continue;
      }
      // Quoted field: runs to the closing quote, across lines if need be.
      let value = '';
      col++;
      for (;;) {
        const q = line.indexOf('"', col);
        if (q < 0) {
          value += line.slice(col);
          if (i + 1 >= lines.length) {
            // Go counts the final newline, when there is one, as part of the line.
            throw new CsvParseError(startLine, i + 1, line.length + (endsWithNewline ? 2 : 1), ErrQuote);
          }
          value += '\n';
          i++;
          line = lines[i];
          col = 0;
          continue;
        }
        value += line.slice(col, q);
        const next = line[q + 1];
        if (next === '"') {
          value += '"';
          col = q + 2;
          continue;
        }
        if (next === undefined || next === ',') {
          col = q + 1;
          break;
        }
        throw new CsvParseError(startLine, i + 1, q + 1, ErrQuote);
      }
      fields.push(value);
      if (line[col] === ',') {
        col++;
        continue;
      }
      break;
    }
    records.push(fields);
    i++;
  }
  return records;
}
