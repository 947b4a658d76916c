import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver, Subscription } from '@nestjs/graphql';
import type { JobEvent } from '@pmed/jobs';
import { ErrorCode, PmedError } from '@pmed/core';
import { Roles } from '../auth/roles.decorator';
import type { Principal } from '../auth/principal';
import type { GatewayContext } from '../graphql/gateway-context';
import { JobFilterInput, StartSelfTestJobInput } from './jobs.input';
import { JobLogModel, JobModel, JobPageModel, JobProgressEventModel } from './jobs.model';
import { JobsService } from './jobs.service';

function principalOf(ctx: GatewayContext): Principal {
  // The guard has already refused calls without one; this keeps the type honest.
  if (!ctx.principal) throw new PmedError(ErrorCode.UNAUTHENTICATED, 'An API key is required');
  return ctx.principal;
}

@Resolver(() => JobModel)
export class JobsResolver {
  constructor(private readonly service: JobsService) {}

  @Roles('clinician', 'researcher', 'admin')
  @Query(() => JobModel, { description: 'One job; NOT_FOUND when there is none with this id' })
  job(@Args('id', { type: () => ID }) id: string): Promise<JobModel> {
    return this.service.get(id);
  }

  @Roles('clinician', 'researcher', 'admin')
  @Query(() => JobPageModel, { description: 'Jobs, newest first', complexity: ({ args, childComplexity }) => 1 + pageSizeForCost((args['filter'] as JobFilterInput | undefined)?.limit) * childComplexity })
  jobs(@Args('filter', { type: () => JobFilterInput, nullable: true }) filter?: JobFilterInput): Promise<JobPageModel> {
    return this.service.list({ status: filter?.status, kind: filter?.kind, limit: filter?.limit, cursor: filter?.cursor ?? null });
  }

  @Roles('clinician', 'researcher', 'admin')
  @Mutation(() => JobModel, { description: 'Cancels a queued job at once, or asks a running one to stop' })
  cancelJob(@Args('id', { type: () => ID }) id: string, @Context() ctx: GatewayContext): Promise<JobModel> {
    return this.service.cancel(id, principalOf(ctx));
  }

  @Roles('admin')
  @Mutation(() => JobModel, { description: 'Starts the built-in system.selftest job, which checks the queue, progress events and cancellation' })
  startSelfTestJob(@Args('input', { type: () => StartSelfTestJobInput, nullable: true }) input: StartSelfTestJobInput | undefined, @Context() ctx: GatewayContext): Promise<JobModel> {
    return this.service.startSelfTest(input ?? {}, principalOf(ctx));
  }

  @Roles('clinician', 'researcher', 'admin')
  @Subscription(() => JobProgressEventModel, {
    description: "A job's current state, then its progress, status and log events until it finishes",
    resolve: (event: JobEvent) => event,
  })
  jobProgress(@Args('id', { type: () => ID }) id: string): Promise<AsyncIterableIterator<JobEvent>> {
    return this.service.events(id);
  }

  @ResolveField(() => [JobLogModel], { description: 'Log lines of the job, oldest first' })
  logs(@Parent() job: JobModel, @Args('limit', { type: () => Int, nullable: true }) limit?: number): Promise<JobLogModel[]> {
    return this.service.logs(job.id, limit);
  }
}

/** The page size a query will cost; an out-of-range limit costs the most and the resolver then rejects it as BAD_USER_INPUT. */
function pageSizeForCost(limit: number | undefined): number {
  return Math.min(200, Math.max(1, limit ?? 50));
}
