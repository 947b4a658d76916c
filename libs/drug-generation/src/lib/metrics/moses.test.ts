import { ErrorCode } from '@pmed/core';
import { openChemistry, tanimoto, type Chemistry } from '../chemistry/chemistry';
import { summarize, wasserstein1d } from './distributions';
import { evaluateGenerated, internalDiversity } from './moses';

let chem: Chemistry;
beforeAll(async () => {
  chem = await openChemistry();
});
afterAll(() => chem.dispose());

describe('MOSES metrics', () => {
  it('counts validity, uniqueness and novelty on canonical SMILES', () => {
    const generated = ['CCO', 'OCC', 'C1CC', 'c1ccccc1', 'CCN', 'not smiles'];
    const m = evaluateGenerated({ chemistry: chem, generated, training: ['C(O)C', 'CCCC'] });
    expect(m.validity).toBeCloseTo(4 / 6);
    expect(m.unique1k).toBeCloseTo(3 / 4);
    expect(m.unique10k).toBeCloseTo(3 / 4);
    expect(m.repeated).toEqual([{ smiles: 'CCO', count: 2 }]);
    expect(m.novelty).toBeCloseTo(2 / 3);
    const many = evaluateGenerated({ chemistry: chem, generated: ['CN', 'C', 'CC', 'C', 'CN', 'C', 'CCC'] });
    expect(many.repeated).toEqual([{ smiles: 'C', count: 3 }, { smiles: 'CN', count: 2 }]);
    expect(m.properties.qed.generated.n).toBe(4);
    expect(m.properties.molecularWeight.training!.n).toBe(2);
    expect(m.properties.logP.wasserstein).toBeGreaterThan(0);
    expect(chem.rdkit.liveMolecules).toBe(0);
  });

  it('computes IntDiv over all pairs, self-pairs included, as MOSES does', () => {
    const smiles = ['CCO', 'c1ccccc1', 'CC(=O)O'];
    const fps = smiles.map((s) => chem.fingerprint(s)!);
    let sum = 0;
    for (const a of fps) for (const b of fps) sum += tanimoto(a, b);
    expect(internalDiversity(fps)).toBeCloseTo(1 - sum / 9, 12);
    expect(internalDiversity([fps[0], fps[0]])).toBe(0);
  });

  it('refuses an empty set', () => {
    expect(() => evaluateGenerated({ chemistry: chem, generated: [] })).toThrow(expect.objectContaining({ code: ErrorCode.BAD_USER_INPUT }));
  });
});

describe('distributions', () => {
  it('Wasserstein-1 is the mean shift for shifted samples and 0 for equal ones', () => {
    expect(wasserstein1d([1, 2, 3], [1, 2, 3])).toBe(0);
    expect(wasserstein1d([1, 2, 3], [3, 4, 5])).toBeCloseTo(2);
    expect(wasserstein1d([0, 1], [0, 0, 1, 1])).toBeCloseTo(0);
    expect(summarize([1, 2, 3, 4])).toMatchObject({ mean: 2.5, median: 2.5, min: 1, max: 4 });
  });
});
