import { Module } from '@nestjs/common';
import { RecommendationListFieldsResolver, RecommenderResolver } from './recommender.resolver';
import { RecommenderService } from './recommender.service';

@Module({ providers: [RecommenderResolver, RecommendationListFieldsResolver, RecommenderService] })
export class RecommenderModule {}
