/** One CSV record: its fields and the (1-based) line it starts on. */
export interface CsvRecord {
  line: number;
  fields: string[];
}

/** A record the parser could not read, by the line it starts on. */
export interface CsvIssue {
  line: number;
  message: string;
}

export interface ParseCsvOptions {
  /** Field separator (default ','). */
  delimiter?: string;
}

/**
 * RFC 4180 CSV: fields separated by the delimiter, records by CRLF or LF; a field in double quotes
 * may hold delimiters, quotes (doubled: "") and line breaks. A UTF-8 byte order mark and blank lines
 * are skipped. Malformed records (a stray quote inside an unquoted field, text after a closing
 * quote, a quote never closed) are reported with their line and left out; parsing goes on with the
 * next record, so one pass names every bad line.
 */
export function parseCsv(input: string, options: ParseCsvOptions = {}): { records: CsvRecord[]; issues: CsvIssue[] } {
  const delimiter = options.delimiter ?? ',';
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') throw new RangeError(`the delimiter must be one character other than a quote or line break, got ${JSON.stringify(delimiter)}`);
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const n = text.length;
  const records: CsvRecord[] = [];
  const issues: CsvIssue[] = [];
  let i = 0;
  let line = 1;
  const isBreak = (c: string | undefined) => c === '\n' || c === '\r';

  while (i < n) {
    const start = line;
    const fields: string[] = [];
    let problem: string | null = null;
    for (;;) {
      let value = '';
      if (text[i] === '"') {
        i++;
        let closed = false;
        while (i < n) {
          const c = text[i] as string;
          if (c === '"') {
            if (text[i + 1] === '"') {
              value += '"';
              i += 2;
              continue;
            }
            i++;
            closed = true;
            break;
          }
          if (c === '\n') line++;
          value += c;
          i++;
        }
        if (!closed) problem ??= `field ${fields.length + 1}: a quoted field is never closed (a missing ")`;
        else if (i < n && text[i] !== delimiter && !isBreak(text[i])) {
          problem ??= `field ${fields.length + 1}: unexpected text after a closing quote (a quote inside a quoted field is written "")`;
          while (i < n && text[i] !== delimiter && !isBreak(text[i])) i++;
        }
      } else {
        const from = i;
        while (i < n && text[i] !== delimiter && !isBreak(text[i])) i++;
        value = text.slice(from, i);
        if (value.includes('"')) problem ??= `field ${fields.length + 1}: a quote inside an unquoted field (quote the whole field and write a quote in it as "")`;
      }
      fields.push(value);
      if (i < n && text[i] === delimiter) {
        i++;
        continue;
      }
      if (text[i] === '\r' && text[i + 1] === '\n') i += 2;
      else if (i < n) i++;
      line++;
      break;
    }
    if (problem !== null) issues.push({ line: start, message: problem });
    else if (!(fields.length === 1 && (fields[0] as string).trim() === '')) records.push({ line: start, fields });
  }
  return { records, issues };
}

/** Splits a list cell on ';' or '|': items trimmed, empty ones dropped, repeats (ignoring case) kept once. */
export function splitList(cell: string): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const raw of cell.split(/[;|]/)) {
    const item = raw.trim().replace(/\s+/g, ' ');
    if (!item || seen.has(item.toLowerCase())) continue;
    seen.add(item.toLowerCase());
    out.push(item);
  }
  return out;
}
