import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { ErrorCode, PmedError, badInput } from '@pmed/core';
import { tf } from '@pmed/tensor';
import type { MoleculeVae } from './vae';

/**
 * SMILES from a CSV file (plain or gzip) with a `SMILES` or `smiles` column, or from a file of one
 * SMILES per line. `limit` keeps the first molecules; `every` takes every n-th for an even spread.
 */
export async function readSmilesFile(path: string, options: { limit?: number; every?: number } = {}): Promise<string[]> {
  let raw: Buffer;
  try {
    raw = await readFile(path);
  } catch (error) {
    throw badInput('file', `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  let text: string;
  try {
    text = (raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw) : raw).toString('utf8');
  } catch {
    throw new PmedError(ErrorCode.UNSUPPORTED_FORMAT, `${path} looks gzip-compressed but does not decompress`);
  }
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length === 0) throw badInput('file', `${path} is empty`);
  const header = lines[0].split(',').map((h) => h.trim());
  let column = header.findIndex((h) => h === 'SMILES' || h === 'smiles');
  let rows = lines.slice(1);
  if (column < 0) {
    if (header.length > 1) throw badInput('file', `${path} has no SMILES or smiles column (columns: ${header.slice(0, 8).join(', ')})`);
    column = 0;
    rows = lines;
  }
  const every = Math.max(1, Math.floor(options.every ?? 1));
  const out: string[] = [];
  for (let i = 0; i < rows.length && out.length < (options.limit ?? Infinity); i += every) {
    const value = rows[i].split(',')[column]?.trim();
    if (value) out.push(value);
  }
  return out;
}

/** Latent means of token-id rows [n, maxLength], in batches. */
export function latentMeans(vae: MoleculeVae, ids: Int32Array, batchSize = 256): tf.Tensor2D {
  const { mean, logVariance } = latentPosteriors(vae, ids, batchSize);
  logVariance.dispose();
  return mean;
}

/**
 * Each molecule's posterior q(z | x) = N(mean, exp(logVariance)) under the VAE's encoder, for token-id
 * rows [n, maxLength], in batches.
 */
export function latentPosteriors(vae: MoleculeVae, ids: Int32Array, batchSize = 256): { mean: tf.Tensor2D; logVariance: tf.Tensor2D } {
  const length = vae.config.maxLength;
  const n = ids.length / length;
  const means: tf.Tensor2D[] = [];
  const logVariances: tf.Tensor2D[] = [];
  for (let start = 0; start < n; start += batchSize) {
    const end = Math.min(n, start + batchSize);
    const { mean, logVariance } = tf.tidy(() => vae.encode(tf.tensor2d(ids.subarray(start * length, end * length), [end - start, length], 'int32')));
    means.push(mean);
    logVariances.push(logVariance);
  }
  const result = { mean: tf.concat(means) as tf.Tensor2D, logVariance: tf.concat(logVariances) as tf.Tensor2D };
  tf.dispose([...means, ...logVariances]);
  return result;
}
