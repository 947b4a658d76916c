import { Field, Float, ID, InputType, Int } from '@nestjs/graphql';

@InputType()
export class TrainImagingModelInput {
  @Field({ description: 'Path of a MedMNIST-style .npz on the server (inside PMED_IMAGING_DATA_DIR when set)' })
  dataPath!: string;

  @Field({ nullable: true, description: "Model name; each run adds its next version (default 'default')" })
  name?: string;

  @Field({ nullable: true, description: "'reference-cnn' (default), 'reference-cnn-bn' (batch normalisation after each conv) or 'resnet-small'" })
  architecture?: string;

  @Field(() => Int, { nullable: true, description: 'Most epochs (default 30; early stopping may end sooner)' })
  epochs?: number;

  @Field(() => Int, { nullable: true })
  batchSize?: number;

  @Field(() => Float, { nullable: true })
  learningRate?: number;

  @Field(() => Int, { nullable: true })
  seed?: number;

  @Field(() => Int, { nullable: true, description: 'Epochs without a better validation loss before stopping (0: off)' })
  patience?: number;

  @Field({ nullable: true, description: 'Augment training batches (default false)' })
  augment?: boolean;

  @Field(() => Int, { nullable: true, description: 'Networks in a seed ensemble, 1 to 20 (default 1): each is trained on its own and their logits are averaged; training takes that many times longer' })
  ensembleSize?: number;

  @Field(() => Float, { nullable: true, description: "Mixup: blend each training batch with a shuffled copy of itself, weight ~ Beta(alpha, alpha); the value is alpha, 0 (default) off" })
  mixup?: number;

  @Field(() => Float, { nullable: true, description: 'Label smoothing of the training loss, in [0, 1) (default 0)' })
  labelSmoothing?: number;

  @Field({ nullable: true, description: "'balanced' (default: classes weighted by inverse frequency in the loss) or 'none'" })
  classWeights?: string;

  @Field(() => [String], { nullable: true, description: 'A name per class index' })
  classNames?: string[];
}

@InputType()
export class UploadImageInput {
  @Field({ description: 'The image file (DICOM Part 10, PNG or JPEG), base64-encoded' })
  imageBase64!: string;

  @Field(() => ID, { nullable: true, description: 'The patient the image belongs to' })
  patientId?: string;

  @Field({ nullable: true })
  description?: string;
}

@InputType()
export class ClassifyImageInput {
  @Field({ nullable: true, description: 'The image file (DICOM Part 10, PNG or JPEG), base64-encoded; or give imageId' })
  imageBase64?: string;

  @Field(() => ID, { nullable: true, description: 'An image stored by uploadImage' })
  imageId?: string;

  @Field(() => ID, { nullable: true, description: 'A ModelVersion id; default the latest ready version of modelName' })
  modelVersionId?: string;

  @Field({ nullable: true, description: "Used when modelVersionId is not given (default 'default')" })
  modelName?: string;

  @Field(() => Int, { nullable: true, description: 'Frame of a multi-frame DICOM image (0-based)' })
  frame?: number;

  @Field(() => Float, { nullable: true, description: 'Overrides the DICOM window centre (with windowWidth)' })
  windowCenter?: number;

  @Field(() => Float, { nullable: true })
  windowWidth?: number;

  @Field({ nullable: true, description: 'Conv layer for Grad-CAM (default the last)' })
  gradCamLayer?: string;
}
