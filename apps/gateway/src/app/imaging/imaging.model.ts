import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
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
