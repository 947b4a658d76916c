import { openRdkit, type ParsedSmiles, type RdkitMol, type RdkitSession } from './rdkit';
import { QED_ACCEPTOR_SMARTS, QED_ALERT_SMARTS, qedFromProperties } from './qed-parameters';

/** Properties of one molecule as RDKit computes them (QED from its parts, see qed-parameters.ts). */
export interface MolecularProperties {
  qed: number;
  /** Crippen (Wildman-Crippen) logP. */
  logP: number;
  /** Average molecular weight, g/mol. */
  molecularWeight: number;
  tpsa: number;
  hbd: number;
  /** Acceptors as QED counts them. */
  hba: number;
  rotatableBonds: number;
  aromaticRings: number;
  heavyAtoms: number;
  /** How many of QED's unwanted-functionality alerts match. */
  alerts: number;
}

export interface FingerprintOptions {
  /** Morgan radius; default 2 (ECFP4-like), as MOSES uses. */
  radius?: number;
  /** Bits; default 1024, as MOSES uses. */
  nBits?: number;
}

interface Descriptors {
  amw: number;
  CrippenClogP: number;
  NumHBD: number;
  tpsa: number;
  NumRotatableBonds: number;
  NumAromaticRings: number;
  NumHeavyAtoms: number;
}

/**
 * Chemistry through RDKit: validity, canonical SMILES, properties, fingerprints and depictions.
 * Holds the compiled QED patterns; `dispose()` frees them.
 */
export class Chemistry {
  private readonly acceptors: RdkitMol[];
  private readonly alerts: RdkitMol[];

  constructor(readonly rdkit: RdkitSession) {
    this.acceptors = QED_ACCEPTOR_SMARTS.map((s) => rdkit.query(s));
    this.alerts = QED_ALERT_SMARTS.map((s) => rdkit.query(s));
  }

  parse(smiles: string): ParsedSmiles {
    return this.rdkit.parse(smiles);
  }

  canonical(smiles: string): string | null {
    return this.rdkit.canonical(smiles);
  }

  isValid(smiles: string): boolean {
    return this.rdkit.parse(smiles).valid;
  }

  /** Properties of a molecule, or null when RDKit rejects it. */
  properties(smiles: string): MolecularProperties | null {
    const result = this.rdkit.withMolecule(smiles, (mol) => this.describe(mol));
    return 'value' in result ? result.value : null;
  }

  /** Morgan fingerprint bits packed 8 per byte, or null when RDKit rejects the molecule. */
  fingerprint(smiles: string, options: FingerprintOptions = {}): Uint8Array | null {
    const details = JSON.stringify({ radius: options.radius ?? 2, nBits: options.nBits ?? 1024 });
    const result = this.rdkit.withMolecule(smiles, (mol) => Uint8Array.from(mol.get_morgan_fp_as_uint8array(details)));
    return 'value' in result ? result.value : null;
  }

  svg(smiles: string, size?: number): string | null {
    return this.rdkit.svg(smiles, size);
  }

  dispose(): void {
    for (const q of [...this.acceptors, ...this.alerts]) q.delete();
    this.acceptors.length = 0;
    this.alerts.length = 0;
  }

  private describe(mol: RdkitMol): MolecularProperties {
    const d = JSON.parse(mol.get_descriptors()) as Descriptors;
    let hba = 0;
    for (const q of this.acceptors) hba += countMatches(mol.get_substruct_matches(q));
    let alerts = 0;
    for (const q of this.alerts) if (countMatches(mol.get_substruct_matches(q)) > 0) alerts++;
    // AROM: QED counts the rings left after removing aliphatic ring atoms; RDKit MinimalLib cannot
    // delete substructures, so the aromatic ring count stands in (equal unless rings are fused
    // aromatic-aliphatic in unusual ways).
    const values = [d.amw, d.CrippenClogP, hba, d.NumHBD, d.tpsa, d.NumRotatableBonds, d.NumAromaticRings, alerts];
    return {
      qed: qedFromProperties(values),
      logP: d.CrippenClogP,
      molecularWeight: d.amw,
      tpsa: d.tpsa,
      hbd: d.NumHBD,
      hba,
      rotatableBonds: d.NumRotatableBonds,
      aromaticRings: d.NumAromaticRings,
      heavyAtoms: d.NumHeavyAtoms,
      alerts,
    };
  }
}

function countMatches(json: string): number {
  if (!json || json === '{}' || json === '[]') return 0;
  const parsed = JSON.parse(json) as unknown;
  return Array.isArray(parsed) ? parsed.length : 1;
}

/** A Chemistry on the shared RDKit module. */
export async function openChemistry(): Promise<Chemistry> {
  return new Chemistry(await openRdkit());
}

const POPCOUNT = Uint8Array.from({ length: 256 }, (_, i) => {
  let n = 0;
  for (let v = i; v; v >>= 1) n += v & 1;
  return n;
});

/** Tanimoto similarity of two packed bit vectors of equal length (1 for two empty vectors). */
export function tanimoto(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length) throw new RangeError(`fingerprints differ in length (${a.length} vs ${b.length} bytes)`);
  let both = 0;
  let either = 0;
  for (let i = 0; i < a.length; i++) {
    both += POPCOUNT[a[i] & b[i]];
    either += POPCOUNT[a[i] | b[i]];
  }
  return either === 0 ? 1 : both / either;
}
