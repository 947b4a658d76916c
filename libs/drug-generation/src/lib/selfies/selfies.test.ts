import { gunzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ErrorCode } from '@pmed/core';
import { createRng } from '@pmed/tensor';
import { openRdkit, type RdkitSession } from '../chemistry/rdkit';
import { DRUG_LIKE_ALPHABET, INDEX_ALPHABET } from './alphabet';
import { decodeSelfies } from './decoder';
import { encodeSelfies, selfiesToCanonicalSmiles } from './selfies';

const MOSES = join(__dirname, '../../../../../../shared/data/molecules/moses_test.csv.gz');
// 10,000 round trips take about 7 s here; the benchmark (bench:drug-generation) runs
// 20,000+. Both use a seeded, evenly spread sample of the MOSES test set.
const ROUND_TRIP_SAMPLE = 10_000;

let rdkit: RdkitSession;
beforeAll(async () => {
  rdkit = await openRdkit();
});

function mosesSample(n: number): string[] {
  const lines = gunzipSync(readFileSync(MOSES)).toString('utf8').split('\n').slice(1).filter(Boolean);
  const rng = createRng(5);
  return Array.from(rng.permutation(lines.length).subarray(0, n), (i) => lines[i].trim());
}

describe('SELFIES', () => {
  it('encodes and decodes small molecules', () => {
    expect(encodeSelfies(rdkit, 'CCO')).toBe('[C][C][O]');
    expect(encodeSelfies(rdkit, 'C=O')).toBe('[C][=O]');
    expect(decodeSelfies('[C][C][Branch1][C][O][N]')).toBe('CC(O)N');
    expect(rdkit.canonical(decodeSelfies(encodeSelfies(rdkit, 'c1ccccc1')))).toBe('c1ccccc1');
    expect(rdkit.canonical(decodeSelfies(encodeSelfies(rdkit, 'C[NH3+].[O-]C(=O)C')))).toBe(rdkit.canonical('C[NH3+].[O-]C(=O)C'));
  });

  it('cuts bonds to the valence left: [F][=C][=C][#N] is still a molecule', () => {
    expect(decodeSelfies('[F][=C][=C][#N]')).toBe('FC=C=N');
    expect(decodeSelfies('[O][=O][C]')).toBe('O=O');
    expect(decodeSelfies('[Branch1][Ring1]')).toBe('');
  });

  it('refuses what it cannot encode or read, with stable codes', () => {
    expect(() => encodeSelfies(rdkit, 'C1CC', 'seedSmiles')).toThrow(expect.objectContaining({ code: ErrorCode.BAD_USER_INPUT, message: expect.stringContaining('unclosed ring') }));
    expect(() => encodeSelfies(rdkit, 'C[C@H](N)O')).toThrow(expect.objectContaining({ code: ErrorCode.UNSUPPORTED_FORMAT }));
    expect(() => decodeSelfies('[C][Xx]')).toThrow(expect.objectContaining({ code: ErrorCode.BAD_USER_INPUT, message: expect.stringContaining('[Xx]') }));
    expect(() => decodeSelfies('C[C]')).toThrow(expect.objectContaining({ code: ErrorCode.BAD_USER_INPUT }));
  });

  it(`round-trips ${ROUND_TRIP_SAMPLE} MOSES molecules to the same RDKit canonical SMILES (>= 99.9%)`, () => {
    const sample = mosesSample(ROUND_TRIP_SAMPLE);
    const failures: string[] = [];
    for (const smiles of sample) {
      const back = selfiesToCanonicalSmiles(rdkit, encodeSelfies(rdkit, smiles));
      if (back !== rdkit.canonical(smiles)) failures.push(smiles);
    }
    expect(failures.slice(0, 5)).toEqual([]);
    expect(1 - failures.length / sample.length).toBeGreaterThanOrEqual(0.999);
  }, 120_000);

  it('decodes random symbol strings to molecules RDKit accepts', () => {
    const rng = createRng(11);
    const alphabet = [...new Set([...DRUG_LIKE_ALPHABET, ...INDEX_ALPHABET, '[#Ring2]', '[=Branch2]', '[Branch3]', '[Ring3]', '[S+1]', '[NH3+1]', '[B]', '.'])];
    let molecules = 0;
    for (let i = 0; i < 3000; i++) {
      const length = 1 + rng.int(60);
      const symbols = Array.from({ length }, () => alphabet[rng.int(alphabet.length)]);
      symbols[rng.int(length)] = '[C]';
      const smiles = decodeSelfies(symbols.join(''));
      expect(smiles).not.toBe('');
      const parsed = rdkit.parse(smiles);
      if (!parsed.valid) throw new Error(`${symbols.join('')} -> ${smiles}: ${parsed.error}`);
      molecules++;
    }
    expect(molecules).toBe(3000);
  });
});
