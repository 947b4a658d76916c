import * as tf from '@tensorflow/tfjs';
import { createArtifact, invalidArtifact, type Artifact, type ArtifactMetadata } from './format';

/** Copies bytes into an ArrayBuffer of their own (tfjs reads whole ArrayBuffers, not views). */
export function ownArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  const out = new ArrayBuffer(bytes.byteLength);
  new Uint8Array(out).set(bytes);
  return out;
}

/**
 * A tf.io.IOHandler for this project's artifact format: `model.save(handler)` builds a verified
 * artifact (read it from `handler.artifact`), and a handler made from a verified artifact feeds
 * `tf.loadLayersModel(handler)`. Storage (blob or directory) is the caller's choice.
 */
export class ArtifactIOHandler implements tf.io.IOHandler {
  artifact: Artifact | null;
  private readonly metadata: ArtifactMetadata;

  constructor(options: { metadata?: ArtifactMetadata; artifact?: Artifact } = {}) {
    this.metadata = options.metadata ?? {};
    this.artifact = options.artifact ?? null;
  }

  async save(modelArtifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
    const weightData = modelArtifacts.weightData ?? new ArrayBuffer(0);
    const joined = new tf.io.CompositeArrayBuffer(weightData).slice();
    this.artifact = createArtifact({
      kind: 'layers-model',
      modelTopology: modelArtifacts.modelTopology,
      trainingConfig: modelArtifacts.trainingConfig,
      weightSpecs: modelArtifacts.weightSpecs ?? [],
      weights: new Uint8Array(joined),
      metadata: this.metadata,
    });
    return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(modelArtifacts) };
  }

  async load(): Promise<tf.io.ModelArtifacts> {
    if (this.artifact === null) throw invalidArtifact('the handler holds no artifact to load');
    const { manifest, weights } = this.artifact;
    return {
      modelTopology: manifest.modelTopology as tf.io.ModelArtifacts['modelTopology'],
      trainingConfig: (manifest.trainingConfig ?? undefined) as tf.io.ModelArtifacts['trainingConfig'],
      weightSpecs: manifest.weightSpecs,
      weightData: ownArrayBuffer(weights),
      format: 'layers-model',
      generatedBy: `TensorFlow.js tfjs-layers v${manifest.tfjsVersion}`,
    };
  }
}
