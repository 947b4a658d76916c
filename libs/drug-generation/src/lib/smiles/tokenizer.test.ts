import { ErrorCode } from '@pmed/core';
import { parseBracketAtom, tokenizeSmiles, tokenKind } from './tokenizer';

describe('tokenizeSmiles', () => {
  it('keeps two-letter atoms, bracket atoms, ring closures and stereo marks whole', () => {
    expect(tokenizeSmiles('ClCBr')).toEqual(['Cl', 'C', 'Br']);
    expect(tokenizeSmiles('C[C@@H](N)c1cc[nH]c1')).toEqual(['C', '[C@@H]', '(', 'N', ')', 'c', '1', 'c', 'c', '[nH]', 'c', '1']);
    expect(tokenizeSmiles('C%12CC%12.[Na+]')).toEqual(['C', '%12', 'C', 'C', '%12', '.', '[Na+]']);
    expect(tokenizeSmiles('F/C=C\\F')).toEqual(['F', '/', 'C', '=', 'C', '\\', 'F']);
    expect(tokenizeSmiles('C#N')).toEqual(['C', '#', 'N']);
    expect(tokenizeSmiles('[13CH3][N+](=O)[O-]')).toEqual(['[13CH3]', '[N+]', '(', '=', 'O', ')', '[O-]']);
  });

  it('round-trips: the tokens concatenate to the input', () => {
    const s = 'CC(=O)Oc1ccccc1C(=O)O.Cl[C@H]1CC[C@@]2(C)C%10CC12';
    expect(tokenizeSmiles(s).join('')).toBe(s);
  });

  it('names the position of a character that is not SMILES', () => {
    expect(() => tokenizeSmiles('CCxC')).toThrow(expect.objectContaining({ code: ErrorCode.BAD_USER_INPUT, message: expect.stringContaining('position 3') }));
    expect(() => tokenizeSmiles('C[NH')).toThrow(/position 2/);
    expect(() => tokenizeSmiles('')).toThrow(/non-empty/);
  });

  it('classifies tokens', () => {
    expect(['C', '=', '(', ')', '%12', '1', '.'].map(tokenKind)).toEqual(['atom', 'bond', 'branch-open', 'branch-close', 'ring', 'ring', 'dot']);
  });
});

describe('parseBracketAtom', () => {
  it('reads isotope, element, chirality, hydrogens and charge', () => {
    expect(parseBracketAtom('[13CH3+]')).toEqual({ isotope: 13, element: 'C', aromatic: false, chirality: null, hydrogens: 3, charge: 1 });
    expect(parseBracketAtom('[C@@H]')).toMatchObject({ chirality: '@@', hydrogens: 1 });
    expect(parseBracketAtom('[nH]')).toMatchObject({ element: 'N', aromatic: true, hydrogens: 1 });
    expect(parseBracketAtom('[O-]')).toMatchObject({ charge: -1, hydrogens: 0 });
    expect(parseBracketAtom('[Fe+2]')).toMatchObject({ element: 'Fe', charge: 2 });
    expect(parseBracketAtom('[H]')).toMatchObject({ element: 'H', hydrogens: 0 });
    expect(parseBracketAtom('[Xyz]')).toBeNull();
  });
});
