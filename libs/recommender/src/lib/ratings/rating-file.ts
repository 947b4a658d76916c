import { ErrorCode, PmedError } from '@pmed/core';
import { DEFAULT_RATING_SCALE, RatingMatrixBuilder, type RatingMatrix, type RatingScale } from './rating-matrix';

export interface ParseRatingsOptions {
  scale?: RatingScale;
  /** Stop with an error past this many ratings (default 100 million). */
  maxRatings?: number;
}

// MovieLens layouts: u.data (tabs), ratings.dat ('::'), ratings.csv (commas, with a header).
const SEPARATOR = /::|\t|,|\s+/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function lineError(line: number, message: string, text: string): PmedError {
  const shown = text.length > 120 ? `${text.slice(0, 120)}...` : text;
  return new PmedError(ErrorCode.BAD_USER_INPUT, `line ${line}: ${message}: '${shown}'`, { details: { field: 'ratings', line } });
}

/**
 * Parses `user item rating [timestamp]` lines (tab, comma, '::' or space separated; blank lines and
 * lines starting with '#' skipped; a first line naming a `rating` column is a header). Any malformed
 * line stops the whole parse with an error naming its line number, so a caller never imports part
 * of a file.
 */
export function parseRatings(input: string | Uint8Array, options: ParseRatingsOptions = {}): RatingMatrix {
  const scale = options.scale ?? DEFAULT_RATING_SCALE;
  const maxRatings = options.maxRatings ?? 100_000_000;
  const builder = new RatingMatrixBuilder({ scale, expectedSize: Math.min(maxRatings, Math.ceil(input.length / 12)) });
  let withTime: boolean | null = null;
  let lineNo = 0;
  for (const line of lines(input)) {
    lineNo++;
    const text = line.trim();
    if (text === '' || text.startsWith('#')) continue;
    const fields = text.split(SEPARATOR);
    if (lineNo === 1 && fields[2]?.toLowerCase() === 'rating') continue;
    if (fields.length < 3 || fields.length > 4) throw lineError(lineNo, `expected 'user item rating [timestamp]', found ${fields.length} field(s)`, text);
    const [user, item, ratingText, timeText] = fields as [string, string, string, string | undefined];
    if (!NUMBER.test(ratingText)) throw lineError(lineNo, `rating '${ratingText}' is not a number`, text);
    const rating = Number(ratingText);
    if (rating < scale.min || rating > scale.max) throw lineError(lineNo, `rating ${rating} is outside the scale [${scale.min}, ${scale.max}]`, text);
    const hasTime = timeText !== undefined;
    if (withTime === null) withTime = hasTime;
    else if (withTime !== hasTime) throw lineError(lineNo, withTime ? 'timestamp missing (earlier lines have one)' : 'unexpected fourth field (earlier lines have no timestamp)', text);
    let time: number | undefined;
    if (timeText !== undefined) {
      time = NUMBER.test(timeText) ? Number(timeText) : Date.parse(timeText) / 1000;
      if (!Number.isFinite(time)) throw lineError(lineNo, `timestamp '${timeText}' is neither a number of seconds nor a date`, text);
    }
    if (builder.size >= maxRatings) throw lineError(lineNo, `more than ${maxRatings} ratings`, text);
    builder.add(user, item, rating, time);
  }
  if (builder.size === 0) throw new PmedError(ErrorCode.BAD_USER_INPUT, 'ratings: the input holds no rating lines', { details: { field: 'ratings' } });
  return builder.build();
}

/** Lines of a string or of UTF-8 bytes, without building one string for a file of hundreds of MB. */
function* lines(input: string | Uint8Array): Generator<string> {
  if (typeof input === 'string') {
    let start = 0;
    while (start <= input.length) {
      let end = input.indexOf('\n', start);
      if (end === -1) end = input.length;
      yield input.slice(start, end);
      start = end + 1;
    }
    return;
  }
  const decoder = new TextDecoder('utf-8', { fatal: false });
  let start = 0;
  while (start <= input.length) {
    let end = input.indexOf(10, start);
    if (end === -1) end = input.length;
    yield decoder.decode(input.subarray(start, end));
    start = end + 1;
  }
}
