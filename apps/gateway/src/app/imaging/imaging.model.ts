import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { MAX_DISPLAY_SIDE } from '@pmed/imaging';
import { GraphQLJSON } from '../common/json.scalar';
import { ModelVersionFields } from '../common/model-version.model';

@ObjectType('ClassProbability')
export class ClassProbabilityModel {
  @Field(() => Int)
  classIndex!: number;

  @Field()
  className!: string;

  @Field(() => Float, { description: 'Softmax of the raw logits' })
  probability!: number;

  @Field(() => Float, { description: 'After temperature scaling: use this one for decisions' })
  calibratedProbability!: number;
}

@ObjectType('ImagePixels', {
  description:
    'An image as values for a viewer that applies window/level itself (DICOM PS3.3 C.11.2.1.2.1), so moving the window needs no new request. ' +
    `At most ${MAX_DISPLAY_SIDE} pixels a side: larger images are box-averaged down (integer data rounded).`,
})
export class ImagePixelsModel {
  @Field({
    description:
      'Base64 of the samples as little-endian values of pixelType, height*width*channels of them, row-major, channels interleaved (RGB). ' +
      'DICOM: modality values, i.e. stored values after Rescale Slope/Intercept (CT: Hounsfield units), before any window; PNG/JPEG: the 8-bit samples 0..255',
  })
  valuesBase64!: string;

  @Field({ description: "'uint8', 'int16', 'uint16' or 'float32': the smallest type that holds every value exactly" })
  pixelType!: string;

  @Field(() => Int, { description: 'Columns in valuesBase64' })
  width!: number;

  @Field(() => Int, { description: 'Rows in valuesBase64' })
  height!: number;

  @Field(() => Int, { description: '1 (grey) or 3 (RGB)' })
  channels!: number;

  @Field(() => Int, { description: 'Columns of the decoded image (before downsampling for display)' })
  sourceWidth!: number;

  @Field(() => Int)
  sourceHeight!: number;

  @Field(() => Float, { description: "Default window centre: the DICOM's Window Center, else the middle of its value range; PNG/JPEG and colour: the nominal sample range" })
  windowCenter!: number;

  @Field(() => Float, { description: "Default window width (>= 1): the DICOM's Window Width, else its full value range" })
  windowWidth!: number;

  @Field(() => Float, { description: 'Smallest value in valuesBase64' })
  min!: number;

  @Field(() => Float, { description: 'Largest value in valuesBase64' })
  max!: number;

  @Field({ description: 'True for MONOCHROME1 (low values bright): invert after windowing' })
  invert!: boolean;

  @Field(() => String, { nullable: true, description: 'DICOM Photometric Interpretation; null for PNG/JPEG' })
  photometricInterpretation!: string | null;

  @Field(() => String, { nullable: true, description: 'DICOM Modality (CT, MR, ...)' })
  modality!: string | null;

  @Field(() => Int, { description: 'The frame these values are of (0-based)' })
  frame!: number;

  @Field(() => Int)
  numberOfFrames!: number;
}

@ObjectType('ImagingImage', { description: 'An uploaded image, stored in an imaging study' })
export class ImagingImageModel {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  studyId!: string;

  @Field(() => ID, { nullable: true })
  patientId!: string | null;

  @Field()
  contentType!: string;

  @Field(() => Int)
  width!: number;

  @Field(() => Int)
  height!: number;

  @Field(() => Int)
  frames!: number;

  @Field(() => String, { nullable: true })
  transferSyntax!: string | null;

  @Field()
  sha256!: string;

  @Field()
  createdAt!: Date;
}

/** What the lazily resolved ImageClassification fields are computed from. */
export interface ClassificationSource {
  bytes: Uint8Array;
  frame: number | undefined;
  heatmap: { heatmap: Float32Array; width: number; height: number };
}

@ObjectType('ImageClassification')
export class ImageClassificationModel {
  @Field(() => ID, { nullable: true, description: 'The stored image classified, when imageId was given' })
  imageId!: string | null;

  @Field(() => ID, { nullable: true })
  patientId!: string | null;

  @Field(() => ID)
  modelVersionId!: string;

  @Field()
  modelName!: string;

  @Field(() => Int)
  modelVersion!: number;

  @Field(() => Int)
  label!: number;

  @Field()
  className!: string;

  @Field(() => [ClassProbabilityModel])
  probabilities!: ClassProbabilityModel[];

  @Field({ description: 'The conv layer Grad-CAM explained' })
  gradCamLayer!: string;

  @Field({ description: 'Grad-CAM heat map over the input image, PNG, base64' })
  gradCamOverlayPng!: string;

  /** For the field resolvers of pixels and gradCamHeatMapPng; not in the schema. */
  source?: ClassificationSource;

  @Field({ description: "'dicom', 'png' or 'jpeg'" })
  inputFormat!: string;

  @Field(() => Int)
  width!: number;

  @Field(() => Int)
  height!: number;
}

@ObjectType('ImagingModelVersion')
export class ImagingModelVersionModel extends ModelVersionFields {
  @Field(() => GraphQLJSON, { nullable: true })
  modelCard!: unknown;

  @Field(() => String, { nullable: true })
  jobId!: string | null;
}
