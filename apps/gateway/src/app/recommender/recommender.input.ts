import { ArgsType, Field, Float, ID, InputType, Int } from '@nestjs/graphql';

@ArgsType()
export class RecommendArgs {
  @Field(() => ID)
  patientId!: string;

  @Field({ description: 'SNOMED CT or ICD-10 code, or the condition name' })
  conditionCode!: string;

  @Field(() => Int, { defaultValue: 5, description: '1..100' })
  k!: number;
}

@ArgsType()
export class RecommendDrugsArgs extends RecommendArgs {
  @Field({ defaultValue: false, description: 'Also return the drugs the safety filter removed, with the rules that removed them' })
  includeFiltered!: boolean;
}

@InputType()
export class AssignPatientsInput {
  @Field(() => [ID], { description: '1..500 patients' })
  patientIds!: string[];

  @Field()
  conditionCode!: string;
}

@InputType()
export class RateDoctorInput {
  @Field(() => ID)
  patientId!: string;

  @Field(() => ID)
  doctorId!: string;

  @Field(() => Float, { nullable: true, description: '1..5; without it the feedback gives an implicit rating from its sentiment' })
  value?: number | null;

  @Field(() => String, { nullable: true })
  feedback?: string | null;
}

@InputType()
export class RateDrugInput {
  @Field(() => ID)
  patientId!: string;

  @Field(() => ID)
  drugId!: string;

  @Field(() => Float, { nullable: true, description: '1..5; without it the feedback gives an implicit rating from its sentiment' })
  value?: number | null;

  @Field(() => String, { nullable: true })
  feedback?: string | null;
}

@InputType()
export class TrainRecommenderInput {
  @Field(() => String, { nullable: true, description: "'als' (default) or 'sgd'" })
  algorithm?: string | null;

  @Field(() => Int, { nullable: true, description: 'Cross-validation folds, 2..20 (default 5)' })
  folds?: number | null;

  @Field(() => Int, { nullable: true })
  seed?: number | null;
}
