import { Args, ID, Int, Query, Resolver } from '@nestjs/graphql';
import { MAX_MODEL_VERSION_PAGE } from '@pmed/job-handlers';
import { Roles } from '../auth/roles.decorator';
import { ModelVersionModel } from './models.model';
import { ModelsService } from './models.service';

/** The model registry of every module: metrics, ROC and reliability curves, training history, model cards. */
@Resolver()
export class ModelsResolver {
  constructor(private readonly service: ModelsService) {}

  @Roles('clinician', 'researcher', 'admin')
  @Query(() => [ModelVersionModel], {
    description: `Model versions of every module (or one), by module and name, newest version first; limit 1 to ${MAX_MODEL_VERSION_PAGE}, default 50`,
    complexity: ({ args, childComplexity }) => 1 + Math.min(MAX_MODEL_VERSION_PAGE, Math.max(1, Number(args['limit'] ?? 50) || MAX_MODEL_VERSION_PAGE)) * childComplexity,
  })
  modelVersions(
    @Args('module', { nullable: true, description: "'imaging', 'case-prediction', 'drug-generation', 'recommender' or 'nlp'; BAD_USER_INPUT otherwise" }) module?: string,
    @Args('name', { nullable: true }) name?: string,
    @Args('limit', { type: () => Int, nullable: true }) limit?: number,
  ): Promise<ModelVersionModel[]> {
    return this.service.list({ module, name, limit });
  }

  @Roles('clinician', 'researcher', 'admin')
  @Query(() => ModelVersionModel, { description: 'One model version of any module; NOT_FOUND when there is none with this id' })
  modelVersion(@Args('id', { type: () => ID }) id: string): Promise<ModelVersionModel> {
    return this.service.get(id);
  }
}
