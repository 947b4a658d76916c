import { tf } from '@pmed/tensor';
import { tanimoto, type Chemistry } from '../chemistry/chemistry';
import { MoleculeSampler } from './generator';
import { gaussianKl, type MoleculeVae } from './vae';
import { moleculeTokens } from './vocabulary';

/** How much a VAE's latent space carries, measured on molecules (ideally ones it was not trained on). */
export interface LatentDiagnostics {
  /** Molecules the model could spell (known tokens, not too long); the others are skipped. */
  molecules: number;
  skipped: number;
  /** Share of molecules whose latent mean, decoded greedily, gives back the same canonical SMILES. */
  reconstruction: number;
  /**
   * Mean Tanimoto similarity (Morgan radius 2, 1024 bits) between each molecule and the greedy
   * decoding of its own latent mean (0 where the decoding is not a valid molecule)...
   */
  similarity: number;
  /**
   * ...and between each molecule and the decoding of another molecule's mean (the next in the list):
   * the level a latent that says nothing about the molecule gives. The gap between the two is what
   * the latent code tells the decoder about the molecule's structure.
   */
  similarityToOthers: number;
  /** Mean KL(q(z|x) || N(0, I)) per molecule, in nats: about 0 when the decoder ignores the latent. */
  klPerMolecule: number;
  /**
   * Latent dimensions whose mean E[z|x] varies across molecules with variance above 0.01 (Burda et
   * al. 2016, "active units"); the others carry nothing about the molecule.
   */
  activeUnits: number;
  latentSize: number;
}

/**
 * Reconstruction, KL and active units of a trained VAE on a set of molecules: the figures that tell
 * a VAE that uses its latent (needed for seeded sampling, interpolation and the property search)
 * from one whose decoder has learned to ignore it (posterior collapse).
 */
export function latentDiagnostics(vae: MoleculeVae, chemistry: Chemistry, smiles: readonly string[], batchSize = 256): LatentDiagnostics {
  const rdkit = chemistry.rdkit;
  const length = vae.config.maxLength;
  const latentSize = vae.config.latentSize;
  const rows: Int32Array[] = [];
  const canonical: string[] = [];
  for (const s of smiles) {
    let ids: Int32Array | null = null;
    let canon: string | null = null;
    try {
      ids = vae.vocabulary.encode(moleculeTokens(rdkit, s, vae.config.representation), length);
      canon = rdkit.canonical(s);
    } catch {
      ids = null;
    }
    if (ids && canon !== null) {
      rows.push(ids);
      canonical.push(canon);
    }
  }
  const n = rows.length;
  const skipped = smiles.length - n;
  if (n === 0) return { molecules: 0, skipped, reconstruction: 0, similarity: 0, similarityToOthers: 0, klPerMolecule: 0, activeUnits: 0, latentSize };
  const sampler = new MoleculeSampler(vae);
  const sum = new Float64Array(latentSize);
  const sumSquares = new Float64Array(latentSize);
  let klTotal = 0;
  let same = 0;
  const decodedFingerprints: (Uint8Array | null)[] = [];
  for (let start = 0; start < n; start += batchSize) {
    const end = Math.min(n, start + batchSize);
    const ids = new Int32Array((end - start) * length);
    for (let i = start; i < end; i++) ids.set(rows[i], (i - start) * length);
    const [mean, kl] = tf.tidy(() => {
      const q = vae.encode(tf.tensor2d(ids, [end - start, length], 'int32'));
      const perMolecule = gaussianKl(q.mean, q.logVariance).sum(1);
      return [q.mean, perMolecule] as const;
    });
    try {
      for (const value of kl.dataSync()) klTotal += value;
      const means = mean.dataSync();
      for (let i = 0; i < end - start; i++) {
        for (let d = 0; d < latentSize; d++) {
          const v = means[i * latentSize + d];
          sum[d] += v;
          sumSquares[d] += v * v;
        }
      }
      const decoded = sampler.decode(mean, 0, 1);
      decoded.forEach((m, i) => {
        if (m.smiles && rdkit.canonical(m.smiles) === canonical[start + i]) same++;
        decodedFingerprints.push(m.smiles ? chemistry.fingerprint(m.smiles) : null);
      });
    } finally {
      tf.dispose([mean, kl]);
    }
  }
  let similarity = 0;
  let similarityToOthers = 0;
  const fingerprints = canonical.map((c) => chemistry.fingerprint(c));
  for (let i = 0; i < n; i++) {
    const own = decodedFingerprints[i];
    const other = decodedFingerprints[(i + 1) % n];
    const fp = fingerprints[i];
    if (!fp) continue;
    if (own) similarity += tanimoto(fp, own);
    if (other) similarityToOthers += tanimoto(fp, other);
  }
  let activeUnits = 0;
  for (let d = 0; d < latentSize; d++) {
    const average = sum[d] / n;
    if (sumSquares[d] / n - average * average > 0.01) activeUnits++;
  }
  return { molecules: n, skipped, reconstruction: same / n, similarity: similarity / n, similarityToOthers: similarityToOthers / n, klPerMolecule: klTotal / n, activeUnits, latentSize };
}
