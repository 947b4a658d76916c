import { createHash } from 'node:crypto';
import { endianness } from 'node:os';
import { ErrorCode, PmedError } from '@pmed/core';
import { NgramLanguageModel, type ModelDiscounts } from './language-model';
import { NgramTable } from './ngram-table';
import { Vocabulary } from './vocabulary';

const MAGIC = 'PMEDNGLM';
const FORMAT_VERSION = 1;

interface FileHeader {
  format: number;
  order: number;
  minCount: number;
  words: string[];
  sizes: number[];
  discounts: ModelDiscounts[];
}

function invalid(message: string): PmedError {
  return new PmedError(ErrorCode.MODEL_ARTIFACT_INVALID, `language model file: ${message}`, { details: { reason: 'LM_FILE_INVALID' } });
}

function requireLittleEndian(): void {
  // The arrays are written as the machine holds them; every platform the project runs on is little-endian.
  if (endianness() !== 'LE') throw new PmedError(ErrorCode.CONFIG_INVALID, 'language model files need a little-endian machine');
}

/**
 * Packs a model into one buffer: magic, a JSON header (vocabulary, order, discounts), the four
 * typed arrays of each order, and a trailing sha256 of everything before it, checked on load.
 */
export function serializeLanguageModel(model: NgramLanguageModel): Buffer {
  requireLittleEndian();
  const header: FileHeader = {
    format: FORMAT_VERSION,
    order: model.order,
    minCount: model.minCount,
    words: [...model.vocabulary.words],
    sizes: model.counts(),
    discounts: model.discounts,
  };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const padding = (4 - ((MAGIC.length + 4 + json.length) % 4)) % 4;
  const parts: Buffer[] = [Buffer.from(MAGIC, 'latin1'), Buffer.alloc(4), json, Buffer.alloc(padding)];
  parts[1].writeUInt32LE(json.length);
  for (const table of model.tables) {
    for (const array of [table.context, table.word, table.logProb, table.logBackoff]) {
      parts.push(Buffer.from(array.buffer, array.byteOffset, table.size * 4));
    }
  }
  const body = Buffer.concat(parts);
  return Buffer.concat([body, createHash('sha256').update(body).digest()]);
}

export function deserializeLanguageModel(bytes: Uint8Array): NgramLanguageModel {
  requireLittleEndian();
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.length < MAGIC.length + 4 + 32 || buffer.toString('latin1', 0, MAGIC.length) !== MAGIC) throw invalid('not a pmed n-gram model');
  const body = buffer.subarray(0, buffer.length - 32);
  if (!createHash('sha256').update(body).digest().equals(buffer.subarray(buffer.length - 32))) throw invalid('checksum mismatch (file damaged)');
  const jsonLength = body.readUInt32LE(MAGIC.length);
  let offset = MAGIC.length + 4;
  let header: FileHeader;
  try {
    header = JSON.parse(body.toString('utf8', offset, offset + jsonLength)) as FileHeader;
  } catch (cause) {
    throw invalid(`header is not JSON (${(cause as Error).message})`);
  }
  if (header.format !== FORMAT_VERSION) throw invalid(`format ${String(header.format)} is not supported (expected ${FORMAT_VERSION})`);
  offset += jsonLength;
  offset += (4 - (offset % 4)) % 4;
  const vocabulary = new Vocabulary(header.words.slice(3));
  if (vocabulary.size !== header.words.length || header.sizes.length !== header.order) throw invalid('inconsistent header');
  const aligned = new Uint8Array(body.length - offset);
  aligned.set(body.subarray(offset));
  let at = 0;
  const take = <T>(make: (buffer: ArrayBuffer, byteOffset: number, length: number) => T, size: number): T => {
    if (at + size * 4 > aligned.length) throw invalid('truncated');
    const view = make(aligned.buffer, at, size);
    at += size * 4;
    return view;
  };
  const tables = header.sizes.map((size) =>
    NgramTable.fromArrays({
      context: take((b, o, n) => new Uint32Array(b, o, n), size),
      word: take((b, o, n) => new Uint32Array(b, o, n), size),
      logProb: take((b, o, n) => new Float32Array(b, o, n), size),
      logBackoff: take((b, o, n) => new Float32Array(b, o, n), size),
      size,
    }),
  );
  if (at !== aligned.length) throw invalid('unexpected trailing bytes');
  return new NgramLanguageModel({ order: header.order, vocabulary, tables, discounts: header.discounts, minCount: header.minCount });
}
