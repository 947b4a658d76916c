import { badInput } from '@pmed/core';
import { deserializeModel, serializeModel, tf, type JsonValue } from '@pmed/tensor';
import type { ReadDicomOptions } from '../dicom/read-dicom';
import { overlayPng } from '../explain/grad-cam';
import { ensembleGradCam, ensembleSize } from './ensemble';
import { decodeImage, type ImageFormat } from '../formats/decode-image';
import type { RasterImage } from '../formats/raster';
import { prepareImage, type PreprocessingSpec } from '../preprocess/preprocess';
import { ARCHITECTURES, type Architecture } from './architectures';
import { predictLogits } from './predict';
import { softmax } from './temperature';

/** Stored with the weights: what serving needs to treat an image exactly as training did. */
export interface ImagingModelMetadata {
  architecture: Architecture;
  numClasses: number;
  classNames: string[];
  preprocessing: PreprocessingSpec;
  temperature: number;
  /** Networks averaged in the model (trainImagingClassifier's `ensembleSize`); absent or 1: one network. */
  ensembleSize?: number;
}

export interface ImagingClassifier {
  model: tf.LayersModel;
  metadata: ImagingModelMetadata;
  sha256: string;
}

export interface Classification {
  /** Softmax of the raw logits. */
  probabilities: number[];
  /** Softmax of the logits divided by the fitted temperature. */
  calibratedProbabilities: number[];
  label: number;
  className: string;
  gradCam: { layerName: string; heatmap: Float32Array; width: number; height: number };
  /** The Grad-CAM heat map over the input image, as a PNG. */
  overlayPng: Buffer;
  input: { format: ImageFormat | 'raster'; width: number; height: number; channels: number };
}

export function defaultClassNames(numClasses: number): string[] {
  return Array.from({ length: numClasses }, (_, k) => `class_${k}`);
}

/** Packs a trained model and its metadata into one checksummed artifact (for a ModelVersion row). */
export async function serializeImagingModel(model: tf.LayersModel, metadata: ImagingModelMetadata): Promise<{ bytes: Buffer; sha256: string }> {
  return serializeModel(model, { metadata: { imaging: metadata as unknown as JsonValue } });
}

function checkMetadata(raw: JsonValue | undefined): ImagingModelMetadata {
  const m = raw as unknown as ImagingModelMetadata | undefined;
  const p = m?.preprocessing;
  if (!m || !ARCHITECTURES.includes(m.architecture) || !(m.temperature > 0) || !p || !Array.isArray(p.mean) || !Array.isArray(p.std) || !Array.isArray(m.classNames)) {
    throw badInput('artifact', 'is not an imaging model (its imaging metadata is missing or incomplete)');
  }
  if (m.ensembleSize !== undefined && !(Number.isInteger(m.ensembleSize) && m.ensembleSize >= 1)) {
    throw badInput('artifact', `has an invalid ensembleSize ${String(m.ensembleSize)}`);
  }
  return m;
}

/** Loads an artifact from serializeImagingModel, checking its sha256 when one is given. */
export async function loadImagingModel(bytes: Uint8Array, options: { expectedSha256?: string } = {}): Promise<ImagingClassifier> {
  const loaded = await deserializeModel(bytes, options);
  try {
    const metadata = checkMetadata(loaded.metadata['imaging']);
    const members = ensembleSize(loaded.model);
    if ((metadata.ensembleSize ?? members) !== members) throw badInput('artifact', `says it holds ${metadata.ensembleSize} networks but its model has ${members}`);
    return { model: loaded.model, metadata, sha256: loaded.sha256 };
  } catch (error) {
    loaded.model.dispose();
    throw error;
  }
}

export interface ClassifyOptions extends ReadDicomOptions {
  /**
   * Conv layer for Grad-CAM; default the last. For an ensemble, a member layer name without its
   * `m<k>_` prefix averages that layer's maps over the members (the default), a prefixed one explains one member.
   */
  gradCamLayer?: string;
}

/** Classifies one DICOM/PNG/JPEG file (or an already decoded raster) and explains the prediction. */
export async function classifyImage(classifier: ImagingClassifier, input: Uint8Array | RasterImage, options: ClassifyOptions = {}): Promise<Classification> {
  const { metadata, model } = classifier;
  let image: RasterImage;
  let format: ImageFormat | 'raster' = 'raster';
  if (input instanceof Uint8Array) {
    const decoded = await decodeImage(input, options);
    image = decoded.image;
    format = decoded.format;
  } else image = input;
  if (image.channels === 3 && metadata.preprocessing.channels === 1) {
    throw badInput('image', 'is a colour image but the model was trained on grey images');
  }
  const x = prepareImage(image, metadata.preprocessing);
  const logits = predictLogits(model, { x, count: 1 });
  const probabilities = Array.from(softmax(logits, metadata.numClasses, 1));
  const calibratedProbabilities = Array.from(softmax(logits, metadata.numClasses, metadata.temperature));
  const label = calibratedProbabilities.indexOf(Math.max(...calibratedProbabilities));
  const cam = ensembleGradCam(model, x, { layerName: options.gradCamLayer, classIndex: label });
  return {
    probabilities,
    calibratedProbabilities,
    label,
    className: metadata.classNames[label] ?? `class_${label}`,
    gradCam: { layerName: cam.layerName, heatmap: cam.heatmap, width: cam.width, height: cam.height },
    overlayPng: overlayPng(image, cam),
    input: { format, width: image.width, height: image.height, channels: image.channels },
  };
}
