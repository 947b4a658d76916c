import { ErrorCode, PmedError } from '@pmed/core';
import { LOG10_ZERO } from './kneser-ney';
import { NgramLanguageModel } from './language-model';
import { NgramTable } from './ngram-table';
import { BOS, EOS, UNK_ID, Vocabulary } from './vocabulary';

/** Stable reasons (in `details.reason`) for an ARPA file that cannot be read. */
export const ArpaError = {
  HEADER: 'ARPA_BAD_HEADER',
  COUNT: 'ARPA_COUNT_MISMATCH',
  LINE: 'ARPA_BAD_LINE',
  DUPLICATE: 'ARPA_DUPLICATE_NGRAM',
  UNKNOWN_WORD: 'ARPA_UNKNOWN_WORD',
} as const;

function arpaError(reason: string, message: string, line?: number): PmedError {
  return new PmedError(ErrorCode.UNSUPPORTED_FORMAT, `ARPA file${line === undefined ? '' : ` line ${line}`}: ${message}`, { details: { reason, line } });
}

function formatLog(value: number): string {
  return value === 0 ? '0' : String(Number(value.toPrecision(9)));
}

/** The words of entry `entry` of order `k` (1-based), by walking its contexts down. */
function ngramWords(model: { tables: NgramTable[]; vocabulary: Vocabulary }, k: number, entry: number): string[] {
  const words: string[] = [];
  for (let order = k, e = entry; order >= 1; order--) {
    words.push(model.vocabulary.words[model.tables[order - 1].word[e]]);
    e = model.tables[order - 1].context[e];
  }
  return words.reverse();
}

/** Writes the model as an ARPA back-off file, readable by KenLM and SRILM. */
export function* writeArpa(model: NgramLanguageModel): Generator<string> {
  yield '\\data\\\n';
  for (let k = 1; k <= model.order; k++) yield `ngram ${k}=${model.tables[k - 1].size}\n`;
  for (let k = 1; k <= model.order; k++) {
    yield `\n\\${k}-grams:\n`;
    const table = model.tables[k - 1];
    let chunk = '';
    for (let e = 0; e < table.size; e++) {
      const words = k === 1 ? model.vocabulary.words[e] : ngramWords(model, k, e).join(' ');
      chunk += `${formatLog(table.logProb[e])}\t${words}${k < model.order ? `\t${formatLog(table.logBackoff[e])}` : ''}\n`;
      if (chunk.length > 1 << 16) {
        yield chunk;
        chunk = '';
      }
    }
    if (chunk) yield chunk;
  }
  yield '\n\\end\\\n';
}

export function arpaToString(model: NgramLanguageModel): string {
  return [...writeArpa(model)].join('');
}

interface Reader {
  lines: string[];
  at: number;
}

function nextContent(reader: Reader): string | undefined {
  while (reader.at < reader.lines.length) {
    const line = reader.lines[reader.at++].trim();
    if (line !== '') return line;
  }
  return undefined;
}

function parseNumber(text: string, line: number): number {
  const value = Number(text);
  if (!Number.isFinite(value)) throw arpaError(ArpaError.LINE, `'${text}' is not a number`, line);
  return value;
}

/**
 * Reads an ARPA back-off model. N-grams whose context or suffix the file leaves out (pruned files)
 * are added with the probability the back-off gives and no back-off weight, as KenLM does, so the
 * model scores exactly as the file says.
 */
export function readArpa(text: string): NgramLanguageModel {
  const reader: Reader = { lines: text.split(/\r?\n/), at: 0 };
  if (nextContent(reader) !== '\\data\\') throw arpaError(ArpaError.HEADER, "does not start with '\\data\\'", reader.at);
  const declared: number[] = [];
  let line = nextContent(reader);
  while (line !== undefined && line.startsWith('ngram ')) {
    const match = /^ngram (\d+)\s*=\s*(\d+)$/.exec(line);
    if (!match || Number(match[1]) !== declared.length + 1) throw arpaError(ArpaError.HEADER, `bad count line '${line}'`, reader.at);
    declared.push(Number(match[2]));
    line = nextContent(reader);
  }
  if (declared.length === 0 || declared.length > 10) throw arpaError(ArpaError.HEADER, 'needs ngram 1=.. to ngram N=.. lines, N from 1 to 10', reader.at);
  const order = declared.length;
  const vocabulary = new Vocabulary();
  const tables = declared.map((count) => new NgramTable(count));
  const seenUnigram = new Set<number>();
  const rows: { words: string[]; logProb: number; logBackoff: number; line: number }[][] = [];
  for (let k = 1; k <= order; k++) {
    if (line !== `\\${k}-grams:`) throw arpaError(ArpaError.HEADER, `expected '\\${k}-grams:', found '${line ?? 'end of file'}'`, reader.at);
    const section: (typeof rows)[number] = [];
    for (line = nextContent(reader); line !== undefined && !line.startsWith('\\'); line = nextContent(reader)) {
      const fields = line.split(/\s+/);
      if (fields.length !== k + 1 && fields.length !== k + 2) throw arpaError(ArpaError.LINE, `a ${k}-gram line needs ${k + 1} or ${k + 2} fields`, reader.at);
      const logBackoff = fields.length === k + 2 ? parseNumber(fields[k + 1], reader.at) : 0;
      section.push({ words: fields.slice(1, k + 1), logProb: parseNumber(fields[0], reader.at), logBackoff, line: reader.at });
    }
    if (section.length !== declared[k - 1]) {
      throw arpaError(ArpaError.COUNT, `the header declares ${declared[k - 1]} ${k}-grams, the section holds ${section.length}`, reader.at);
    }
    rows.push(section);
  }
  if (line !== '\\end\\') throw arpaError(ArpaError.HEADER, `expected '\\end\\', found '${line ?? 'end of file'}'`, reader.at);

  for (const row of rows[0]) vocabulary.add(row.words[0]);
  for (const special of [BOS, EOS]) if (!rows[0].some((row) => row.words[0] === special)) throw arpaError(ArpaError.HEADER, `the unigrams lack ${special}`);
  for (let id = 0; id < vocabulary.size; id++) tables[0].insert(0, id);
  tables[0].logProb[UNK_ID] = LOG10_ZERO;
  for (const row of rows[0]) {
    const id = vocabulary.id(row.words[0]);
    if (seenUnigram.has(id)) throw arpaError(ArpaError.DUPLICATE, `unigram '${row.words[0]}' appears twice`, row.line);
    seenUnigram.add(id);
    tables[0].logProb[id] = row.logProb;
    tables[0].logBackoff[id] = row.logBackoff;
  }
  const model = new NgramLanguageModel({ order, vocabulary, tables, discounts: [], minCount: 1 });
  const ensure = (ids: number[]): number => {
    if (ids.length === 1) return ids[0];
    const context = ensure(ids.slice(0, -1));
    const table = tables[ids.length - 1];
    const found = table.find(context, ids[ids.length - 1]);
    if (found >= 0) return found;
    const logProb = scoreIds(model, ids.slice(0, -1), ids[ids.length - 1]);
    const { entry } = table.insert(context, ids[ids.length - 1]);
    table.logProb[entry] = logProb;
    table.logBackoff[entry] = 0;
    return entry;
  };
  for (let k = 2; k <= order; k++) {
    const table = tables[k - 1];
    for (const row of rows[k - 1]) {
      const ids = row.words.map((word) => {
        if (!vocabulary.has(word)) throw arpaError(ArpaError.UNKNOWN_WORD, `'${word}' is not among the unigrams`, row.line);
        return vocabulary.id(word);
      });
      const context = ensure(ids.slice(0, -1));
      const { entry, added } = table.insert(context, ids[k - 1]);
      if (!added) throw arpaError(ArpaError.DUPLICATE, `'${row.words.join(' ')}' appears twice`, row.line);
      table.logProb[entry] = row.logProb;
      table.logBackoff[entry] = row.logBackoff;
    }
    // A query walks suffixes from short to long, so every suffix must be present.
    for (let e = 0, size = table.size; e < size; e++) ensure(ngramWords(model, k, e).slice(1).map((word) => vocabulary.id(word)));
  }
  for (const table of tables) table.compact();
  return model;
}

function scoreIds(model: NgramLanguageModel, context: number[], word: number): number {
  let state = { entries: new Int32Array(model.order), length: 0 };
  let next = { entries: new Int32Array(model.order), length: 0 };
  for (const id of context) {
    model.scoreId(state, id, next);
    [state, next] = [next, state];
  }
  return model.scoreId(state, word, next).logProb;
}

