import { Module } from '@nestjs/common';
import { ImageClassificationFieldsResolver, ImagingImageFieldsResolver, ImagingResolver } from './imaging.resolver';
import { ImagingService } from './imaging.service';

@Module({ providers: [ImagingResolver, ImageClassificationFieldsResolver, ImagingImageFieldsResolver, ImagingService] })
export class ImagingModule {}
