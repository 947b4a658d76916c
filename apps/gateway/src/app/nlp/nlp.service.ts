import { Inject, Injectable } from '@nestjs/common';
import { badInput, ErrorCode, PmedError } from '@pmed/core';
import type { Database } from '@pmed/data';
import { databaseDictionary, loadLanguageModel, NLP_MINE_KIND, NLP_TRAIN_LM_KIND, specialtyTermsOf, type LoadedLanguageModel } from '@pmed/job-handlers';
import type { JobQueue, JobRecord } from '@pmed/jobs';
import { checkText, deidentify, NoteMiner, tokenizeSentences, tokenizeWords, type DeidStrategy, type MinedNote } from '@pmed/nlp';
import type { Principal } from '../auth/principal';
import { DATABASE, JOB_QUEUE } from '../runtime/runtime.tokens';
import type { MiningJobFilterInput, TrainLanguageModelInput } from './nlp.input';
import type { CompletionModel, DeidentifiedModel, PerplexityModel, SpecialtyTermsReportModel } from './nlp.model';

/** Longest text the API scores, mines or de-identifies in one request (characters). */
export const NLP_MAX_TEXT = 100_000;
const MODEL_CACHE_MS = 60_000;
/** How many succeeded mining jobs, newest first, are searched for one with specialty terms. */
const TERMS_SEARCH_JOBS = 1000;

function definedOnly(input: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined && value !== null));
}

@Injectable()
export class NlpService {
  private readonly models = new Map<string, { loaded: Promise<LoadedLanguageModel>; at: number }>();
  private miner: { miner: NoteMiner; at: number } | undefined;

  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
  ) {}

  /** The newest ready version, cached for a minute so a new training shows up without a restart. */
  private model(name: string): Promise<LoadedLanguageModel> {
    const cached = this.models.get(name);
    if (cached && Date.now() - cached.at < MODEL_CACHE_MS) return cached.loaded;
    const loaded = loadLanguageModel(this.db, name);
    this.models.set(name, { loaded, at: Date.now() });
    loaded.catch(() => this.models.delete(name));
    return loaded;
  }

  async perplexity(text: string, name: string): Promise<PerplexityModel> {
    const checked = checkText(text, { maxLength: NLP_MAX_TEXT });
    const { model, tokenize, version } = await this.model(name);
    const sentences = tokenizeSentences(checked, tokenize);
    const result = model.perplexity(sentences);
    return {
      perplexity: result.perplexity,
      perplexityWithoutOov: Number.isFinite(result.perplexityWithoutOov) ? result.perplexityWithoutOov : null,
      sentences: result.sentences,
      words: result.words,
      oovs: result.oovs,
      tokens: sentences.flatMap((sentence) => model.scoreSentence(sentence)),
      model: `${name} v${version}`,
    };
  }

  async complete(prefix: string, k: number, name: string): Promise<CompletionModel[]> {
    const checked = checkText(prefix, { maxLength: 10_000, allowEmpty: true });
    const { model, tokenize } = await this.model(name);
    return model.complete(tokenizeWords(checked, tokenize), k);
  }

  async mineNote(text: string): Promise<MinedNote> {
    if (!this.miner || Date.now() - this.miner.at > MODEL_CACHE_MS) {
      this.miner = { miner: new NoteMiner({ dictionary: await databaseDictionary(this.db) }), at: Date.now() };
    }
    return this.miner.miner.mine(text, { maxLength: NLP_MAX_TEXT });
  }

  async specialtyTerms(jobId: string | undefined, specialty: string | undefined): Promise<SpecialtyTermsReportModel> {
    if (specialty !== undefined && specialty.length > 200) throw badInput('specialty', 'must be at most 200 characters');
    const job = jobId ? await this.queue.get(jobId) : await this.latestTermsJob();
    if (job.kind !== NLP_MINE_KIND) throw badInput('jobId', `job ${job.id} is a ${job.kind} job, not a mining job (${NLP_MINE_KIND})`);
    if (job.status !== 'succeeded') throw new PmedError(ErrorCode.CONFLICT, `mining job ${job.id} is ${job.status}; its terms are stored when it succeeds`, { details: { jobId: job.id, status: job.status } });
    return { jobId: job.id, finishedAt: job.finishedAt, specialties: specialtyTermsOf(job.result, specialty) };
  }

  /** The newest succeeded mining job whose result holds terms of at least one specialty. */
  private async latestTermsJob(): Promise<JobRecord> {
    let cursor: string | null = null;
    for (let seen = 0; seen < TERMS_SEARCH_JOBS; ) {
      const page = await this.queue.list({ kind: NLP_MINE_KIND, status: 'succeeded', limit: 200, cursor });
      const found = page.items.find((job) => specialtyTermsOf(job.result).length > 0);
      if (found) return found;
      seen += page.items.length;
      if (!page.nextCursor || page.items.length === 0) break;
      cursor = page.nextCursor;
    }
    throw new PmedError(ErrorCode.NOT_FOUND, 'No succeeded mining job has stored terms of a specialty yet; start one with startMiningJob', { details: { kind: NLP_MINE_KIND } });
  }

  deidentify(text: string, strategy: DeidStrategy, seed?: string): DeidentifiedModel {
    return deidentify(text, { strategy, seed, maxLength: NLP_MAX_TEXT });
  }

  startMining(filter: MiningJobFilterInput, principal: Principal): Promise<JobRecord> {
    return this.queue.enqueue({ kind: NLP_MINE_KIND, params: definedOnly(filter), createdBy: principal.id });
  }

  trainLanguageModel(input: TrainLanguageModelInput, principal: Principal): Promise<JobRecord> {
    return this.queue.enqueue({ kind: NLP_TRAIN_LM_KIND, params: definedOnly(input), createdBy: principal.id });
  }
}
