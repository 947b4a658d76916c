import { badInput } from '@pmed/core';
import { withTimeLimit } from './time-limit';
import { enableSecondOrderGradients, seededInitializers, tf, trainWithSteps, type TrainingProgress, type TrainingResult } from '@pmed/tensor';

type Layer = ReturnType<typeof tf.layers.dense>;

export interface LatentGanConfig {
  latentSize: number;
  noiseSize: number;
  hiddenSize: number;
  /**
   * A residual generator: code = noise + MLP(noise), with the MLP's output layer starting at zero, so
   * the generator starts at the N(0, I) prior the VAE's codes were pulled toward and learns where
   * the codes differ from it. Needs noiseSize = latentSize. Absent (models saved before the option)
   * means the plain MLP generator of the LatentGAN paper.
   */
  residual?: boolean;
}

/**
 * LatentGAN (Prykhodko et al., J. Cheminformatics 11:74, 2019): a Wasserstein GAN with gradient
 * penalty (Gulrajani et al. 2017) that learns the distribution of a VAE's latent codes of the
 * training molecules; its samples are decoded by the VAE. Both networks are small MLPs with
 * LeakyReLU (no pooling, no saturating activations in the critic: the penalty differentiates it twice).
 */
export class LatentGan {
  readonly generator: Layer[];
  readonly critic: Layer[];

  constructor(
    readonly config: LatentGanConfig,
    seed = 1,
  ) {
    for (const [name, value] of Object.entries({ latentSize: config.latentSize, noiseSize: config.noiseSize, hiddenSize: config.hiddenSize })) {
      if (!Number.isInteger(value) || value < 1 || value > 4096) throw badInput(`config.${name}`, 'must be an integer from 1 to 4096');
    }
    if (config.residual !== undefined && typeof config.residual !== 'boolean') throw badInput('config.residual', 'must be true or false');
    if (config.residual && config.noiseSize !== config.latentSize) {
      throw badInput('config.noiseSize', `must equal latentSize (${config.latentSize}) for a residual generator, got ${config.noiseSize}`);
    }
    const init = seededInitializers(seed);
    const dense = (units: number, activation?: 'linear') => tf.layers.dense({ units, activation, kernelInitializer: init.heNormal() });
    const output = config.residual
      ? tf.layers.dense({ units: config.latentSize, activation: 'linear', kernelInitializer: 'zeros' })
      : dense(config.latentSize, 'linear');
    this.generator = [dense(config.hiddenSize), dense(config.hiddenSize), output];
    this.critic = [dense(config.hiddenSize), dense(config.hiddenSize), dense(1, 'linear')];
    tf.tidy(() => {
      this.generate(tf.zeros([1, config.noiseSize]));
      this.score(tf.zeros([1, config.latentSize]));
    });
  }

  generate(noise: tf.Tensor): tf.Tensor2D {
    const out = run(this.generator, noise);
    return this.config.residual ? (out.add(noise) as tf.Tensor2D) : out;
  }

  score(latent: tf.Tensor): tf.Tensor2D {
    return run(this.critic, latent);
  }

  /** `count` latent points from the generator, with seeded noise. */
  sample(count: number, seed: number): tf.Tensor2D {
    return tf.tidy(() => this.generate(tf.randomNormal([count, this.config.noiseSize], 0, 1, 'float32', seed)));
  }

  variables(part: 'generator' | 'critic'): tf.Variable[] {
    return (part === 'generator' ? this.generator : this.critic).flatMap((l) => l.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val));
  }

  dispose(): void {
    for (const layer of [...this.generator, ...this.critic]) layer.dispose();
  }
}

function run(layers: Layer[], x: tf.Tensor): tf.Tensor2D {
  let h = x;
  layers.forEach((layer, i) => {
    h = layer.apply(h) as tf.Tensor;
    if (i < layers.length - 1) h = tf.leakyRelu(h, 0.2);
  });
  return h as tf.Tensor2D;
}

/** One code from each row's N(mean, exp(logVariance)), seeded. */
export function drawFromPosteriors(mean: tf.Tensor2D, logVariance: tf.Tensor2D, seed: number): tf.Tensor2D {
  return tf.tidy(() => mean.add(logVariance.mul(0.5).exp().mul(tf.randomNormal(mean.shape, 0, 1, 'float32', seed))) as tf.Tensor2D);
}

export interface TrainLatentGanOptions {
  /** Latent codes of the training molecules, [n, latentSize] (the VAE's means). */
  latents: tf.Tensor2D;
  /**
   * The posteriors' log-variances, [n, latentSize]. When given, the real codes the critic sees are
   * drawn afresh at every step from each molecule's posterior N(mean, exp(logVariance)), so the
   * generator learns the aggregate posterior the decoder was trained on rather than the
   * distribution of the means (which, in dimensions the code does not use, is a point the decoder
   * never saw during training).
   */
  latentLogVariances?: tf.Tensor2D;
  epochs: number;
  batchSize?: number;
  noiseSize?: number;
  hiddenSize?: number;
  /** A residual generator that starts at the N(0, I) prior (LatentGanConfig.residual); default false. */
  residual?: boolean;
  /** Critic updates per generator update; default 5. */
  criticSteps?: number;
  /** Gradient-penalty weight; default 10. */
  penaltyWeight?: number;
  learningRate?: number;
  seed?: number;
  onProgress?: (progress: TrainingProgress) => void;
  signal?: AbortSignal;
  /** Stop after this long (at a batch boundary), keeping the weights so far. */
  timeLimitMs?: number;
}

/** Trains a LatentGAN with alternating critic and generator updates (Adam, beta1 0.5, beta2 0.9 as in WGAN-GP). */
export async function trainLatentGan(options: TrainLatentGanOptions): Promise<{ gan: LatentGan; training: TrainingResult & { timeLimitReached: boolean } }> {
  const [n, latentSize] = options.latents.shape;
  if (n < 2) throw badInput('latents', 'needs at least 2 latent codes');
  const logVariances = options.latentLogVariances;
  if (logVariances && (logVariances.shape[0] !== n || logVariances.shape[1] !== latentSize)) {
    throw badInput('latentLogVariances', `must be [${n}, ${latentSize}] like the latents, got [${logVariances.shape}]`);
  }
  // Means and log-variances travel together through the shuffled batches.
  const data = logVariances ? (tf.concat([options.latents, logVariances], 1) as tf.Tensor2D) : options.latents;
  enableSecondOrderGradients();
  const config: LatentGanConfig = { latentSize, noiseSize: options.noiseSize ?? latentSize, hiddenSize: options.hiddenSize ?? 256 };
  if (options.residual) config.residual = true;
  const gan = new LatentGan(config, options.seed ?? 1);
  const lr = options.learningRate ?? 2e-4;
  const criticOptimizer = tf.train.adam(lr, 0.5, 0.9);
  const generatorOptimizer = tf.train.adam(lr, 0.5, 0.9);
  const criticVars = gan.variables('critic');
  const generatorVars = gan.variables('generator');
  const criticSteps = options.criticSteps ?? 5;
  const penaltyWeight = options.penaltyWeight ?? 10;
  // Reported on every step (the loop averages per batch), updated every criticSteps steps.
  let generatorLoss = 0;
  try {
    const training = await withTimeLimit(options, (signal) => trainWithSteps({
      data: { x: data },
      epochs: options.epochs,
      batchSize: options.batchSize ?? 64,
      seed: options.seed ?? 1,
      onProgress: options.onProgress,
      signal,
      step: (batch, ctx) => {
        const size = batch.size;
        const noise = tf.randomNormal([size, gan.config.noiseSize], 0, 1, 'float32', ctx.rng.seed());
        const mix = tf.randomUniform([size, 1], 0, 1, 'float32', ctx.rng.seed());
        const real = logVariances
          ? tf.tidy(() => {
              const x = batch.x as tf.Tensor2D;
              return drawFromPosteriors(x.slice([0, 0], [size, latentSize]), x.slice([0, latentSize], [size, latentSize]), ctx.rng.seed());
            })
          : batch.x;
        const criticLoss = criticOptimizer.minimize(
          () => {
            const fake = gan.generate(noise);
            const between = mix.mul(real).add(tf.scalar(1).sub(mix).mul(fake));
            const gradient = tf.grad((x: tf.Tensor) => gan.score(x).sum())(between);
            const penalty = gradient.square().sum(1).add(1e-12).sqrt().sub(1).square().mean();
            return gan.score(fake).mean().sub(gan.score(real).mean()).add(penalty.mul(penaltyWeight)) as tf.Scalar;
          },
          true,
          criticVars,
        ) as tf.Scalar;
        if (ctx.globalStep % criticSteps === criticSteps - 1) {
          const cost = generatorOptimizer.minimize(() => gan.score(gan.generate(noise)).mean().neg() as tf.Scalar, true, generatorVars) as tf.Scalar;
          generatorLoss = cost.dataSync()[0];
        }
        return { critic_loss: criticLoss.dataSync()[0], generator_loss: generatorLoss };
      },
    }));
    return { gan, training };
  } catch (error) {
    gan.dispose();
    throw error;
  } finally {
    if (data !== options.latents) data.dispose();
    criticOptimizer.dispose();
    generatorOptimizer.dispose();
  }
}
