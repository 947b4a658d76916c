import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { badInput, ErrorCode, PmedError } from '@pmed/core';
import type { Bundle } from '@medplum/fhirtypes';
import type { Database } from '@pmed/data';
import { imagingReportForClassification } from '@pmed/fhir';
import { classifyImage, displayPixels, displaySize, heatMapPng, type ImagingClassifier } from '@pmed/imaging';
import { IMAGING_TRAIN_KIND, listImagingModels, loadImagingArtifact, loadStoredImage, resolveImagingModelVersion, storeImage } from '@pmed/job-handlers';
import type { JobQueue, JobRecord } from '@pmed/jobs';
import type { Principal } from '../auth/principal';
import { DATABASE, JOB_QUEUE } from '../runtime/runtime.tokens';
import type { ClassifyImageInput, TrainImagingModelInput, UploadImageInput } from './imaging.input';
import type { ClassificationSource, ImageClassificationModel, ImagePixelsModel, ImagingImageModel, ImagingModelVersionModel } from './imaging.model';

/** Decoded image bytes accepted by classifyImage; larger studies belong in a PACS, not a GraphQL call. */
export const MAX_CLASSIFY_IMAGE_BYTES = 16 * 1024 * 1024;
/** Loaded models kept in memory; the least recently used one is disposed beyond this. */
const MODEL_CACHE_SIZE = 4;

@Injectable()
export class ImagingService implements OnModuleDestroy {
  private readonly cache = new Map<string, Promise<ImagingClassifier>>();

  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
  ) {}

  startTraining(input: TrainImagingModelInput, principal: Principal): Promise<JobRecord> {
    const params = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined && v !== null));
    return this.queue.enqueue({ kind: IMAGING_TRAIN_KIND, params, createdBy: principal.id });
  }

  list(limit: number | undefined): Promise<ImagingModelVersionModel[]> {
    return listImagingModels(this.database, limit);
  }

  upload(input: UploadImageInput): Promise<ImagingImageModel> {
    return storeImage(this.database, { bytes: decodeBase64(input.imageBase64), patientId: input.patientId, description: input.description });
  }

  async classify(input: ClassifyImageInput): Promise<ImageClassificationModel> {
    const hasBytes = typeof input.imageBase64 === 'string';
    const hasId = typeof input.imageId === 'string';
    if (hasBytes === hasId) throw badInput('imageBase64', 'give either imageBase64 or imageId');
    const stored = hasId ? await loadStoredImage(this.database, input.imageId as string) : null;
    const bytes = stored ? stored.bytes : decodeBase64(input.imageBase64 as string);
    const window = windowOf(input);
    const row = await resolveImagingModelVersion(this.database, { modelVersionId: input.modelVersionId, name: input.modelName });
    const classifier = await this.load(row.id);
    const result = await classifyImage(classifier, bytes, { frame: input.frame, window, gradCamLayer: input.gradCamLayer });
    const names = classifier.metadata.classNames;
    return {
      imageId: stored?.image.id ?? null,
      patientId: stored?.image.patientId ?? null,
      modelVersionId: row.id,
      modelName: row.name,
      modelVersion: row.version,
      label: result.label,
      className: result.className,
      probabilities: result.probabilities.map((p, k) => ({ classIndex: k, className: names[k] ?? `class_${k}`, probability: p, calibratedProbability: result.calibratedProbabilities[k] })),
      gradCamLayer: result.gradCam.layerName,
      gradCamOverlayPng: result.overlayPng.toString('base64'),
      inputFormat: result.input.format,
      width: result.input.width,
      height: result.input.height,
      source: { bytes, frame: input.frame ?? undefined, heatmap: result.gradCam },
    };
  }

  /** The image's values for client-side window/level (see ImagePixels). */
  async pixels(bytes: Uint8Array, frame: number | undefined): Promise<ImagePixelsModel> {
    const shown = await displayPixels(bytes, { frame });
    return {
      valuesBase64: Buffer.from(shown.bytes.buffer, shown.bytes.byteOffset, shown.bytes.byteLength).toString('base64'),
      pixelType: shown.pixelType,
      width: shown.width,
      height: shown.height,
      channels: shown.channels,
      sourceWidth: shown.sourceWidth,
      sourceHeight: shown.sourceHeight,
      windowCenter: shown.window.center,
      windowWidth: shown.window.width,
      min: shown.min,
      max: shown.max,
      invert: shown.invert,
      photometricInterpretation: shown.photometricInterpretation,
      modality: shown.modality,
      frame: shown.frame,
      numberOfFrames: shown.numberOfFrames,
    };
  }

  async storedPixels(imageId: string, frame: number | undefined): Promise<ImagePixelsModel> {
    const stored = await loadStoredImage(this.database, imageId);
    return this.pixels(stored.bytes, frame);
  }

  /** The Grad-CAM heat map alone (RGBA PNG, base64) at the size ImagePixels has for an image of this size. */
  /** A stored image's classification as a FHIR Bundle (see libs/fhir imagingReportForClassification); null for anonymous images. */
  async imagingReport(result: ImageClassificationModel): Promise<Bundle | null> {
    if (!result.imageId) return null;
    return imagingReportForClassification(this.database.client, {
      imageId: result.imageId,
      model: { id: result.modelVersionId, module: 'imaging', name: result.modelName, version: result.modelVersion },
      probabilities: result.probabilities.map((p) => ({ className: p.className, probability: p.calibratedProbability })),
      className: result.className,
      issued: new Date(),
    });
  }

  heatMap(source: ClassificationSource, size: { width: number; height: number }): string {
    return heatMapPng(source.heatmap, displaySize(size.width, size.height)).toString('base64');
  }

  private load(id: string): Promise<ImagingClassifier> {
    const cached = this.cache.get(id);
    if (cached) {
      this.cache.delete(id);
      this.cache.set(id, cached);
      return cached;
    }
    const pending = loadImagingArtifact(this.database, id);
    pending.catch(() => this.cache.delete(id));
    this.cache.set(id, pending);
    while (this.cache.size > MODEL_CACHE_SIZE) {
      const [oldest, evicted] = this.cache.entries().next().value as [string, Promise<ImagingClassifier>];
      this.cache.delete(oldest);
      void evicted.then((c) => c.model.dispose()).catch(() => undefined);
    }
    return pending;
  }

  onModuleDestroy(): void {
    for (const pending of this.cache.values()) void pending.then((c) => c.model.dispose()).catch(() => undefined);
    this.cache.clear();
  }
}

function decodeBase64(text: string): Uint8Array {
  const clean = text.replace(/\s+/g, '');
  if (clean.length === 0) throw badInput('imageBase64', 'is empty');
  if (clean.length > Math.ceil(MAX_CLASSIFY_IMAGE_BYTES / 3) * 4) {
    throw new PmedError(ErrorCode.PAYLOAD_TOO_LARGE, `imageBase64: the image exceeds ${MAX_CLASSIFY_IMAGE_BYTES} bytes`, { details: { field: 'imageBase64', limit: MAX_CLASSIFY_IMAGE_BYTES } });
  }
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.length % 4 === 1) throw badInput('imageBase64', 'is not valid base64');
  return new Uint8Array(Buffer.from(clean, 'base64'));
}

function windowOf(input: ClassifyImageInput): { center: number; width: number } | undefined {
  const hasCenter = input.windowCenter !== undefined && input.windowCenter !== null;
  const hasWidth = input.windowWidth !== undefined && input.windowWidth !== null;
  if (hasCenter !== hasWidth) throw badInput(hasCenter ? 'windowWidth' : 'windowCenter', 'give windowCenter and windowWidth together');
  return hasCenter ? { center: input.windowCenter as number, width: input.windowWidth as number } : undefined;
}
