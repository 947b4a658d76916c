import * as tf from '@tensorflow/tfjs';
import { fusedRecurrence, type FusedCell, type GateActivation } from './fused-recurrence';

type Kwargs = Record<string, unknown> | undefined;
type LstmLayer = ReturnType<typeof tf.layers.lstm>;
type GruLayer = ReturnType<typeof tf.layers.gru>;
type LstmArgs = Parameters<typeof tf.layers.lstm>[0];
type GruArgs = Parameters<typeof tf.layers.gru>[0];

/** The parts of tfjs' LSTMCell / GRUCell the fused path reads. */
interface CellView {
  units: number;
  kernel: { read(): tf.Tensor2D };
  recurrentKernel: { read(): tf.Tensor2D };
  bias: { read(): tf.Tensor1D } | null;
  useBias: boolean;
  dropout: number;
  recurrentDropout: number;
  dropoutFunc?: (x: tf.Tensor, rate: number) => tf.Tensor;
  activation: { getClassName(): string };
  recurrentActivation: { getClassName(): string };
}

interface RnnView {
  cell: CellView;
  stateful: boolean;
  goBackwards: boolean;
  returnSequences: boolean;
  returnState: boolean;
}

/** Why a layer's settings rule out the fused path, or null when it can take it. */
export function fusedPathBlocker(layer: RnnView, cell: FusedCell): string | null {
  const c = layer.cell;
  if (layer.stateful) return 'stateful';
  if (layer.goBackwards) return 'goBackwards';
  if (c.recurrentDropout > 0) return 'recurrentDropout';
  if (c.activation.getClassName() !== 'tanh') return `activation ${c.activation.getClassName()}`;
  const gateActivation = c.recurrentActivation.getClassName();
  if (gateActivation !== 'sigmoid' && gateActivation !== 'hardSigmoid') return `recurrentActivation ${gateActivation}`;
  if (cell === 'lstm' && layer.returnState) return 'returnState on an LSTM';
  return null;
}

/**
 * Runs an LSTM or GRU layer through fusedRecurrence, with the layer's own weights, input dropout
 * (one mask per sequence, as tfjs-layers draws it), masking and initial state. Returns null when
 * the layer's settings need tfjs-layers' own step loop.
 */
function fusedCall(layer: RnnView, cell: FusedCell, inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor | tf.Tensor[] | null {
  if (fusedPathBlocker(layer, cell) !== null) return null;
  const list = Array.isArray(inputs) ? inputs : [inputs];
  const x = list[0] as tf.Tensor3D;
  if (x.rank !== 3) return null;
  let initialState = (kwargs?.['initialState'] as tf.Tensor2D[] | undefined) ?? (list.length > 1 ? (list.slice(1) as tf.Tensor2D[]) : undefined);
  const mask = kwargs?.['mask'] as tf.Tensor | undefined;
  // tfjs-layers outputs zeros (not the initial state) at masked leading steps of a sequence.
  if (mask && initialState && layer.returnSequences) return null;
  const training = Boolean(kwargs?.['training']);
  const c = layer.cell;
  const [B, T, F] = x.shape;
  const H = c.units;
  return tf.tidy(() => {
    let xs: tf.Tensor = x;
    if (training && c.dropout > 0 && c.dropout < 1) {
      const ones = tf.ones([B, F]);
      const keep = c.dropoutFunc ? c.dropoutFunc(ones, c.dropout) : tf.dropout(ones, c.dropout);
      xs = xs.mul(keep.reshape([B, 1, F]));
    }
    const projected = xs.transpose([1, 0, 2]).reshape([T * B, F]).matMul(c.kernel.read());
    initialState ??= (cell === 'lstm' ? [tf.zeros([B, H]), tf.zeros([B, H])] : [tf.zeros([B, H])]) as tf.Tensor2D[];
    const out = fusedRecurrence({
      cell,
      projected: projected as tf.Tensor2D,
      bias: c.useBias && c.bias ? (c.bias.read() as tf.Tensor1D) : undefined,
      recurrentKernel: c.recurrentKernel.read(),
      initialState,
      mask: mask ? (mask.toFloat().transpose([1, 0]).reshape([T * B, 1]) as tf.Tensor2D) : undefined,
      steps: T,
      gateActivation: c.recurrentActivation.getClassName() as GateActivation,
      returnSequences: layer.returnSequences,
    });
    const last = layer.returnSequences ? out.slice([(T - 1) * B, 0], [B, H]) : out;
    const output = layer.returnSequences ? out.reshape([T, B, H]).transpose([1, 0, 2]) : out;
    return layer.returnState ? [output, last] : output;
  });
}

// The classes tfjs-layers registers as 'LSTM' and 'GRU' (not exported by name from @tensorflow/tfjs).
const StockLstm = tf.layers.lstm({ units: 1 }).constructor as new (args: LstmArgs) => LstmLayer;
const StockGru = tf.layers.gru({ units: 1 }).constructor as new (args: GruArgs) => GruLayer;

/**
 * tfjs' LSTM layer with the recurrence computed by fusedRecurrence. Same weights, settings and
 * serialised form (class name 'LSTM'), so models saved by either load into the other; settings the
 * fused path does not cover (recurrent dropout, stateful, backwards, other activations) run
 * tfjs-layers' own loop.
 */
export class FusedLSTM extends StockLstm {
  static className = 'LSTM';

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor | tf.Tensor[] {
    return fusedCall(this as unknown as RnnView, 'lstm', inputs, kwargs) ?? super.call(inputs, kwargs ?? {});
  }
}

/** tfjs' GRU layer with the recurrence computed by fusedRecurrence (see FusedLSTM). */
export class FusedGRU extends StockGru {
  static className = 'GRU';

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor | tf.Tensor[] {
    return fusedCall(this as unknown as RnnView, 'gru', inputs, kwargs) ?? super.call(inputs, kwargs ?? {});
  }
}

/**
 * Makes models loaded from JSON (tf.loadLayersModel, artifacts saved before the fused layers
 * existed) build FusedLSTM and FusedGRU for their 'LSTM' and 'GRU' layers. Idempotent.
 */
export function registerFusedRecurrentLayers(): void {
  tf.serialization.registerClass(FusedLSTM as unknown as tf.serialization.SerializableConstructor<tf.serialization.Serializable>);
  tf.serialization.registerClass(FusedGRU as unknown as tf.serialization.SerializableConstructor<tf.serialization.Serializable>);
}

/** An LSTM layer (tf.layers.lstm's arguments) that trains and predicts through the fused recurrence. */
export function lstmLayer(args: LstmArgs): LstmLayer {
  registerFusedRecurrentLayers();
  return new FusedLSTM(args);
}

/** A GRU layer (tf.layers.gru's arguments) that trains and predicts through the fused recurrence. */
export function gruLayer(args: GruArgs): GruLayer {
  registerFusedRecurrentLayers();
  return new FusedGRU(args);
}
