import { Args, Context, ID, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Audited } from '../audit/audit.decorator';
import { Roles } from '../auth/roles.decorator';
import type { GatewayContext } from '../graphql/gateway-context';
import { ObservationsArgs, PatientsArgs } from './patients.input';
import { AllergyModel, ConditionModel, MedicationModel, ObservationModel, PatientModel, PatientPageModel } from './patients.model';
import { PatientsService } from './patients.service';

/** Identified patient data: clinicians (and admins) only, and every read is audited. */
@Resolver(() => PatientModel)
export class PatientsResolver {
  constructor(private readonly service: PatientsService) {}

  @Roles('clinician')
  @Audited({ action: 'read', entity: 'Patient', subjects: (result) => [{ entityId: (result as PatientModel).id, patientId: (result as PatientModel).id }] })
  @Query(() => PatientModel, { description: 'One patient; NOT_FOUND when there is none with this id' })
  patient(@Args('id', { type: () => ID }) id: string): Promise<PatientModel> {
    return this.service.get(id);
  }

  @Roles('clinician')
  @Audited({ action: 'read', entity: 'Patient', subjects: (result) => (result as PatientPageModel).items.map((p) => ({ entityId: p.id, patientId: p.id })) })
  @Query(() => PatientPageModel, {
    description: 'Patients by MRN or name, ordered by id',
    complexity: ({ args, childComplexity }) => 1 + Number(args['first'] ?? 20) * childComplexity,
  })
  patients(@Args() args: PatientsArgs): Promise<PatientPageModel> {
    return this.service.search(args);
  }

  @ResolveField(() => [ConditionModel])
  conditions(@Parent() patient: PatientModel, @Context() ctx: GatewayContext): Promise<ConditionModel[]> {
    return this.service.conditions(ctx, patient.id);
  }

  @ResolveField(() => [AllergyModel])
  allergies(@Parent() patient: PatientModel, @Context() ctx: GatewayContext): Promise<AllergyModel[]> {
    return this.service.allergies(ctx, patient.id);
  }

  @ResolveField(() => [MedicationModel])
  medications(@Parent() patient: PatientModel, @Context() ctx: GatewayContext): Promise<MedicationModel[]> {
    return this.service.medications(ctx, patient.id);
  }

  @ResolveField(() => [ObservationModel], {
    description: "The patient's timeline of observations",
    complexity: ({ args, childComplexity }) => 1 + Number(args['last'] ?? 100) * childComplexity,
  })
  observations(@Parent() patient: PatientModel, @Context() ctx: GatewayContext, @Args() args: ObservationsArgs): Promise<ObservationModel[]> {
    return this.service.observations(ctx, patient.id, args);
  }
}
