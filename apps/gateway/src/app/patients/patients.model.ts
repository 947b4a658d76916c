import { Field, Float, ID, ObjectType } from '@nestjs/graphql';

@ObjectType('Condition')
export class ConditionModel {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'SNOMED CT or ICD-10 code' })
  code!: string;

  @Field(() => String, { nullable: true })
  system!: string | null;

  @Field()
  display!: string;

  @Field({ description: "'active', 'resolved' or 'inactive'" })
  status!: string;

  @Field(() => Date, { nullable: true })
  onsetAt!: Date | null;

  @Field(() => Date, { nullable: true })
  abatedAt!: Date | null;
}

@ObjectType('Allergy')
export class AllergyModel {
  @Field(() => ID)
  id!: string;

  @Field()
  substance!: string;

  @Field(() => String, { nullable: true })
  code!: string | null;

  @Field(() => String, { nullable: true })
  reaction!: string | null;

  @Field(() => String, { nullable: true, description: "'mild', 'moderate' or 'severe'" })
  severity!: string | null;

  @Field()
  recordedAt!: Date;
}

@ObjectType('Medication')
export class MedicationModel {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field(() => String, { nullable: true })
  code!: string | null;

  @Field(() => String, { nullable: true, description: 'Drug catalogue id when known' })
  drugId!: string | null;

  @Field({ description: "'active', 'stopped' or 'on-hold'" })
  status!: string;

  @Field(() => Date, { nullable: true })
  startedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  endedAt!: Date | null;
}

@ObjectType('Observation')
export class ObservationModel {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true })
  encounterId!: string | null;

  @Field({ description: "Variable code, e.g. 'HR' or a LOINC code" })
  code!: string;

  @Field(() => String, { nullable: true })
  system!: string | null;

  @Field(() => Float, { nullable: true })
  value!: number | null;

  @Field(() => String, { nullable: true })
  valueText!: string | null;

  @Field(() => String, { nullable: true })
  unit!: string | null;

  @Field()
  time!: Date;
}

@ObjectType('Patient')
export class PatientModel {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'Medical record number' })
  mrn!: string;

  @Field(() => String, { nullable: true })
  givenName!: string | null;

  @Field(() => String, { nullable: true })
  familyName!: string | null;

  @Field(() => Date, { nullable: true })
  birthDate!: Date | null;

  @Field(() => String, { nullable: true })
  sex!: string | null;

  @Field({ description: 'True for demo and generated records' })
  synthetic!: boolean;

  @Field(() => String, { nullable: true, description: "Where the record came from: 'demo', 'physionet2012', 'fhir', ..." })
  source!: string | null;
}

@ObjectType('PatientPage')
export class PatientPageModel {
  @Field(() => [PatientModel])
  items!: PatientModel[];

  @Field(() => String, { nullable: true, description: 'Pass as `after` for the next page; null on the last page' })
  nextCursor!: string | null;
}
