import { badInput } from '@pmed/core';
import type { RdkitSession } from '../chemistry/rdkit';
import { decodeSelfies } from '../selfies/decoder';
import { encodeSelfies, selfiesSymbols } from '../selfies/selfies';
import { tokenizeSmiles } from '../smiles/tokenizer';

/** Which string the models read and write: SELFIES symbols (always valid when decoded) or SMILES tokens. */
export type Representation = 'selfies' | 'smiles';

export const PAD = 0;
export const BOS = 1;
export const EOS = 2;
const SPECIAL = ['<pad>', '<bos>', '<eos>'];

/** Tokens of one molecule in the chosen representation; throws for molecules it cannot represent. */
export function moleculeTokens(rdkit: RdkitSession, smiles: string, representation: Representation, field = 'smiles'): string[] {
  if (representation === 'selfies') return selfiesSymbols(encodeSelfies(rdkit, smiles, field));
  const canonical = rdkit.parse(smiles);
  if (!canonical.valid) throw badInput(field, `RDKit cannot parse "${smiles}": ${canonical.error}`);
  return tokenizeSmiles(canonical.canonicalSmiles as string);
}

/** The SMILES a token sequence stands for ('' for an empty SELFIES; SMILES may be invalid). */
export function tokensToSmiles(tokens: readonly string[], representation: Representation): string {
  return representation === 'selfies' ? decodeSelfies(tokens.join('')) : tokens.join('');
}

/** Token ids, with padding, sequence start and end as ids 0, 1 and 2. */
export class Vocabulary {
  private readonly ids: Map<string, number>;

  constructor(readonly tokens: readonly string[]) {
    if (tokens.slice(0, 3).join() !== SPECIAL.join()) throw badInput('vocabulary', 'must start with <pad>, <bos>, <eos>');
    this.ids = new Map(tokens.map((t, i) => [t, i]));
  }

  /** A vocabulary of every token in the sequences, sorted for a stable order. */
  static fromSequences(sequences: readonly (readonly string[])[]): Vocabulary {
    const seen = new Set<string>();
    for (const s of sequences) for (const t of s) seen.add(t);
    return new Vocabulary([...SPECIAL, ...[...seen].sort()]);
  }

  get size(): number {
    return this.tokens.length;
  }

  has(token: string): boolean {
    return this.ids.has(token);
  }

  /** Ids of the tokens followed by EOS and padding, `length` in all; null when a token is unknown or it is too long. */
  encode(tokens: readonly string[], length: number): Int32Array | null {
    if (tokens.length + 1 > length) return null;
    const out = new Int32Array(length);
    for (let i = 0; i < tokens.length; i++) {
      const id = this.ids.get(tokens[i]);
      if (id === undefined || id < 3) return null;
      out[i] = id;
    }
    out[tokens.length] = EOS;
    return out;
  }

  /** Tokens up to the first EOS or padding. */
  decode(ids: ArrayLike<number>): string[] {
    const out: string[] = [];
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i];
      if (id === EOS || id === PAD) break;
      if (id !== BOS) out.push(this.tokens[id]);
    }
    return out;
  }
}
