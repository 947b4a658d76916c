import type { JobHandlerRegistry } from '@pmed/jobs';
import type { JobHandlerDeps } from '../index';
import { mineNotes, NLP_MINE_KIND, validateMineNotesParams, type MineNotesParams } from './mine-notes';
import { NLP_TRAIN_LM_KIND, trainLanguageModel, validateTrainLanguageModelParams, type TrainLanguageModelParams } from './train-language-model';

/** The NLP module's jobs: batch note mining and language-model training. */
export function registerNlpJobs(registry: JobHandlerRegistry, deps: JobHandlerDeps): void {
  registry.register<MineNotesParams, unknown>(
    NLP_MINE_KIND,
    async (ctx) =>
      mineNotes({
        db: deps.db,
        jobId: ctx.job.id,
        params: ctx.params,
        signal: ctx.signal,
        onProgress: ({ done, total }) => ctx.progress(total ? done / total : 1, `${done} of ${total} notes`),
      }),
    { validate: validateMineNotesParams, description: 'Mines clinical notes: sections, concepts with negation, keywords and collocations' },
  );
  registry.register<TrainLanguageModelParams, unknown>(
    NLP_TRAIN_LM_KIND,
    async (ctx) => {
      await ctx.progress(0.05, 'reading and tokenising');
      const result = await trainLanguageModel({ db: deps.db, jobId: ctx.job.id, params: ctx.params, log: (message) => ctx.log('info', message) });
      await ctx.progress(1, 'stored');
      return result;
    },
    { validate: validateTrainLanguageModelParams, description: 'Trains a Kneser-Ney n-gram language model and stores it as an nlp ModelVersion' },
  );
}
