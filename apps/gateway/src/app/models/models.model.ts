import { Field, ObjectType } from '@nestjs/graphql';
import { GraphQLJSON } from '../common/json.scalar';
import { ModelVersionFields } from '../common/model-version.model';

@ObjectType('ModelVersion', { description: 'A registered model of any module, with what the registry shows of it (never its weights)' })
export class ModelVersionModel extends ModelVersionFields {
  @Field({ description: "'imaging', 'case-prediction', 'drug-generation', 'recommender' or 'nlp'" })
  module!: string;

  @Field(() => GraphQLJSON, { nullable: true, description: 'Hyper-parameters and preprocessing statistics' })
  parameters!: unknown;

  @Field(() => GraphQLJSON, { nullable: true, description: 'What it was trained on' })
  trainingData!: unknown;

  @Field(() => GraphQLJSON, { nullable: true })
  modelCard!: unknown;

  @Field(() => String, { nullable: true, description: 'The training job, when a job trained it' })
  jobId!: string | null;

  @Field()
  updatedAt!: Date;
}
