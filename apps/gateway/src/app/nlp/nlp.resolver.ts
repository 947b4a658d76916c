import { Args, Context, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { ErrorCode, PmedError } from '@pmed/core';
import { Roles } from '../auth/roles.decorator';
import type { Principal } from '../auth/principal';
import type { GatewayContext } from '../graphql/gateway-context';
import { JobModel } from '../jobs/jobs.model';
import { DeidStrategyEnum, MiningJobFilterInput, TrainLanguageModelInput } from './nlp.input';
import { CompletionModel, DeidentifiedModel, MinedNoteModel, PerplexityModel, SpecialtyTermsReportModel } from './nlp.model';
import { NlpService } from './nlp.service';

function principalOf(ctx: GatewayContext): Principal {
  if (!ctx.principal) throw new PmedError(ErrorCode.UNAUTHENTICATED, 'An API key is required');
  return ctx.principal;
}

/** Clinical NLP: language-model scoring and completion, note mining, de-identification, NLP jobs. */
@Resolver()
export class NlpResolver {
  constructor(private readonly service: NlpService) {}

  @Roles('clinician', 'researcher', 'admin')
  @Query(() => PerplexityModel, { description: 'Perplexity and per-token log10 probabilities of a text under a language model' })
  perplexity(@Args('text') text: string, @Args('model', { nullable: true, defaultValue: 'clinical' }) model: string): Promise<PerplexityModel> {
    return this.service.perplexity(text, model);
  }

  @Roles('clinician', 'researcher', 'admin')
  @Query(() => [CompletionModel], { description: 'The k most probable next words after a prefix' })
  complete(
    @Args('prefix') prefix: string,
    @Args('k', { type: () => Int, nullable: true, defaultValue: 5 }) k: number,
    @Args('model', { nullable: true, defaultValue: 'clinical' }) model: string,
  ): Promise<CompletionModel[]> {
    return this.service.complete(prefix, k, model);
  }

  @Roles('clinician', 'researcher', 'admin')
  @Query(() => MinedNoteModel, { description: 'Sections, concepts (spans, codes, negation/uncertainty/history/family flags), keywords and collocations of a note' })
  mineNote(@Args('text') text: string): Promise<MinedNoteModel> {
    return this.service.mineNote(text);
  }

  @Roles('clinician', 'researcher', 'admin')
  @Query(() => SpecialtyTermsReportModel, {
    description:
      'Keywords and collocations per specialty stored by a mining job: the given job, or else the newest succeeded one that mined notes with a specialty. ' +
      'An unknown specialty gives an empty list',
  })
  specialtyTerms(
    @Args('specialty', { nullable: true, description: 'Only this specialty (case and surrounding space ignored)' }) specialty?: string,
    @Args('jobId', { type: () => ID, nullable: true }) jobId?: string,
  ): Promise<SpecialtyTermsReportModel> {
    return this.service.specialtyTerms(jobId, specialty);
  }

  @Roles('clinician', 'researcher', 'admin')
  @Query(() => DeidentifiedModel, { description: 'The text with the HIPAA Safe Harbor identifiers removed, and their spans' })
  deidentify(
    @Args('text') text: string,
    @Args('strategy', { type: () => DeidStrategyEnum, nullable: true, defaultValue: DeidStrategyEnum.redact }) strategy: DeidStrategyEnum,
    @Args('seed', { nullable: true, description: 'Keeps surrogates consistent across calls (e.g. a patient id)' }) seed?: string,
  ): DeidentifiedModel {
    return this.service.deidentify(text, strategy, seed);
  }

  @Roles('researcher', 'admin')
  @Mutation(() => JobModel, { description: 'Starts a batch job that mines clinical notes and writes the results to them' })
  startMiningJob(@Args('filter', { type: () => MiningJobFilterInput, nullable: true }) filter: MiningJobFilterInput | undefined, @Context() ctx: GatewayContext): Promise<JobModel> {
    return this.service.startMining(filter ?? {}, principalOf(ctx));
  }

  @Roles('researcher', 'admin')
  @Mutation(() => JobModel, { description: 'Starts a job that trains a Kneser-Ney language model (a ModelVersion of module nlp)' })
  trainLanguageModel(@Args('input', { type: () => TrainLanguageModelInput, nullable: true }) input: TrainLanguageModelInput | undefined, @Context() ctx: GatewayContext): Promise<JobModel> {
    return this.service.trainLanguageModel(input ?? {}, principalOf(ctx));
  }
}
