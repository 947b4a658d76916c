import { badInput, type PmedError } from '@pmed/core';

/** Stable reasons (in `details.reason`) for refused text. */
export const TextInputError = {
  EMPTY: 'TEXT_EMPTY',
  TOO_LONG: 'TEXT_TOO_LONG',
  INVALID_UTF8: 'TEXT_INVALID_UTF8',
} as const;

/** Default upper bound for one text sent to the API (characters). */
export const DEFAULT_MAX_TEXT_LENGTH = 100_000;

export interface TextInputOptions {
  field?: string;
  maxLength?: number;
  allowEmpty?: boolean;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function refuse(field: string, reason: string, message: string, details: Record<string, unknown> = {}): PmedError {
  return badInput(field, message, { reason, ...details });
}

/**
 * Checks a text before any NLP runs on it: bytes must be valid UTF-8 (strings must hold no lone
 * surrogate, which is what invalid UTF-8 becomes after a lossy decode), it must hold something other
 * than white space, and it must fit the size limit.
 */
export function checkText(input: string | Uint8Array, options: TextInputOptions = {}): string {
  const field = options.field ?? 'text';
  const maxLength = options.maxLength ?? DEFAULT_MAX_TEXT_LENGTH;
  let text: string;
  if (typeof input === 'string') {
    text = input;
    if (LONE_SURROGATE.test(text)) throw refuse(field, TextInputError.INVALID_UTF8, 'is not valid Unicode (lone surrogate)');
    if (text.includes('\uFFFD')) throw refuse(field, TextInputError.INVALID_UTF8, 'holds U+FFFD, the mark of bytes that were not valid UTF-8');
  } else {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(input);
    } catch {
      throw refuse(field, TextInputError.INVALID_UTF8, 'is not valid UTF-8');
    }
  }
  if (text.length > maxLength) throw refuse(field, TextInputError.TOO_LONG, `is ${text.length} characters, over the limit of ${maxLength}`, { maxLength });
  if (!options.allowEmpty && text.trim().length === 0) throw refuse(field, TextInputError.EMPTY, 'is empty');
  return text;
}
