import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../backend/select-backend';
import { fusedRecurrence, GATES, setFusedRecurrenceImplementation, type FusedCell, type GateActivation } from './fused-recurrence';
import { GRU_BACKWARD_KERNEL, GRU_FORWARD_KERNEL } from './wasm-gru';
import { wasmRecurrenceAvailable } from './wasm-heap';
import { LSTM_BACKWARD_KERNEL, LSTM_FORWARD_KERNEL } from './wasm-lstm';

// The heap-level wasm LSTM and GRU kernels against the same recurrence through tfjs operations on
// the same backend: outputs and the gradients for the projected inputs, the recurrent kernel, the
// initial states and the bias. Seeded inputs, so a failure reproduces.
const T = 9, B = 4, H = 6;
const KERNELS: Record<FusedCell, [string, string]> = { lstm: [LSTM_FORWARD_KERNEL, LSTM_BACKWARD_KERNEL], gru: [GRU_FORWARD_KERNEL, GRU_BACKWARD_KERNEL] };

interface Inputs {
  projected: tf.Tensor2D;
  U: tf.Tensor2D;
  states: tf.Tensor2D[];
  bias: tf.Tensor1D;
  mask?: tf.Tensor2D;
}

function inputs(cell: FusedCell, seed: number, masked: boolean): Inputs {
  const G = GATES[cell];
  const projected = tf.randomNormal([T * B, G * H], 0, 1, 'float32', seed) as tf.Tensor2D;
  const U = tf.randomNormal([H, G * H], 0, 0.6, 'float32', seed + 1) as tf.Tensor2D;
  const states = [tf.randomNormal([B, H], 0, 0.5, 'float32', seed + 2), ...(cell === 'lstm' ? [tf.randomNormal([B, H], 0, 0.5, 'float32', seed + 3)] : [])] as tf.Tensor2D[];
  const bias = tf.randomNormal([G * H], 0, 0.5, 'float32', seed + 5) as tf.Tensor1D;
  if (!masked) return { projected, U, states, bias };
  // Sequence 1 ends in padding, sequence 2 has gaps, sequence 3 starts with padding.
  const rows = [[1, 1, 1, 1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 1, 0, 0, 0, 0], [1, 1, 0, 0, 1, 1, 1, 0, 1], [0, 0, 1, 1, 1, 1, 1, 1, 1]];
  const mask = tf.tensor2d(Array.from({ length: T * B }, (_, k) => [rows[k % B]![Math.floor(k / B)]!]), [T * B, 1]);
  return { projected, U, states, bias, mask };
}

function run(cell: FusedCell, implementation: 'auto' | 'ops', act: GateActivation, returnSequences: boolean, masked: boolean, seed: number, biased = true): tf.Tensor[] {
  return tf.tidy(() => {
    const { projected, U, states, bias, mask } = inputs(cell, seed, masked);
    const weights = tf.randomNormal(returnSequences ? [T * B, H] : [B, H], 0, 1, 'float32', seed + 9);
    const n = states.length;
    const forward = (xs: tf.Tensor[]): tf.Tensor2D =>
      fusedRecurrence({ cell, projected: xs[0] as tf.Tensor2D, recurrentKernel: xs[1] as tf.Tensor2D, initialState: xs.slice(2, 2 + n) as tf.Tensor2D[], bias: biased ? (xs[2 + n] as tf.Tensor1D) : undefined, mask, steps: T, gateActivation: act, returnSequences, implementation });
    const args = [projected, U, ...states, ...(biased ? [bias] : [])];
    return [forward(args), ...tf.grads((...xs: tf.Tensor[]) => forward(xs).mul(weights).sum() as tf.Scalar)(args)];
  });
}

function relativeDifference(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.abs(a.sub(b)).max().dataSync()[0]! / Math.max(tf.abs(b).max().dataSync()[0]!, 1e-6));
}

function expectSame(cell: FusedCell, act: GateActivation, returnSequences: boolean, masked: boolean, seed: number, biased = true): void {
  const expected = run(cell, 'ops', act, returnSequences, masked, seed, biased);
  const actual = run(cell, 'auto', act, returnSequences, masked, seed, biased);
  expect(actual.map((t) => t.shape)).toEqual(expected.map((t) => t.shape));
  const names = ['output', 'dProjected', 'dRecurrentKernel', ...(cell === 'lstm' ? ['dh0', 'dc0'] : ['dh0']), 'dBias'];
  expected.forEach((e, k) => {
    const diff = relativeDifference(actual[k]!, e);
    if (!(diff < 1e-5)) throw new Error(`${cell}: ${names[k]} differs by ${diff} (${act}, sequences ${returnSequences}, masked ${masked}, seed ${seed})`);
  });
  tf.dispose([...expected, ...actual]);
}

async function kernelsUsed(body: () => tf.Tensor[]): Promise<string[]> {
  const profile = await tf.profile(body);
  tf.dispose(profile.result as tf.Tensor[]);
  return profile.kernels.map((k) => k.name);
}

describe.each(['lstm', 'gru'] as const)('wasm %s kernels', (cell) => {
  beforeAll(async () => {
    await selectBackend({ forced: 'wasm' });
    tf.setBackend('wasm');
  });
  afterAll(() => tf.setBackend('cpu'));

  it('are what the recurrence runs through on wasm, and not elsewhere', async () => {
    expect(wasmRecurrenceAvailable()).toBe(true);
    const names = await kernelsUsed(() => run(cell, 'auto', 'sigmoid', false, false, 1));
    expect(names).toEqual(expect.arrayContaining(KERNELS[cell]));
    expect(await kernelsUsed(() => run(cell, 'ops', 'sigmoid', false, false, 1))).not.toContain(KERNELS[cell][0]);
    tf.setBackend('cpu');
    expect(wasmRecurrenceAvailable()).toBe(false);
    tf.setBackend('wasm');
  });

  it.each([
    ['sigmoid', false, false],
    ['sigmoid', true, false],
    ['sigmoid', false, true],
    ['sigmoid', true, true],
    ['hardSigmoid', false, false],
    ['hardSigmoid', true, true],
  ] as const)('equal the recurrence through tfjs ops: %s gates, sequences %s, masked %s', (act, returnSequences, masked) => {
    for (const seed of [11, 23]) expectSame(cell, act, returnSequences, masked, seed);
  });

  it('run without a bias too', () => {
    expectSame(cell, 'sigmoid', true, false, 31, false);
  });

  it('keep working when a C call grows the wasm memory under them', () => {
    // XNNPACK allocates packed weights inside the matrix product; if that grows the memory, views of
    // the old heap are detached. Here every product is followed by an allocation larger than the heap.
    const wasm = (tf.backend() as unknown as { wasm: { HEAPU8: Uint8Array; _malloc(n: number): number; _free(p: number): void; _BatchMatMul: (...args: number[]) => void } }).wasm;
    const original = wasm._BatchMatMul;
    let grown = 0;
    const grow = (...args: number[]): void => {
      original(...args);
      if (grown >= 2) return;
      const before = wasm.HEAPU8.buffer;
      wasm._free(wasm._malloc(wasm.HEAPU8.length));
      if (wasm.HEAPU8.buffer !== before) grown++;
    };
    const expected = run(cell, 'ops', 'sigmoid', true, true, 41);
    let actual: tf.Tensor[];
    try {
      // tfjs' own BatchMatMul looks the function up by name too: patched only around the kernels.
      wasm._BatchMatMul = grow;
      actual = run(cell, 'auto', 'sigmoid', true, true, 41);
    } finally {
      wasm._BatchMatMul = original;
    }
    expect(grown).toBeGreaterThan(0);
    expected.forEach((e, k) => expect(relativeDifference(actual[k]!, e)).toBeLessThan(1e-5));
    tf.dispose([...expected, ...actual]);
  });

  it('free every heap buffer they do not hand back', () => {
    const backend = tf.engine().findBackend('wasm');
    tf.dispose(run(cell, 'auto', 'sigmoid', true, true, 5));
    const ids = backend.numDataIds();
    const tensors = tf.memory().numTensors;
    tf.dispose(run(cell, 'auto', 'sigmoid', true, true, 5));
    expect(backend.numDataIds()).toBe(ids);
    expect(tf.memory().numTensors).toBe(tensors);
  });

  it('refuse inputs whose shapes disagree, naming them', () => {
    tf.tidy(() => {
      const { projected, U, states } = inputs(cell, 3, false);
      const attrs = { steps: T + 1, gateActivation: 'sigmoid' } as unknown as tf.NamedAttrMap;
      const kernelInputs: tf.NamedTensorMap = cell === 'lstm'
        ? { projected, recurrentKernel: U, h0: states[0]!, c0: states[1]! }
        : { projected, recurrentKernelZr: U.slice([0, 0], [H, 2 * H]), recurrentKernelH: U.slice([0, 2 * H], [H, H]), h0: states[0]! };
      expect(() => tf.engine().runKernel(KERNELS[cell][0], kernelInputs, attrs)).toThrow(new RegExp(`projected \\[36,${GATES[cell] * H}\\].*10 steps`));
    });
  });

  it('follow the default implementation setting when a call names none', async () => {
    const forward = (): tf.Tensor[] => tf.tidy(() => {
      const { projected, U, states } = inputs(cell, 4, false);
      return [fusedRecurrence({ cell, projected, recurrentKernel: U, initialState: states, steps: T, gateActivation: 'sigmoid', returnSequences: false })];
    });
    const previous = setFusedRecurrenceImplementation('ops');
    try {
      expect(await kernelsUsed(forward)).not.toContain(KERNELS[cell][0]);
      setFusedRecurrenceImplementation('auto');
      expect(await kernelsUsed(forward)).toContain(KERNELS[cell][0]);
    } finally {
      setFusedRecurrenceImplementation(previous);
    }
  });
});
