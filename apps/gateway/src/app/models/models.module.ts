import { Module } from '@nestjs/common';
import { ModelsResolver } from './models.resolver';
import { ModelsService } from './models.service';

@Module({ providers: [ModelsResolver, ModelsService] })
export class ModelsModule {}
