import { Module } from '@nestjs/common';
import { ImagingResolver } from './imaging.resolver';
import { ImagingService } from './imaging.service';

@Module({ providers: [ImagingResolver, ImagingService] })
export class ImagingModule {}
