import * as tf from '@tensorflow/tfjs';
import { badInput, isPmedError } from '@pmed/core';
import { readArtifactDirectory, writeArtifactDirectory, type WriteDirectoryOptions } from './directory';
import { fromBlob, invalidArtifact, toBlob, type Artifact, type ArtifactManifest, type ArtifactMetadata } from './format';
import { ArtifactIOHandler } from './io-handler';

export interface SaveArtifactOptions {
  metadata?: ArtifactMetadata;
}

export interface LoadArtifactOptions {
  /** Refuse the artifact unless its sha256 is this one (e.g. the checksum stored with the model version). */
  expectedSha256?: string;
}

export interface SerializedArtifact {
  bytes: Buffer;
  /** The artifact's content sha256 (see ArtifactManifest.sha256), the same as a directory copy's. */
  sha256: string;
}

export interface LoadedModel {
  model: tf.LayersModel;
  metadata: ArtifactMetadata;
  sha256: string;
  manifest: ArtifactManifest;
}

async function buildArtifact(model: tf.LayersModel, options: SaveArtifactOptions): Promise<Artifact> {
  if (!(model instanceof tf.LayersModel)) throw badInput('model', 'must be a tf.LayersModel (use serializeTensors for other state)');
  const handler = new ArtifactIOHandler({ metadata: options.metadata });
  await model.save(handler);
  return handler.artifact as Artifact;
}

async function instantiate(artifact: Artifact): Promise<LoadedModel> {
  const { manifest } = artifact;
  if (manifest.kind !== 'layers-model' || manifest.modelTopology === null) {
    throw invalidArtifact(`it holds ${manifest.kind === 'tensors' ? 'named tensors (use deserializeTensors)' : 'no model topology'}, not a model`);
  }
  // Built step by step rather than with tf.loadLayersModel, which leaks the new model's tensors
  // when the weights do not fit.
  let model: tf.LayersModel | null = null;
  let weights: tf.NamedTensorMap = {};
  try {
    const handlerArtifacts = await new ArtifactIOHandler({ artifact }).load();
    model = await tf.models.modelFromJSON({ modelTopology: handlerArtifacts.modelTopology as tf.io.ModelJSON['modelTopology'] });
    weights = tf.io.decodeWeights(handlerArtifacts.weightData as ArrayBuffer, manifest.weightSpecs);
    model.loadWeights(weights, true);
    if (handlerArtifacts.trainingConfig) {
      model.loadTrainingConfig(handlerArtifacts.trainingConfig as Parameters<tf.LayersModel['loadTrainingConfig']>[0]);
    }
    return { model, metadata: manifest.metadata, sha256: manifest.sha256, manifest };
  } catch (error) {
    model?.dispose();
    if (isPmedError(error)) throw error;
    throw invalidArtifact(`the topology and weights do not fit together: ${(error as Error).message}`);
  } finally {
    tf.dispose(weights);
  }
}

/** The model (topology + weights) and metadata as one Buffer, for a database column. */
export async function serializeModel(model: tf.LayersModel, options: SaveArtifactOptions = {}): Promise<SerializedArtifact> {
  const artifact = await buildArtifact(model, options);
  return { bytes: toBlob(artifact), sha256: artifact.manifest.sha256 };
}

/** Checks and loads a Buffer from serializeModel; refuses a damaged one with MODEL_ARTIFACT_INVALID. */
export async function deserializeModel(bytes: Uint8Array, options: LoadArtifactOptions = {}): Promise<LoadedModel> {
  return instantiate(fromBlob(bytes, options.expectedSha256));
}

/** Writes `manifest.json` and `weights.bin` into `dir` (created if missing). */
export async function saveModelToDirectory(
  model: tf.LayersModel,
  dir: string,
  options: SaveArtifactOptions & WriteDirectoryOptions = {},
): Promise<{ sha256: string }> {
  const artifact = await buildArtifact(model, options);
  await writeArtifactDirectory(dir, artifact, options);
  return { sha256: artifact.manifest.sha256 };
}

export async function loadModelFromDirectory(dir: string, options: LoadArtifactOptions = {}): Promise<LoadedModel> {
  return instantiate(await readArtifactDirectory(dir, options.expectedSha256));
}
