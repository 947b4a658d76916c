import { Module } from '@nestjs/common';
import { CasePredictionResolver } from './case-prediction.resolver';
import { CasePredictionService } from './case-prediction.service';

@Module({ providers: [CasePredictionResolver, CasePredictionService] })
export class CasePredictionModule {}
