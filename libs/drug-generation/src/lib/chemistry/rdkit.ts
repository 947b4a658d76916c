import { createRequire } from 'node:module';
import { ErrorCode, PmedError } from '@pmed/core';

/** The part of an RDKit MinimalLib molecule this lib uses. Every one must be `delete()`d. */
export interface RdkitMol {
  is_valid(): boolean;
  get_smiles(details?: string): string;
  get_descriptors(): string;
  get_morgan_fp_as_uint8array(details?: string): Uint8Array;
  get_substruct_matches(query: RdkitMol): string;
  get_svg(width?: number, height?: number): string;
  get_num_atoms(): number;
  delete(): void;
}

interface LogCapture {
  get_buffer(): string;
  clear_buffer(): void;
}

/** The part of the RDKit MinimalLib module this lib uses. */
export interface RdkitModule {
  version(): string;
  get_mol(input: string, details?: string): RdkitMol | null;
  get_qmol(smarts: string): RdkitMol | null;
  set_log_capture(tag: string): LogCapture | null;
}

let loading: Promise<RdkitModule> | undefined;

/** Loads RDKit's WebAssembly module once per process (about 0.2 s). */
export function loadRdkit(): Promise<RdkitModule> {
  if (!loading) {
    const load = createRequire(__filename)('@rdkit/rdkit') as () => Promise<RdkitModule>;
    loading = load().catch((error: unknown) => {
      loading = undefined;
      throw new PmedError(ErrorCode.SERVICE_UNAVAILABLE, `RDKit (@rdkit/rdkit) failed to load: ${(error as Error).message}`, { cause: error });
    });
  }
  return loading;
}

/** What RDKit says about one SMILES string. */
export interface ParsedSmiles {
  valid: boolean;
  /** RDKit's canonical SMILES; null when invalid. */
  canonicalSmiles: string | null;
  /** RDKit's reason when invalid (e.g. "Explicit valence for atom # 1 N, 5, is greater than permitted"). */
  error: string | null;
}

/**
 * Owns the lifetime of RDKit molecule objects: each is created and deleted inside one call, so
 * wasm memory does not grow however many molecules pass through. `liveMolecules` counts the ones
 * not yet deleted (always 0 between calls; tests check it).
 */
export class RdkitSession {
  private live = 0;
  private readonly log: LogCapture | null;

  constructor(readonly rdkit: RdkitModule) {
    this.log = rdkit.set_log_capture('rdApp.error');
  }

  get liveMolecules(): number {
    return this.live;
  }

  /** Runs `use` on the parsed molecule and deletes it afterwards; null (and the reason) when unparsable. */
  withMolecule<T>(smiles: string, use: (mol: RdkitMol) => T, details?: string): { value: T } | { error: string } {
    if (typeof smiles !== 'string' || smiles.trim() === '') return { error: 'empty SMILES' };
    if (/\s/.test(smiles.trim()) || smiles.length > 2000) return { error: 'SMILES must be one token of at most 2000 characters' };
    this.log?.clear_buffer();
    const mol = details === undefined ? this.rdkit.get_mol(smiles) : this.rdkit.get_mol(smiles, details);
    if (mol === null) return { error: this.lastError() ?? 'RDKit could not parse the SMILES' };
    this.live++;
    try {
      if (!mol.is_valid() || mol.get_num_atoms() === 0) return { error: this.lastError() ?? 'RDKit found no valid molecule' };
      return { value: use(mol) };
    } finally {
      mol.delete();
      this.live--;
    }
  }

  parse(smiles: string): ParsedSmiles {
    const result = this.withMolecule(smiles, (mol) => mol.get_smiles());
    return 'value' in result ? { valid: true, canonicalSmiles: result.value, error: null } : { valid: false, canonicalSmiles: null, error: result.error };
  }

  /** RDKit canonical SMILES, or null when RDKit rejects the input. */
  canonical(smiles: string): string | null {
    return this.parse(smiles).canonicalSmiles;
  }

  /** Canonical SMILES in Kekulé form (explicit double bonds, no aromatic atoms); throws BAD_USER_INPUT with RDKit's reason. */
  kekuleSmiles(smiles: string, field = 'smiles'): string {
    const result = this.withMolecule(smiles, (mol) => mol.get_smiles(JSON.stringify({ doKekule: true })));
    if ('error' in result) throw new PmedError(ErrorCode.BAD_USER_INPUT, `${field}: RDKit cannot parse "${clip(smiles)}": ${result.error}`, { details: { field, smiles: clip(smiles), reason: result.error } });
    return result.value;
  }

  /** Compiles a SMARTS query; the caller must delete it (see `dispose` of the QED patterns). */
  query(smarts: string): RdkitMol {
    const q = this.rdkit.get_qmol(smarts);
    if (q === null || !q.is_valid()) {
      q?.delete();
      throw new PmedError(ErrorCode.INTERNAL_SERVER_ERROR, `invalid SMARTS pattern ${smarts}`);
    }
    return q;
  }

  /** The molecule drawn as SVG (2D coordinates computed by RDKit), or null when unparsable. */
  svg(smiles: string, size = 250): string | null {
    const result = this.withMolecule(smiles, (mol) => mol.get_svg(size, size));
    return 'value' in result ? result.value : null;
  }

  private lastError(): string | null {
    const text = this.log?.get_buffer() ?? '';
    this.log?.clear_buffer();
    const lines = text
      .split('\n')
      .map((line) => line.replace(/^\[[0-9:]+\]\s*/, '').trim())
      .filter(Boolean);
    return lines.length ? lines.join('; ') : null;
  }
}

function clip(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** A session on the shared RDKit module. */
export async function openRdkit(): Promise<RdkitSession> {
  return new RdkitSession(await loadRdkit());
}
