import { checkText, type TextInputOptions } from '../text/text-input';
import { findPhi, type PhiSpan, type PhiType } from './phi-patterns';

export type DeidStrategy = 'redact' | 'surrogate';

export interface DeidOptions extends TextInputOptions {
  strategy?: DeidStrategy;
  /** Surrogate dates move by this many days (a consistent per-patient shift); default from `seed`. */
  dateShiftDays?: number;
  /** Makes surrogates repeatable (e.g. the patient id); the same seed and text give the same output. */
  seed?: string;
}

export interface DeidResult {
  text: string;
  /** Offsets into the original text. */
  spans: { start: number; end: number; type: PhiType }[];
}

function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

const SURROGATE_FIRST = ['Alex', 'Jordan', 'Casey', 'Morgan', 'Riley', 'Taylor', 'Jamie', 'Avery', 'Quinn', 'Reese'];
const SURROGATE_LAST = ['Moreno', 'Lindqvist', 'Okafor', 'Brennan', 'Tanaka', 'Haddad', 'Kowalski', 'Duarte', 'Fischer', 'Mensah'];
const SURROGATE_CITY = ['Riverton', 'Lakeside', 'Fairview', 'Maplewood', 'Brookfield'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** Same shape, other digits and letters: keeps the look of a phone number or an MRN without its value. */
function reshape(value: string, seed: number): string {
  let state = seed || 1;
  const next = (n: number): number => {
    state = Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + 0x6d2b79f5;
    return ((state >>> 0) % n + n) % n;
  };
  return value.replace(/[0-9]/g, () => String(next(10))).replace(/[A-Za-z]/g, (c) => {
    const letter = String.fromCharCode(65 + next(26));
    return c === c.toLowerCase() ? letter.toLowerCase() : letter;
  });
}

function shiftDate(value: string, days: number): string | null {
  let match = /^(\d{1,2})([/.-])(\d{1,2})(?:\2(\d{2}|\d{4}))?$/.exec(value);
  if (match) {
    const year = match[4] ? (match[4].length === 2 ? 2000 + Number(match[4]) : Number(match[4])) : 2001;
    const date = new Date(Date.UTC(year, Number(match[1]) - 1, Number(match[3]) + days));
    const out = `${date.getUTCMonth() + 1}${match[2]}${date.getUTCDate()}`;
    return match[4] ? `${out}${match[2]}${match[4].length === 2 ? String(date.getUTCFullYear()).slice(2) : date.getUTCFullYear()}` : out;
  }
  match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(value);
  if (match) {
    const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + days));
    return date.toISOString().slice(0, 10);
  }
  const named = /^([A-Za-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?$/.exec(value);
  const month = named ? MONTHS.findIndex((m) => m.toLowerCase().startsWith(named[1].toLowerCase().slice(0, 3))) : -1;
  if (named && month >= 0) {
    const date = new Date(Date.UTC(named[3] ? Number(named[3]) : 2001, month, Number(named[2]) + days));
    return `${MONTHS[date.getUTCMonth()]} ${date.getUTCDate()}${named[3] ? `, ${date.getUTCFullYear()}` : ''}`;
  }
  return null;
}

function surrogate(span: PhiSpan, options: { seed: string; shift: number }, names: Map<string, string>): string {
  const h = hash(`${options.seed}\u0000${span.text}`);
  switch (span.type) {
    case 'NAME': {
      // One surrogate per original word, so "John Smith" and a later "Smith" stay the same person.
      return span.text
        .split(/(\s+)/)
        .map((word, i) => {
          if (/^\s+$/.test(word) || /^[A-Z]\.$/.test(word)) return word;
          if (!names.has(word)) {
            const list = i === 0 && span.text.includes(' ') ? SURROGATE_FIRST : SURROGATE_LAST;
            names.set(word, list[hash(`${options.seed}\u0000${word}`) % list.length]);
          }
          return names.get(word) ?? word;
        })
        .join('');
    }
    case 'DATE':
      return shiftDate(span.text, options.shift) ?? '[DATE]';
    case 'AGE':
      return '90+';
    case 'ZIP':
      return '00000';
    case 'LOCATION':
      return SURROGATE_CITY[h % SURROGATE_CITY.length];
    case 'EMAIL':
      return `user${h % 10000}@example.org`;
    case 'URL':
      return `https://example.org/${h % 10000}`;
    case 'IP':
      return `192.0.2.${h % 255}`;
    default:
      return reshape(span.text, h);
  }
}

/**
 * Removes the HIPAA Safe Harbor identifiers from a text: `redact` puts `[TYPE]` in place of each,
 * `surrogate` puts a realistic stand-in (names mapped consistently, dates shifted by one offset,
 * numbers reshaped, ages over 89 as "90+", ZIP codes as 00000).
 */
export function deidentify(input: string, options: DeidOptions = {}): DeidResult {
  const text = checkText(input, options);
  const spans = findPhi(text);
  const strategy = options.strategy ?? 'redact';
  const seed = options.seed ?? 'pmed';
  const shift = options.dateShiftDays ?? (hash(seed) % 365) - 182;
  const names = new Map<string, string>();
  let out = '';
  let at = 0;
  for (const span of spans) {
    out += text.slice(at, span.start) + (strategy === 'redact' ? `[${span.type}]` : surrogate(span, { seed, shift }, names));
    at = span.end;
  }
  out += text.slice(at);
  return { text: out, spans: spans.map(({ start, end, type }) => ({ start, end, type })) };
}
