import { badInput } from '@pmed/core';
import { tf } from '@pmed/tensor';

type Kwargs = Record<string, unknown>;

export interface InputDecayArgs {
  /** Variables per time step: the layer reads [values, masks, deltas], each `variables` wide. */
  variables: number;
  name?: string;
  trainable?: boolean;
}

/**
 * GRU-D's input decay (Che et al., Scientific Reports 8, 6085, 2018, eq. 2-3) on the encoded
 * timelines of features/resample: each step holds, per variable, the normalised value carried
 * forward from its last observation, the observation mask m and the time since it was last seen δ.
 * An unobserved value decays toward the variable's training mean (0 after normalisation) as
 *
 *   x̂ = m·x + (1 - m)·γ·x_last,   γ = exp(-max(0, w·δ + b)),
 *
 * with one trainable w and b per variable (GRU-D's diagonal decay). The masks and deltas pass
 * through unchanged. w starts at 1 and b at 0, so a fresh layer decays a value by exp(-δ) (δ is
 * the fraction of the window since the last observation). The weights are named `kernel` and
 * `bias` with their initializers in the layer's config, so libs/tensor's seeded re-initialisation
 * and its L2 option treat them like any dense layer's.
 */
export class InputDecay extends tf.layers.Layer {
  static className = 'PmedInputDecay';
  readonly variables: number;
  private kernel: tf.LayerVariable | null = null;
  private bias: tf.LayerVariable | null = null;

  constructor(args: InputDecayArgs) {
    super(args);
    if (!Number.isInteger(args.variables) || args.variables < 1) throw badInput('variables', `must be a positive integer, got ${args.variables}`);
    this.variables = args.variables;
    this.supportsMasking = true;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const width = shape[shape.length - 1];
    if (width !== 3 * this.variables) throw badInput('inputShape', `input decay over ${this.variables} variables needs ${3 * this.variables} channels per step, got ${width}`);
    this.kernel = this.addWeight('kernel', [this.variables], 'float32', tf.initializers.ones());
    this.bias = this.addWeight('bias', [this.variables], 'float32', tf.initializers.zeros());
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  override computeMask(_inputs: tf.Tensor | tf.Tensor[], mask?: tf.Tensor | tf.Tensor[]): tf.Tensor | tf.Tensor[] {
    // The padding mask (if any) passes through; tfjs' Layer returns null for "no mask" despite its type.
    return mask as tf.Tensor | tf.Tensor[];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor3D;
      const [values, masks, deltas] = tf.split(x, 3, 2);
      const w = (this.kernel as tf.LayerVariable).read();
      const b = (this.bias as tf.LayerVariable).read();
      const gamma = tf.exp(tf.neg(tf.relu(tf.add(tf.mul(deltas, w), b))));
      const keep = tf.add(masks, tf.mul(tf.sub(1, masks), gamma));
      return tf.concat([tf.mul(values, keep), masks, deltas], 2);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      variables: this.variables,
      kernelInitializer: { className: 'Ones', config: {} },
      biasInitializer: { className: 'Zeros', config: {} },
    };
  }

  static override fromConfig<T extends tf.serialization.Serializable>(cls: tf.serialization.SerializableConstructor<T>, config: tf.serialization.ConfigDict): T {
    const { kernelInitializer: _k, biasInitializer: _b, ...rest } = config;
    return new cls(rest);
  }
}

// Registered on import, so saved models with an input-decay layer load (tf.loadLayersModel):
// artifact.ts imports this module through risk-model.ts.
tf.serialization.registerClass(InputDecay as unknown as tf.serialization.SerializableConstructor<tf.serialization.Serializable>);
