// The public API of @pmed/imaging.
export { readDicom, type DicomImage, type ReadDicomOptions } from './lib/dicom/read-dicom';
export { transferSyntaxOf, type TransferSyntax, type PixelEncoding } from './lib/dicom/transfer-syntax';
export { applyWindow, type WindowSetting } from './lib/dicom/window';
export { decodeRleFrame } from './lib/dicom/rle';
export { decodeImage, sniffImageFormat, type DecodedImage, type ImageFormat } from './lib/formats/decode-image';
export { decodePng, decodeJpeg, encodePng } from './lib/formats/png-jpeg';
export { readNpy, type NpyArray } from './lib/formats/npy';
export { readNpz, readMedMnist, type ImageSet, type MedMnistDataset } from './lib/formats/npz';
export { writeNpy, writeNpz, writeMedMnist } from './lib/formats/npz-writer';
export { MAX_IMAGE_SIDE, type RasterImage } from './lib/formats/raster';
export { displayPixels, displaySize, MAX_DISPLAY_SIDE, type DisplayPixels, type DisplayPixelsOptions, type PixelType } from './lib/formats/display-pixels';
export {
  resizeImage,
  convertChannels,
  fitNormalization,
  prepareImage,
  prepareImageSet,
  preprocessingFor,
  type PreprocessingSpec,
} from './lib/preprocess/preprocess';
export { augmentBatch, DEFAULT_AUGMENTATION, type AugmentationOptions } from './lib/preprocess/augment';
export { ARCHITECTURES, buildClassifier, MIN_INPUT_SIDE, type Architecture, type ArchitectureOptions } from './lib/model/architectures';
export { trainImagingClassifier, type TrainImagingOptions, type TrainedImagingModel } from './lib/model/train';
export { MAX_MIXUP_ALPHA } from './lib/model/mixup';
export { fitTemperature, softmax, negativeLogLikelihood } from './lib/model/temperature';
export { predictLogits } from './lib/model/predict';
export {
  serializeImagingModel,
  loadImagingModel,
  classifyImage,
  defaultClassNames,
  type ImagingModelMetadata,
  type ImagingClassifier,
  type Classification,
  type ClassifyOptions,
} from './lib/model/classifier';
export { gradCam, overlayPng, heatMapPng, massInside, convLayerNames, type GradCamOptions, type GradCamResult } from './lib/explain/grad-cam';
export { evaluatePredictions, metricIntervals, type ClassificationMetrics, type EvaluationReport } from './lib/report/evaluate';
export { renderRocSvg, renderReliabilitySvg } from './lib/report/charts';
export { buildModelCard, type ImagingModelCard } from './lib/report/model-card';
export { syntheticSquares, type SyntheticSquares } from './lib/synthetic';
export { combineMembers, ensembleGradCam, ensembleSize } from './lib/model/ensemble';
