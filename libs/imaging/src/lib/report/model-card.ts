import type { BootstrapInterval } from '@pmed/tensor';
import type { ImagingModelMetadata } from '../model/classifier';
import type { ClassificationMetrics } from './evaluate';

export interface ImagingModelCard {
  [key: string]: unknown;
  name: string;
  intendedUse: string;
  outOfScope: string;
  architecture: string;
  data: { description: string; trainCount: number; validationCount: number; testCount: number; classNames: string[] };
  preprocessing: ImagingModelMetadata['preprocessing'];
  calibration: { method: 'temperature scaling'; temperature: number };
  metrics: { split: string; values: ClassificationMetrics; confidenceIntervals: Record<string, BootstrapInterval> };
  limitations: string[];
}

/** A model card (Mitchell et al. 2019) in the shape the ModelVersion row stores. */
export function buildModelCard(args: {
  name: string;
  metadata: ImagingModelMetadata;
  dataDescription: string;
  counts: { train: number; validation: number; test: number };
  evaluatedOn: string;
  metrics: ClassificationMetrics;
  intervals: Record<string, BootstrapInterval>;
}): ImagingModelCard {
  const { metadata } = args;
  const { height, width, channels } = metadata.preprocessing;
  return {
    name: args.name,
    intendedUse: `Decision support: ranks ${width}x${height} ${channels === 1 ? 'grey' : 'colour'} images into ${metadata.classNames.join(' / ')} for review by a clinician, with a Grad-CAM map of the regions that drove the score.`,
    outOfScope: 'Autonomous diagnosis; images from modalities, devices or populations unlike the training data; any use without clinician review.',
    architecture: metadata.architecture,
    data: { description: args.dataDescription, trainCount: args.counts.train, validationCount: args.counts.validation, testCount: args.counts.test, classNames: metadata.classNames },
    preprocessing: metadata.preprocessing,
    calibration: { method: 'temperature scaling', temperature: metadata.temperature },
    metrics: { split: args.evaluatedOn, values: args.metrics, confidenceIntervals: args.intervals },
    limitations: [
      `Trained on ${args.counts.train} images; the confidence intervals (95% bootstrap over the ${args.evaluatedOn} images) show how far the figures may move on new data.`,
      'Images are resized to the training size: fine detail below that resolution is not seen.',
      'Calibration was fitted on the validation images and holds only for data like them.',
      'Grad-CAM shows where the last conv layer responded, not a proof of the reason for a prediction.',
    ],
  };
}
