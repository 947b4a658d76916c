import type { JobHandlerRegistry } from '@pmed/jobs';
import type { JobHandlerDeps } from '../index';
import { withTrainingCurve } from '../model-registry/training-curve';
import { MOLECULES_TRAIN_KIND, trainMoleculeModel, validateTrainMoleculeModelParams, type TrainMoleculeModelParams } from './train-molecule-model';

/** The drug-generation module's job: training a molecule VAE or LatentGAN. */
export function registerDrugGenerationJobs(registry: JobHandlerRegistry, deps: JobHandlerDeps): void {
  registry.register<TrainMoleculeModelParams, unknown>(
    MOLECULES_TRAIN_KIND,
    async (ctx) =>
      trainMoleculeModel({
        db: deps.db,
        jobId: ctx.job.id,
        params: ctx.params,
        signal: ctx.signal,
        onProgress: (fraction, message) => void ctx.progress(fraction, message).catch(() => undefined),
        // One curve: the VAE's epochs (loss, reconstruction, kl), then the LatentGAN's (critic_loss, generator_loss).
        onTrainingProgress: withTrainingCurve(ctx, () => undefined),
      }),
    { validate: validateTrainMoleculeModelParams, description: 'Trains a molecule VAE (optionally a LatentGAN on its latent space) and stores it as a drug-generation ModelVersion' },
  );
}
