import { Field, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('FhirIssue', { description: 'A problem found in a FHIR input, with its FHIRPath-like location' })
export class FhirIssueModel {
  @Field({ description: "'error' (nothing of the input was written) or 'warning'" })
  severity!: string;

  @Field({ description: 'Stable code: invalid-json, not-a-bundle, too-large, required, invalid-value, duplicate, unresolved-reference, reference-cycle, identifier-conflict, unsupported-type' })
  code!: string;

  @Field({ description: 'e.g. Bundle.entry[12].resource.code.coding[0]' })
  location!: string;

  @Field()
  message!: string;
}

@ObjectType('FhirTypeCount')
export class FhirTypeCountModel {
  @Field()
  resourceType!: string;

  @Field(() => Int)
  created!: number;

  @Field(() => Int)
  updated!: number;

  @Field(() => Int)
  unchanged!: number;

  @Field(() => Int, { description: 'Not imported: an unsupported type, or a report without note text' })
  skipped!: number;
}

@ObjectType('FhirImportResult')
export class FhirImportResultModel {
  @Field({ description: 'False when there were errors; then nothing was written' })
  ok!: boolean;

  @Field({ description: 'The bundle type' })
  kind!: string;

  @Field(() => Int)
  resources!: number;

  @Field(() => [FhirTypeCountModel])
  counts!: FhirTypeCountModel[];

  @Field(() => [FhirIssueModel])
  errors!: FhirIssueModel[];

  @Field(() => [FhirIssueModel])
  warnings!: FhirIssueModel[];

  @Field(() => [ID], { description: 'Patients whose records the import wrote or confirmed' })
  patientIds!: string[];
}
