import { Module } from '@nestjs/common';
import { RecommenderResolver } from './recommender.resolver';
import { RecommenderService } from './recommender.service';

@Module({ providers: [RecommenderResolver, RecommenderService] })
export class RecommenderModule {}
