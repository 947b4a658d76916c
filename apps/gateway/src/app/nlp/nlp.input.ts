import { Field, Float, InputType, Int, registerEnumType } from '@nestjs/graphql';

export enum DeidStrategyEnum {
  redact = 'redact',
  surrogate = 'surrogate',
}
registerEnumType(DeidStrategyEnum, { name: 'DeidStrategy', description: 'redact: [TYPE] in place of each identifier; surrogate: realistic stand-ins' });

@InputType()
export class MiningJobFilterInput {
  @Field({ nullable: true, description: 'Only notes of this specialty' })
  specialty?: string;

  @Field({ nullable: true, description: 'Only notes of this patient' })
  patientId?: string;

  @Field({ nullable: true, description: 'Mine notes that were mined before too (default false)' })
  remine?: boolean;

  @Field(() => Int, { nullable: true, description: 'At most this many notes' })
  limit?: number;
}

@InputType()
export class TrainLanguageModelInput {
  @Field({ nullable: true, description: "Model name (default 'clinical')" })
  name?: string;

  @Field(() => Int, { nullable: true, description: 'n-gram order, 1..10 (default 3)' })
  order?: number;

  @Field(() => Int, { nullable: true, description: 'Words seen fewer times become <unk> (default 1)' })
  minCount?: number;

  @Field({ nullable: true, description: 'Train on notes of this specialty only' })
  specialty?: string;

  @Field({ nullable: true, description: 'Train on this text instead of the notes (paragraphs are documents)' })
  text?: string;

  @Field(() => Float, { nullable: true, description: 'Fraction of documents held out for perplexity (default 0.1)' })
  holdout?: number;

  @Field({ nullable: true, description: 'Lower-case the text (default true)' })
  lowercase?: boolean;

  @Field({ nullable: true, description: 'Fold digits to 0 (default true)' })
  foldNumbers?: boolean;
}
