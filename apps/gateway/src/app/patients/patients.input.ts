import { ArgsType, Field, Int } from '@nestjs/graphql';

@ArgsType()
export class PatientsArgs {
  @Field(() => String, { nullable: true, description: 'Part of an MRN, given or family name' })
  search?: string | null;

  @Field(() => Int, { defaultValue: 20, description: '1..100' })
  first!: number;

  @Field(() => String, { nullable: true, description: '`nextCursor` of the previous page' })
  after?: string | null;
}

@ArgsType()
export class ObservationsArgs {
  @Field(() => String, { nullable: true, description: 'Only this variable code' })
  code?: string | null;

  @Field(() => Int, { defaultValue: 100, description: 'The most recent N observations (1..1000), oldest first' })
  last!: number;
}
