import { ErrorCode } from '@pmed/core';
import { openChemistry, tanimoto, type Chemistry } from './chemistry';
import { desirability, QED_ADS } from './qed-parameters';

// From tools/bench/drug-generation/qed_reference.py (Python RDKit 2022.09.3, rdkit.Chem.QED): the QED
// paper's three examples, aspirin and the first 12 MOSES test molecules.
const PYTHON_RDKIT: [string, number, number, number][] = [
  ['N=C(CCSCc1csc(N=C(N)N)n1)NS(N)(=O)=O', 0.2531, -0.5583, 337.456],
  ['CNC(=NCCSCc1nc[nH]c1C)NC#N', 0.2347, 0.5974, 252.347],
  ['CCCCCNC(=N)NN=Cc1c[nH]c2ccc(CO)cc12', 0.2349, 2.2983, 301.394],
  ['CC(=O)Oc1ccccc1C(=O)O', 0.5501, 1.3101, 180.159],
  ['CC1C2CCC(C2)C1CN(CCO)C(=O)c1ccc(Cl)cc1', 0.9019, 3.4567, 321.848],
  ['COc1ccc(-c2cc(=O)c3c(O)c(OC)c(OC)cc3o2)cc1O', 0.7506, 2.8970, 344.319],
  ['CCOC(=O)c1ncn2c1CN(C)C(=O)c1cc(F)ccc1-2', 0.7932, 1.7737, 303.293],
  ['Clc1ccccc1-c1nc(-c2ccncc2)no1', 0.7055, 3.4520, 257.680],
  ['CC(C)(Oc1ccc(Cl)cc1)C(=O)OCc1cccc(CO)n1', 0.8213, 3.1281, 335.787],
  ['Cc1nc2c(OCc3ccccc3)cccn2c1CC#N', 0.7350, 3.2878, 277.327],
  ['O=C1c2cccnc2CN1Cc1ccccc1Cl', 0.8299, 2.8910, 258.708],
  ['O=C(NC1CCc2ccccc2C1)c1ccncc1', 0.8912, 2.3689, 252.317],
  ['OC(Cn1cncn1)(Cn1cncn1)c1ccc(F)cc1F', 0.7515, 0.7358, 306.276],
  ['Cc1[nH]cnc1Cc1nc(-c2ccccc2)cs1', 0.7787, 3.4324, 255.346],
  ['COc1ccc(-c2nc3n(c2-c2ccncc2)CCC3)cc1', 0.7404, 3.5669, 291.354],
  ['CC(=O)NC(C(=O)NCc1ccccc1)c1ccco1', 0.8711, 1.7732, 272.304],
];

let chem: Chemistry;
beforeAll(async () => {
  chem = await openChemistry();
});
afterAll(() => chem.dispose());

describe('RDKit session', () => {
  it('canonicalises, rejects with RDKit reasons, and never leaves a molecule undeleted', () => {
    expect(chem.canonical('OC(=O)c1ccccc1OC(C)=O')).toBe('CC(=O)Oc1ccccc1C(=O)O');
    expect(chem.parse('C1CC')).toEqual({ valid: false, canonicalSmiles: null, error: expect.stringContaining('unclosed ring') });
    expect(chem.parse('CN(C)(C)(C)C').error).toMatch(/valence/i);
    expect(chem.parse('').valid).toBe(false);
    expect(chem.parse('C C').valid).toBe(false);
    expect(chem.rdkit.liveMolecules).toBe(0);
  });

  it('throws BAD_USER_INPUT with the reason when a Kekulé form is asked of a bad SMILES', () => {
    expect(chem.rdkit.kekuleSmiles('c1ccccc1O')).toBe('OC1=CC=CC=C1');
    expect(() => chem.rdkit.kekuleSmiles('c1ccc1x', 'seedSmiles')).toThrow(expect.objectContaining({ code: ErrorCode.BAD_USER_INPUT, message: expect.stringContaining('seedSmiles') }));
  });

  it('does not grow wasm memory over 10,000 molecules (each is deleted)', () => {
    const smiles = ['CC1C2CCC(C2)C1CN(CCO)C(=O)c1ccc(Cl)cc1', 'COc1ccc(-c2cc(=O)c3c(O)c(OC)c(OC)cc3o2)cc1O', 'C1CC', 'Clc1ccccc1-c1nc(-c2ccncc2)no1'];
    for (let i = 0; i < 200; i++) chem.canonical(smiles[i % 4]);
    const before = process.memoryUsage().external;
    for (let i = 0; i < 10_000; i++) {
      chem.canonical(smiles[i % 4]);
      if (i % 4 === 0) chem.fingerprint(smiles[i % 4]);
    }
    const grownMb = (process.memoryUsage().external - before) / 1e6;
    expect(chem.rdkit.liveMolecules).toBe(0);
    // 10,000 leaked molecules of this size grow wasm memory by about 100 MB.
    expect(grownMb).toBeLessThan(8);
  });
});

describe('properties', () => {
  it('matches Python RDKit on QED, Crippen logP and molecular weight', () => {
    for (const [smiles, qed, logP, weight] of PYTHON_RDKIT) {
      const p = chem.properties(smiles)!;
      expect([smiles, p.qed]).toEqual([smiles, expect.closeTo(qed, 3)]);
      expect(p.logP).toBeCloseTo(logP, 3);
      expect(p.molecularWeight).toBeCloseTo(weight, 2);
    }
    expect(chem.properties('C1CC')).toBeNull();
  });

  it('desirability peaks at 1 near the most drug-like molecular weight', () => {
    expect(desirability(300, QED_ADS[0])).toBeGreaterThan(0.99);
    expect(desirability(800, QED_ADS[0])).toBeLessThan(0.05);
  });
});

describe('fingerprints', () => {
  it('gives 1024-bit Morgan fingerprints and Tanimoto similarity', () => {
    const a = chem.fingerprint('CC(=O)Oc1ccccc1C(=O)O')!;
    const b = chem.fingerprint('OC(=O)c1ccccc1OC(C)=O')!;
    const c = chem.fingerprint('CCCCCCCC')!;
    expect(a.length).toBe(128);
    expect(tanimoto(a, b)).toBe(1);
    expect(tanimoto(a, c)).toBeLessThan(0.2);
    expect(tanimoto(new Uint8Array([0b1100]), new Uint8Array([0b0110]))).toBeCloseTo(1 / 3);
    expect(() => tanimoto(a, new Uint8Array(4))).toThrow(RangeError);
  });

  it('draws an SVG', () => {
    expect(chem.svg('c1ccccc1')).toContain('<svg');
    expect(chem.svg('C1CC')).toBeNull();
  });
});
