import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { ErrorCode, PmedError } from '@pmed/core';
import type { JobRecord } from '@pmed/jobs';
import { Audited, type AuditSubject } from '../audit/audit.decorator';
import type { Principal } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import type { GatewayContext } from '../graphql/gateway-context';
import { GraphQLJSON } from '../common/json.scalar';
import { JobModel } from '../jobs/jobs.model';
import { AssignPatientsInput, RateDoctorInput, RateDrugInput, RecommendArgs, RecommendDrugsArgs, TrainRecommenderInput } from './recommender.input';
import { AssignmentResultModel, RatingModel, RecommendationListModel } from './recommender.model';
import { RecommenderService } from './recommender.service';

function principalOf(ctx: GatewayContext): Principal {
  if (!ctx.principal) throw new PmedError(ErrorCode.UNAUTHENTICATED, 'An API key is required');
  return ctx.principal;
}

const patientRead = (result: unknown): AuditSubject[] => {
  const id = (result as RecommendationListModel).patientId;
  return [{ entityId: id, patientId: id }];
};
const ratingWrite = (result: unknown): AuditSubject[] => [{ entityId: (result as RatingModel).id, patientId: (result as RatingModel).patientId }];

/** Recommendations read a patient's conditions, allergies and medications: clinicians only, audited. */
@Resolver()
export class RecommenderResolver {
  constructor(private readonly service: RecommenderService) {}

  @Roles('clinician')
  @Audited({ action: 'read', entity: 'Patient', subjects: patientRead })
  @Query(() => RecommendationListModel, { description: 'Doctors who treat the condition and have an open slot, ranked for the patient, with explanations' })
  recommendDoctors(@Args() args: RecommendArgs): Promise<RecommendationListModel> {
    return this.service.doctors(args);
  }

  @Roles('clinician')
  @Audited({ action: 'read', entity: 'Patient', subjects: patientRead })
  @Query(() => RecommendationListModel, { description: 'Drugs indicated for the condition, never one contraindicated for or interacting with what the patient has or takes' })
  recommendDrugs(@Args() args: RecommendDrugsArgs): Promise<RecommendationListModel> {
    return this.service.drugs(args);
  }

  @Roles('clinician')
  @Audited({ action: 'read', entity: 'Patient', subjects: (result) => (result as AssignmentResultModel).assignments.map((a) => ({ entityId: a.patientId, patientId: a.patientId })) })
  @Mutation(() => AssignmentResultModel, { description: "Allocates patients to doctors, maximising the total fit within every doctor's open slots (slots are not booked; see bookPatients)" })
  assignPatients(@Args('input', { type: () => AssignPatientsInput }) input: AssignPatientsInput): Promise<AssignmentResultModel> {
    return this.service.assign(input);
  }

  @Roles('clinician')
  @Audited({ action: 'create', entity: 'Appointment', subjects: (result) => (result as AssignmentResultModel).assignments.map((a) => ({ entityId: a.appointmentId, patientId: a.patientId })) })
  @Mutation(() => AssignmentResultModel, {
    description:
      "Allocates patients as assignPatients does and books it in one transaction: an Appointment per placed patient, each doctor's openSlots lowered. CONFLICT (details.reason CAPACITY_CHANGED) when a doctor's slots changed meanwhile; nothing is booked then",
  })
  bookPatients(@Args('input', { type: () => AssignPatientsInput }) input: AssignPatientsInput): Promise<AssignmentResultModel> {
    return this.service.assign(input, true);
  }

  @Roles('clinician')
  @Audited({ action: 'create', entity: 'Rating', subjects: ratingWrite })
  @Mutation(() => RatingModel, { description: "Records a patient's rating (1..5) of a doctor" })
  rateDoctor(@Args('input', { type: () => RateDoctorInput }) input: RateDoctorInput): Promise<RatingModel> {
    return this.service.rateDoctor(input);
  }

  @Roles('clinician')
  @Audited({ action: 'create', entity: 'Rating', subjects: ratingWrite })
  @Mutation(() => RatingModel, { description: "Records a patient's rating (1..5) of a drug" })
  rateDrug(@Args('input', { type: () => RateDrugInput }) input: RateDrugInput): Promise<RatingModel> {
    return this.service.rateDrug(input);
  }

  @Roles('researcher')
  @Mutation(() => JobModel, { description: 'Starts a recommender.train job: fits doctor and drug models and stores a ModelVersion' })
  trainRecommender(@Args('input', { type: () => TrainRecommenderInput, nullable: true }) input: TrainRecommenderInput | undefined, @Context() ctx: GatewayContext): Promise<JobRecord> {
    return this.service.train(input ?? {}, principalOf(ctx));
  }
}

@Resolver(() => RecommendationListModel)
export class RecommendationListFieldsResolver {
  constructor(private readonly service: RecommenderService) {}

  @ResolveField(() => GraphQLJSON, {
    nullable: true,
    description:
      'Drug recommendations as FHIR R4 MedicationRequest resources (intent proposal, status draft) in rank order, each requested by the recommender as a ' +
      "contained Device, for the condition, with the patient's conditions and allergies as supporting information; null for doctor recommendations",
  })
  fhir(@Parent() list: RecommendationListModel): Promise<unknown> {
    return this.service.medicationProposals(list);
  }
}
