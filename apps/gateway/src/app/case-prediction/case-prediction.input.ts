import { Field, Float, ID, InputType, Int } from '@nestjs/graphql';

@InputType({ description: 'Which encounters a training or scoring run reads' })
export class EncounterFilterInput {
  @Field({ nullable: true, description: "Patient source, e.g. 'physionet2012' or 'demo'" })
  source?: string;

  @Field({ nullable: true, description: "Encounter kind, e.g. 'icu'" })
  kind?: string;

  @Field(() => [ID], { nullable: true })
  encounterIds?: string[];

  @Field(() => [ID], { nullable: true })
  patientIds?: string[];

  @Field(() => Int, { nullable: true, description: 'Most encounters (default 100000)' })
  limit?: number;
}

@InputType()
export class TrainCaseModelInput {
  @Field({ nullable: true, description: "Model name; each run adds its next version (default 'default')" })
  name?: string;

  @Field({ nullable: true, description: "Outcome key in Encounter.outcomes (default 'inHospitalDeath')" })
  outcome?: string;

  @Field(() => EncounterFilterInput, { nullable: true })
  filter?: EncounterFilterInput;

  @Field(() => Float, { nullable: true, description: 'Window from the start of the stay, hours (default 48)' })
  hours?: number;

  @Field(() => Float, { nullable: true, description: 'Bin width, hours (default 1)' })
  binHours?: number;

  @Field(() => [String], { nullable: true, description: 'Variable codes to use (default: those seen in at least 1% of stays)' })
  variables?: string[];

  @Field(() => [String], {
    nullable: true,
    description: "Summary statistics of each variable over the window joined to the descriptors, among first, last, min, max, mean, std, count (default first, last, min, max, mean, count; [] for none)",
  })
  summaryStats?: string[];

  @Field(() => Int, { nullable: true, description: 'Networks in a seed ensemble, 1 to 20 (default 5): each is trained on its own and their risks are averaged; training takes that many times longer than with 1' })
  ensembleSize?: number;

  @Field({ nullable: true, description: "'gru' (default) or 'lstm'" })
  cell?: string;

  @Field(() => Int, { nullable: true })
  units?: number;

  @Field(() => Int, { nullable: true })
  hidden?: number;

  @Field(() => Float, { nullable: true })
  dropout?: number;

  @Field(() => Int, { nullable: true })
  epochs?: number;

  @Field(() => Int, { nullable: true })
  batchSize?: number;

  @Field(() => Float, { nullable: true })
  learningRate?: number;

  @Field(() => Int, { nullable: true })
  seed?: number;

  @Field(() => Int, { nullable: true, description: 'Epochs without a better validation AUROC before stopping (0: off)' })
  patience?: number;

  @Field(() => Int, { nullable: true, description: 'k-fold cross-validation before the final model (0: none)' })
  folds?: number;

  @Field({ nullable: true, description: "'class-weights' (default), 'focal' or 'none'" })
  imbalance?: string;

  @Field({ nullable: true, description: "'platt' (default), 'temperature' or 'none'" })
  calibration?: string;
}

@InputType()
export class ScoreCohortInput {
  @Field(() => EncounterFilterInput, { nullable: true })
  filter?: EncounterFilterInput;

  @Field(() => ID, { nullable: true })
  modelVersionId?: string;

  @Field({ nullable: true, description: "Latest ready version of this name (default 'default')" })
  modelName?: string;

  @Field({ nullable: true, description: 'Store the top drivers with each risk (default true)' })
  explain?: boolean;
}
