import type { RdkitSession } from '../chemistry/rdkit';
import { decodeSelfies } from './decoder';
import { kekuleSmilesToSelfies } from './encoder';
import { splitSelfies } from './alphabet';

/**
 * SELFIES for any SMILES RDKit accepts: RDKit gives the canonical Kekulé form, which is then
 * encoded. Throws BAD_USER_INPUT (with RDKit's reason) for unparsable SMILES and UNSUPPORTED_FORMAT
 * for stereo marks or atoms outside the SELFIES valence table.
 */
export function encodeSelfies(rdkit: RdkitSession, smiles: string, field = 'smiles'): string {
  return kekuleSmilesToSelfies(rdkit.kekuleSmiles(smiles, field));
}

/** The SELFIES string decoded and canonicalised by RDKit (null if RDKit rejects it, which the grammar is meant to prevent). */
export function selfiesToCanonicalSmiles(rdkit: RdkitSession, selfies: string): string | null {
  const smiles = decodeSelfies(selfies);
  return smiles === '' ? null : rdkit.canonical(smiles);
}

/** The symbols of a SELFIES string, for tokenising it as model input. */
export function selfiesSymbols(selfies: string): string[] {
  return splitSelfies(selfies) ?? [];
}
