import * as tf from '@tensorflow/tfjs';
import { badInput } from '@pmed/core';
import { readArtifactDirectory, writeArtifactDirectory, type WriteDirectoryOptions } from './directory';
import { createArtifact, fromBlob, invalidArtifact, toBlob, type Artifact, type ArtifactManifest, type ArtifactMetadata } from './format';
import { ownArrayBuffer } from './io-handler';
import type { LoadArtifactOptions, SaveArtifactOptions, SerializedArtifact } from './model-artifacts';

export interface LoadedTensors {
  /** New tensors, owned by the caller (dispose them, or assign them to variables). */
  tensors: Record<string, tf.Tensor>;
  metadata: ArtifactMetadata;
  sha256: string;
  manifest: ArtifactManifest;
}

async function buildTensorArtifact(tensors: Record<string, tf.Tensor>, options: SaveArtifactOptions): Promise<Artifact> {
  const names = Object.keys(tensors);
  if (names.length === 0) throw badInput('tensors', 'is empty');
  for (const name of names) {
    const t = tensors[name];
    if (!(t instanceof tf.Tensor) || t.isDisposed) throw badInput(`tensors.${name}`, 'is not a live tensor');
    if (t.dtype === 'string') throw badInput(`tensors.${name}`, 'string tensors are not stored');
  }
  const { data, specs } = await tf.io.encodeWeights(tensors);
  return createArtifact({ kind: 'tensors', modelTopology: null, weightSpecs: specs, weights: new Uint8Array(data), metadata: options.metadata });
}

function decode(artifact: Artifact): LoadedTensors {
  const { manifest, weights } = artifact;
  if (manifest.kind !== 'tensors') throw invalidArtifact('it holds a layers model (use deserializeModel), not named tensors');
  const tensors = tf.io.decodeWeights(ownArrayBuffer(weights), manifest.weightSpecs);
  return { tensors, metadata: manifest.metadata, sha256: manifest.sha256, manifest };
}

/**
 * Named tensors (the parts of a custom model such as a VAE encoder/decoder or a GAN's generator and
 * critic variables) in the same checked format as models.
 */
export async function serializeTensors(tensors: Record<string, tf.Tensor>, options: SaveArtifactOptions = {}): Promise<SerializedArtifact> {
  const artifact = await buildTensorArtifact(tensors, options);
  return { bytes: toBlob(artifact), sha256: artifact.manifest.sha256 };
}

export function deserializeTensors(bytes: Uint8Array, options: LoadArtifactOptions = {}): LoadedTensors {
  return decode(fromBlob(bytes, options.expectedSha256));
}

export async function saveTensorsToDirectory(
  tensors: Record<string, tf.Tensor>,
  dir: string,
  options: SaveArtifactOptions & WriteDirectoryOptions = {},
): Promise<{ sha256: string }> {
  const artifact = await buildTensorArtifact(tensors, options);
  await writeArtifactDirectory(dir, artifact, options);
  return { sha256: artifact.manifest.sha256 };
}

export async function loadTensorsFromDirectory(dir: string, options: LoadArtifactOptions = {}): Promise<LoadedTensors> {
  return decode(await readArtifactDirectory(dir, options.expectedSha256));
}
