import { badInput } from '@pmed/core';
import { gruLayer, seededInitializers, tf, type Rng } from '@pmed/tensor';
import { BOS, EOS, PAD, Vocabulary, type Representation } from './vocabulary';

/** Sizes and vocabulary of a molecule VAE; stored with its weights. */
export interface VaeConfig {
  representation: Representation;
  vocabulary: string[];
  /** Tokens per sequence including EOS. */
  maxLength: number;
  embeddingSize: number;
  hiddenSize: number;
  latentSize: number;
  /**
   * The GRUs' gate activation. New models use the logistic sigmoid (as PyTorch and the MOSES VAE
   * do); models saved before this setting existed have tfjs' default hard sigmoid, which is what an
   * absent value means.
   */
  gateActivation?: 'sigmoid' | 'hardSigmoid';
  /**
   * Whether the encoder skips padding (a mask on PAD ids), so a molecule's code does not depend on
   * how far its row is padded and training can trim each batch to its longest molecule. New models
   * set it; models saved before it existed read their padding, which is what an absent value means.
   */
  encoderMask?: boolean;
}

type Layer = ReturnType<typeof tf.layers.dense>;

/**
 * A recurrent VAE for token sequences (Gómez-Bombarelli et al. 2018; the MOSES VAE): a GRU encoder
 * gives the mean and log-variance of a Gaussian latent, and an autoregressive GRU decoder, started
 * from the latent and fed the latent at every step, predicts the next token (teacher forcing in
 * training, sampling with temperature in generation).
 */
export class MoleculeVae {
  readonly vocabulary: Vocabulary;
  readonly embedding: Layer;
  readonly encoderGru: Layer;
  readonly mean: Layer;
  readonly logVariance: Layer;
  readonly latentToState: Layer;
  readonly decoderGru: Layer;
  readonly output: Layer;

  constructor(
    readonly config: VaeConfig,
    seed = 1,
  ) {
    const { hiddenSize: h, latentSize: z, embeddingSize: e, maxLength } = config;
    for (const [name, value] of Object.entries({ hiddenSize: h, latentSize: z, embeddingSize: e, maxLength })) {
      if (!Number.isInteger(value) || value < 1 || value > 4096) throw badInput(`config.${name}`, 'must be an integer from 1 to 4096');
    }
    const gates = config.gateActivation ?? 'hardSigmoid';
    if (gates !== 'sigmoid' && gates !== 'hardSigmoid') throw badInput('config.gateActivation', 'must be sigmoid or hardSigmoid');
    if (config.encoderMask !== undefined && typeof config.encoderMask !== 'boolean') throw badInput('config.encoderMask', 'must be true or false');
    this.vocabulary = new Vocabulary(config.vocabulary);
    const init = seededInitializers(seed);
    const v = this.vocabulary.size;
    this.embedding = tf.layers.embedding({ inputDim: v, outputDim: e, embeddingsInitializer: init.randomUniform({ minval: -0.05, maxval: 0.05 }) }) as unknown as Layer;
    this.encoderGru = gruLayer({ units: h, recurrentActivation: gates, kernelInitializer: init.glorotUniform(), recurrentInitializer: init.glorotUniform() }) as unknown as Layer;
    this.mean = tf.layers.dense({ units: z, kernelInitializer: init.glorotUniform() });
    this.logVariance = tf.layers.dense({ units: z, kernelInitializer: init.glorotUniform() });
    this.latentToState = tf.layers.dense({ units: h, activation: 'tanh', kernelInitializer: init.glorotUniform() });
    this.decoderGru = gruLayer({ units: h, recurrentActivation: gates, returnSequences: true, returnState: true, kernelInitializer: init.glorotUniform(), recurrentInitializer: init.glorotUniform() }) as unknown as Layer;
    this.output = tf.layers.dense({ units: v, kernelInitializer: init.glorotUniform() });
    // One forward pass creates every weight.
    tf.tidy(() => {
      const ids = tf.zeros([1, 2], 'int32');
      const { mean } = this.encode(ids);
      this.decodeLogits(mean, ids);
    });
  }

  /** The layers in a fixed order (the artifact stores weights in this order). */
  layers(): Layer[] {
    return [this.embedding, this.encoderGru, this.mean, this.logVariance, this.latentToState, this.decoderGru, this.output];
  }

  trainableVariables(): tf.Variable[] {
    return this.layers().flatMap((l) => l.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val));
  }

  /** Mean and log-variance of q(z | x) for token ids [batch, length]. */
  encode(ids: tf.Tensor): { mean: tf.Tensor2D; logVariance: tf.Tensor2D } {
    const embedded = this.embedding.apply(ids) as tf.Tensor3D;
    const hidden = (this.config.encoderMask ? this.encoderGru.apply(embedded, { mask: ids.notEqual(PAD) }) : this.encoderGru.apply(embedded)) as tf.Tensor;
    return { mean: this.mean.apply(hidden) as tf.Tensor2D, logVariance: this.logVariance.apply(hidden) as tf.Tensor2D };
  }

  /** Next-token logits [batch, length, vocab] under teacher forcing: the decoder reads BOS then the target shifted right. */
  decodeLogits(z: tf.Tensor2D, targets: tf.Tensor): tf.Tensor3D {
    const [batch, length] = targets.shape as [number, number];
    const shifted = tf.concat([tf.fill([batch, 1], BOS, 'int32'), targets.slice([0, 0], [batch, length - 1]).toInt()], 1);
    const inputs = tf.concat([this.embedding.apply(shifted) as tf.Tensor3D, tf.tile(z.expandDims(1), [1, length, 1])], 2);
    const [sequence] = this.decoderGru.apply(inputs, { initialState: [this.latentToState.apply(z)] }) as tf.Tensor[];
    return this.output.apply(sequence) as tf.Tensor3D;
  }

  /**
   * Reconstruction (summed cross-entropy per molecule, padding after EOS masked) and KL divergence,
   * both batch means. `klPerDimension` [latentSize] is the batch-mean KL of each latent dimension
   * (what a free-bits objective clamps).
   */
  losses(ids: tf.Tensor, noiseSeed: number): { reconstruction: tf.Scalar; kl: tf.Scalar; klPerDimension: tf.Tensor1D } {
    const targets = ids.toInt();
    const { mean, logVariance } = this.encode(targets);
    const eps = tf.randomNormal(mean.shape, 0, 1, 'float32', noiseSeed);
    const z = mean.add(eps.mul(logVariance.mul(0.5).exp())) as tf.Tensor2D;
    const logits = this.decodeLogits(z, targets);
    // log-softmax as logits - logsumexp: the wasm backend has no LogSoftmax kernel.
    const logProbs = logits.sub(logits.logSumExp(-1, true));
    const picked = logProbs.mul(tf.oneHot(targets, this.vocabulary.size)).sum(-1);
    const mask = targets.notEqual(PAD).toFloat();
    const reconstruction = picked.mul(mask).sum(1).neg().mean() as tf.Scalar;
    const klPerDimension = gaussianKl(mean, logVariance).mean(0) as tf.Tensor1D;
    return { reconstruction, kl: klPerDimension.sum() as tf.Scalar, klPerDimension };
  }

  /**
   * Decodes latent points autoregressively. Temperature 0 takes the most likely token; higher values
   * sample from softmax(logits / temperature). Returns token ids per row, stopping at EOS.
   */
  decodeLatent(z: tf.Tensor2D, options: { temperature: number; rng: Rng }): number[][] {
    const { temperature, rng } = options;
    const [batch] = z.shape;
    const v = this.vocabulary.size;
    const rows: number[][] = Array.from({ length: batch }, () => []);
    const done = new Uint8Array(batch);
    let state = tf.tidy(() => this.latentToState.apply(z) as tf.Tensor2D);
    let previous = new Int32Array(batch).fill(BOS);
    try {
      for (let t = 0; t < this.config.maxLength && done.some((d) => !d); t++) {
        const [probs, nextState] = tf.tidy(() => {
          const input = tf.concat([this.embedding.apply(tf.tensor2d(previous, [batch, 1], 'int32')) as tf.Tensor3D, z.expandDims(1)], 2);
          const [out, h] = this.decoderGru.apply(input, { initialState: [state] }) as tf.Tensor[];
          const logits = (this.output.apply(out) as tf.Tensor).reshape([batch, v]);
          return [temperature > 0 ? tf.softmax(logits.div(temperature)) : logits, h as tf.Tensor2D] as const;
        });
        const values = probs.dataSync();
        probs.dispose();
        state.dispose();
        state = nextState;
        const next = new Int32Array(batch);
        for (let b = 0; b < batch; b++) {
          const row = values.subarray(b * v, (b + 1) * v);
          // Padding and BOS are never output, and a molecule has at least one token.
          const banned = t === 0 ? 3 : 2;
          next[b] = temperature > 0 ? sampleIndex(row, rng, banned) : argmax(row, banned);
          if (!done[b]) {
            if (next[b] === EOS) done[b] = 1;
            else rows[b].push(next[b]);
          }
        }
        previous = next;
      }
    } finally {
      state.dispose();
    }
    return rows;
  }

  dispose(): void {
    for (const layer of this.layers()) layer.dispose();
  }
}

/** KL(N(mean, exp(logVariance)) || N(0, 1)) of each latent coordinate, [batch, latent]. */
export function gaussianKl(mean: tf.Tensor2D, logVariance: tf.Tensor2D): tf.Tensor2D {
  return tf.exp(logVariance).add(mean.square()).sub(1).sub(logVariance).mul(0.5) as tf.Tensor2D;
}

/** The most likely id at or above `from`. */
function argmax(row: ArrayLike<number>, from: number): number {
  let best = from;
  for (let i = from + 1; i < row.length; i++) if (row[i] > row[best]) best = i;
  return best;
}

/** A draw from the probabilities renormalised over ids at or above `from`. */
function sampleIndex(probabilities: ArrayLike<number>, rng: Rng, from: number): number {
  let total = 0;
  for (let i = from; i < probabilities.length; i++) total += probabilities[i];
  let u = rng.next() * total;
  for (let i = from; i < probabilities.length; i++) {
    u -= probabilities[i];
    if (u < 0) return i;
  }
  return probabilities.length - 1;
}
