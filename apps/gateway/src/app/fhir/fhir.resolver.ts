import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Audited } from '../audit/audit.decorator';
import { Roles } from '../auth/roles.decorator';
import { GraphQLJSON } from '../common/json.scalar';
import { FhirImportResultModel } from './fhir.model';
import { FhirService } from './fhir.service';

/** FHIR R4 in and out. Identified patient data: clinicians (and admins), every read and write audited. */
@Resolver()
export class FhirResolver {
  constructor(private readonly service: FhirService) {}

  @Roles('clinician')
  @Audited({ action: 'update', entity: 'Patient', subjects: (result) => (result as FhirImportResultModel).patientIds.map((id) => ({ entityId: id, patientId: id })) })
  @Mutation(() => FhirImportResultModel, {
    description: 'Imports a FHIR R4 Bundle (transaction, batch, collection or searchset) in one transaction; errors mean nothing was written',
  })
  importFhir(
    @Args('bundle', { type: () => GraphQLJSON }) bundle: unknown,
    @Args('synthetic', { type: () => Boolean, defaultValue: false, description: 'Mark the imported patients and doctors as synthetic' }) synthetic: boolean,
  ): Promise<FhirImportResultModel> {
    return this.service.importBundle(bundle, synthetic);
  }

  @Roles('clinician')
  @Audited({ action: 'read', entity: 'Patient', subjects: (_result, args) => [{ entityId: String(args['id']), patientId: String(args['id']) }] })
  @Query(() => GraphQLJSON, { description: "The patient's record as a FHIR Bundle ($everything); NOT_FOUND when there is no such patient" })
  patientFhir(@Args('id', { type: () => ID }) id: string): Promise<unknown> {
    return this.service.exportPatient(id);
  }
}
