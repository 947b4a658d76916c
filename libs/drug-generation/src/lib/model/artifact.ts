import { ErrorCode, PmedError } from '@pmed/core';
import { deserializeTensors, serializeTensors, tf, type JsonValue, type SerializedArtifact } from '@pmed/tensor';
import { LatentGan, type LatentGanConfig } from './latent-gan';
import { MoleculeVae, type VaeConfig } from './vae';

export const MOLECULE_MODEL_FORMAT = 'pmed.molecule-model';

/** A VAE and, for LatentGAN models, the GAN generator that feeds it. */
export interface MoleculeModel {
  kind: 'vae' | 'latent-gan';
  vae: MoleculeVae;
  gan: LatentGan | null;
  /** Canonical SMILES of the training molecules (novelty of generated molecules is judged against them). */
  trainingSmiles: string[];
}

type Layer = { getWeights(): tf.Tensor[]; setWeights(weights: tf.Tensor[]): void };

function collect(prefix: string, layers: Layer[], into: Record<string, tf.Tensor>): void {
  layers.forEach((layer, i) => layer.getWeights().forEach((w, j) => (into[`${prefix}/${i}/${j}`] = w)));
}

function restore(prefix: string, layers: Layer[], tensors: Record<string, tf.Tensor>): void {
  layers.forEach((layer, i) => {
    const count = layer.getWeights().length;
    const weights = Array.from({ length: count }, (_, j) => {
      const t = tensors[`${prefix}/${i}/${j}`];
      if (!t) throw new PmedError(ErrorCode.MODEL_ARTIFACT_INVALID, `molecule model artifact lacks weight ${prefix}/${i}/${j}`);
      return t;
    });
    layer.setWeights(weights);
  });
}

/** The model's weights and configuration as one checked artifact (see @pmed/tensor serializeTensors). */
export async function serializeMoleculeModel(model: MoleculeModel): Promise<SerializedArtifact> {
  const tensors: Record<string, tf.Tensor> = {};
  collect('vae', model.vae.layers(), tensors);
  if (model.gan) collect('gan', model.gan.generator, tensors);
  return serializeTensors(tensors, {
    metadata: {
      format: MOLECULE_MODEL_FORMAT,
      kind: model.kind,
      vae: model.vae.config as unknown as JsonValue,
      gan: (model.gan?.config ?? null) as unknown as JsonValue,
      trainingSmiles: model.trainingSmiles,
    },
  });
}

/** Rebuilds a model from its artifact; MODEL_ARTIFACT_INVALID when it is not one or does not fit. */
export function deserializeMoleculeModel(bytes: Uint8Array, expectedSha256?: string): MoleculeModel {
  const { tensors, metadata } = deserializeTensors(bytes, { expectedSha256 });
  let vae: MoleculeVae | null = null;
  let gan: LatentGan | null = null;
  try {
    if (metadata['format'] !== MOLECULE_MODEL_FORMAT) throw new PmedError(ErrorCode.MODEL_ARTIFACT_INVALID, 'the artifact is not a molecule model');
    const kind = metadata['kind'] === 'latent-gan' ? 'latent-gan' : 'vae';
    vae = new MoleculeVae(metadata['vae'] as unknown as VaeConfig);
    restore('vae', vae.layers(), tensors);
    if (kind === 'latent-gan') {
      gan = new LatentGan(metadata['gan'] as unknown as LatentGanConfig);
      restore('gan', gan.generator, tensors);
    }
    const trainingSmiles = Array.isArray(metadata['trainingSmiles']) ? (metadata['trainingSmiles'] as string[]) : [];
    return { kind, vae, gan, trainingSmiles };
  } catch (error) {
    vae?.dispose();
    gan?.dispose();
    if (error instanceof PmedError) throw error;
    throw new PmedError(ErrorCode.MODEL_ARTIFACT_INVALID, `molecule model artifact does not fit: ${(error as Error).message}`, { cause: error });
  } finally {
    tf.dispose(Object.values(tensors));
  }
}
