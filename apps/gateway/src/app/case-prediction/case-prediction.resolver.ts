import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { ErrorCode, PmedError } from '@pmed/core';
import { Audited } from '../audit/audit.decorator';
import type { Principal } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import type { GatewayContext } from '../graphql/gateway-context';
import { GraphQLJSON } from '../common/json.scalar';
import { JobModel } from '../jobs/jobs.model';
import { ScoreCohortInput, TrainCaseModelInput } from './case-prediction.input';
import { OutcomePredictionModel } from './case-prediction.model';
import { CasePredictionService } from './case-prediction.service';

function principalOf(ctx: GatewayContext): Principal {
  if (!ctx.principal) throw new PmedError(ErrorCode.UNAUTHENTICATED, 'An API key is required');
  return ctx.principal;
}

@Resolver(() => OutcomePredictionModel)
export class CasePredictionResolver {
  constructor(private readonly service: CasePredictionService) {}

  @Roles('researcher', 'admin')
  @Mutation(() => JobModel, { description: 'Starts a case.train job; the trained risk model becomes a new case-prediction ModelVersion' })
  trainCaseModel(@Args('input', { type: () => TrainCaseModelInput, nullable: true }) input: TrainCaseModelInput | null, @Context() ctx: GatewayContext): Promise<JobModel> {
    return this.service.startTraining(input, principalOf(ctx));
  }

  @Roles('clinician')
  @Audited({ action: 'read', entity: 'Encounter', subjects: (result) => [{ entityId: (result as OutcomePredictionModel).encounterId, patientId: (result as OutcomePredictionModel).patientId }] })
  @Query(() => OutcomePredictionModel, { description: "Risk of the model's outcome for a patient's encounter (their latest when none is named), with interval and drivers" })
  predictOutcome(
    @Args('patientId', { type: () => ID }) patientId: string,
    @Args('encounterId', { type: () => ID, nullable: true }) encounterId?: string,
    @Args('model', { nullable: true, description: "A case-prediction ModelVersion id or model name (default 'default')" }) model?: string,
  ): Promise<OutcomePredictionModel> {
    return this.service.predict({ patientId, encounterId, model });
  }

  @Roles('clinician', 'researcher', 'admin')
  @Mutation(() => JobModel, { description: 'Starts a case.score job that stores a RiskPrediction for every matching encounter' })
  scoreCohort(@Args('filter', { type: () => ScoreCohortInput, nullable: true }) filter: ScoreCohortInput | null, @Context() ctx: GatewayContext): Promise<JobModel> {
    return this.service.startScoring(filter, principalOf(ctx));
  }

  @ResolveField(() => GraphQLJSON, {
    description: 'The prediction as a FHIR R4 RiskAssessment: calibrated probability, the model as a contained Device, the encounter and the top drivers\' latest observations as basis',
  })
  fhir(@Parent() prediction: OutcomePredictionModel): Promise<unknown> {
    return this.service.riskAssessment(prediction);
  }
}
