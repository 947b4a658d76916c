import { Args, Context, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { ErrorCode, PmedError } from '@pmed/core';
import { Audited } from '../audit/audit.decorator';
import { Roles } from '../auth/roles.decorator';
import type { Principal } from '../auth/principal';
import type { GatewayContext } from '../graphql/gateway-context';
import { GraphQLJSON } from '../common/json.scalar';
import { JobModel } from '../jobs/jobs.model';
import { ClassifyImageInput, TrainImagingModelInput, UploadImageInput } from './imaging.input';
import { ImageClassificationModel, ImagePixelsModel, ImagingImageModel, ImagingModelVersionModel } from './imaging.model';
import { ImagingService } from './imaging.service';

function principalOf(ctx: GatewayContext): Principal {
  if (!ctx.principal) throw new PmedError(ErrorCode.UNAUTHENTICATED, 'An API key is required');
  return ctx.principal;
}

/** Only images of a patient are patient data; anonymous uploads leave no audit event. */
function patientSubjects<T extends { patientId: string | null }>(result: T, idKey: keyof T): { entityId: string | null; patientId: string | null }[] {
  return result.patientId ? [{ entityId: (result[idKey] as string | null) ?? null, patientId: result.patientId }] : [];
}

@Resolver()
export class ImagingResolver {
  constructor(private readonly service: ImagingService) {}

  @Roles('researcher', 'admin')
  @Mutation(() => JobModel, { description: 'Starts an imaging.train job; the trained model is registered as a new imaging ModelVersion' })
  trainImagingModel(@Args('input', { type: () => TrainImagingModelInput }) input: TrainImagingModelInput, @Context() ctx: GatewayContext): Promise<JobModel> {
    return this.service.startTraining(input, principalOf(ctx));
  }

  @Roles('clinician', 'researcher', 'admin')
  @Audited({ action: 'create', entity: 'Image', subjects: (result) => patientSubjects(result as ImagingImageModel, 'id') })
  @Mutation(() => ImagingImageModel, { description: 'Stores a DICOM, PNG or JPEG image (checked by decoding it) in an imaging study' })
  uploadImage(@Args('input', { type: () => UploadImageInput }) input: UploadImageInput): Promise<ImagingImageModel> {
    return this.service.upload(input);
  }

  @Roles('clinician', 'researcher', 'admin')
  @Audited({ action: 'read', entity: 'Image', subjects: (result) => patientSubjects(result as ImageClassificationModel, 'imageId') })
  @Mutation(() => ImageClassificationModel, { description: 'Classifies one image with calibrated probabilities and a Grad-CAM overlay' })
  classifyImage(@Args('input', { type: () => ClassifyImageInput }) input: ClassifyImageInput): Promise<ImageClassificationModel> {
    return this.service.classify(input);
  }

  @Roles('clinician', 'researcher', 'admin')
  @Query(() => [ImagingModelVersionModel], { description: 'Imaging model versions with their metrics, newest first per name' })
  imagingModels(@Args('limit', { type: () => Int, nullable: true }) limit?: number): Promise<ImagingModelVersionModel[]> {
    return this.service.list(limit);
  }
}

/** Fields computed only when asked for: the display values are large, the heat map costs a PNG encode. */
@Resolver(() => ImageClassificationModel)
export class ImageClassificationFieldsResolver {
  constructor(private readonly service: ImagingService) {}

  @ResolveField(() => ImagePixelsModel, { description: 'The classified image (the same frame) as values for client-side window/level' })
  pixels(@Parent() result: ImageClassificationModel): Promise<ImagePixelsModel> {
    return this.service.pixels(sourceOf(result).bytes, sourceOf(result).frame);
  }

  @ResolveField(() => String, {
    description: "The Grad-CAM heat map alone, RGBA PNG, base64, at pixels' size: alpha follows the activation, to lay over an image the client windows itself",
  })
  gradCamHeatMapPng(@Parent() result: ImageClassificationModel): string {
    return this.service.heatMap(sourceOf(result), result);
  }

  @ResolveField(() => GraphQLJSON, {
    nullable: true,
    description:
      'The result as a FHIR R4 transaction Bundle: a preliminary DiagnosticReport with one Observation per class (calibrated probability), ' +
      "the model as a contained Device; null for an image that is not stored in a patient's study",
  })
  fhir(@Parent() result: ImageClassificationModel): Promise<unknown> {
    return this.service.imagingReport(result);
  }
}

@Resolver(() => ImagingImageModel)
export class ImagingImageFieldsResolver {
  constructor(private readonly service: ImagingService) {}

  @ResolveField(() => ImagePixelsModel, { description: 'The stored image as values for client-side window/level' })
  pixels(@Parent() image: ImagingImageModel, @Args('frame', { type: () => Int, nullable: true, description: 'Frame of a multi-frame DICOM image (0-based, default 0)' }) frame?: number): Promise<ImagePixelsModel> {
    return this.service.storedPixels(image.id, frame ?? undefined);
  }
}

function sourceOf(result: ImageClassificationModel): NonNullable<ImageClassificationModel['source']> {
  if (!result.source) throw new PmedError(ErrorCode.INTERNAL_SERVER_ERROR, 'the classification carries no source image');
  return result.source;
}
