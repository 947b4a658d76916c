import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { GraphQLJSON } from './json.scalar';

/** The fields every module's registered model version shows; each module's type extends it. */
@ObjectType({ isAbstract: true })
export abstract class ModelVersionFields {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field(() => Int)
  version!: number;

  @Field()
  status!: string;

  @Field(() => GraphQLJSON, { nullable: true })
  metrics!: unknown;

  @Field()
  createdAt!: Date;
}
