import { lstmLayer, selectBackend, setFusedRecurrenceImplementation, tf, type BackendName } from '@pmed/tensor';

export interface TfjsFigures {
  backend: BackendName;
  trainImagesPerSec: number;
  inferImagesPerSec: number;
  trainSteps: number;
  /** The platform's LSTM layer (fused recurrence), and tfjs-layers' own LSTM with the same settings. */
  lstm?: { trainSequencesPerSec: number; opsTrainSequencesPerSec: number; stockTrainSequencesPerSec: number; steps: number };
}

export interface TfjsBenchOptions {
  backend: BackendName;
  steps: number;
  warmup: number;
  batch: number;
  lstmSteps: number;
  lstmTimesteps: number;
  lstmFeatures: number;
}

/** The platform's reference CNN: conv 32/64/128 3x3 'same' + ReLU + 2x2 max pooling, dense 512, dense 2. */
export function referenceCnn(): tf.Sequential {
  const L = tf.layers;
  const model = tf.sequential();
  model.add(L.conv2d({ inputShape: [28, 28, 1], filters: 32, kernelSize: 3, padding: 'same', activation: 'relu' }));
  model.add(L.maxPooling2d({ poolSize: 2 }));
  for (const filters of [64, 128]) {
    model.add(L.conv2d({ filters, kernelSize: 3, padding: 'same', activation: 'relu' }));
    model.add(L.maxPooling2d({ poolSize: 2 }));
  }
  model.add(L.flatten());
  model.add(L.dense({ units: 512, activation: 'relu' }));
  model.add(L.dense({ units: 2, activation: 'softmax' }));
  return model;
}

async function perSecond(run: () => Promise<void>, options: { steps: number; warmup: number; perStep: number }): Promise<number> {
  for (let i = 0; i < options.warmup; i++) await run();
  const start = process.hrtime.bigint();
  for (let i = 0; i < options.steps; i++) await run();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return (options.steps * options.perStep) / seconds;
}

async function benchCnn(options: TfjsBenchOptions): Promise<{ train: number; infer: number }> {
  const model = referenceCnn();
  const optimizer = tf.train.adam(1e-3);
  model.compile({ optimizer, loss: 'categoricalCrossentropy' });
  const [x, y] = tf.tidy(() => [tf.randomNormal([options.batch, 28, 28, 1]), tf.oneHot(tf.randomUniform([options.batch], 0, 2, 'int32'), 2)]);
  try {
    const train = await perSecond(async () => {
      await model.trainOnBatch(x, y);
    }, { steps: options.steps, warmup: options.warmup, perStep: options.batch });
    const infer = await perSecond(async () => {
      const p = model.predict(x) as tf.Tensor;
      await p.data();
      p.dispose();
    }, { steps: options.steps * 3, warmup: options.warmup, perStep: options.batch });
    return { train, infer };
  } finally {
    tf.dispose([x, y]);
    optimizer.dispose();
    model.dispose();
  }
}

/** `platform`: lstmLayer as the platform runs it; `ops`: lstmLayer with its recurrence through tfjs operations; `stock`: tf.layers.lstm. */
async function benchLstm(options: TfjsBenchOptions, layer: 'platform' | 'ops' | 'stock'): Promise<number> {
  // Sigmoid gates as in torch.nn.LSTM (tfjs defaults to hard sigmoid).
  const args: Parameters<typeof tf.layers.lstm>[0] = { inputShape: [options.lstmTimesteps, options.lstmFeatures], units: 64, recurrentActivation: 'sigmoid', recurrentInitializer: 'glorotUniform' };
  const model = tf.sequential({ layers: [
    layer === 'stock' ? tf.layers.lstm(args) : lstmLayer(args),
    tf.layers.dense({ units: 1, activation: 'sigmoid' }),
  ] });
  const optimizer = tf.train.adam(1e-3);
  model.compile({ optimizer, loss: 'binaryCrossentropy' });
  const [x, y] = tf.tidy(() => [tf.randomNormal([options.batch, options.lstmTimesteps, options.lstmFeatures]), tf.randomUniform([options.batch, 1]).round()]);
  const previous = setFusedRecurrenceImplementation(layer === 'ops' ? 'ops' : 'auto');
  try {
    return await perSecond(async () => {
      await model.trainOnBatch(x, y);
    }, { steps: options.lstmSteps, warmup: 1, perStep: options.batch });
  } finally {
    setFusedRecurrenceImplementation(previous);
    tf.dispose([x, y]);
    optimizer.dispose();
    model.dispose();
  }
}

/** Trains and runs the reference CNN (and optionally the LSTM) on one backend. */
export async function benchTfjs(options: TfjsBenchOptions): Promise<TfjsFigures> {
  await selectBackend({ forced: options.backend });
  const cnn = await benchCnn(options);
  const figures: TfjsFigures = { backend: options.backend, trainImagesPerSec: cnn.train, inferImagesPerSec: cnn.infer, trainSteps: options.steps };
  if (options.lstmSteps > 0) {
    figures.lstm = { trainSequencesPerSec: await benchLstm(options, 'platform'), opsTrainSequencesPerSec: await benchLstm(options, 'ops'), stockTrainSequencesPerSec: await benchLstm(options, 'stock'), steps: options.lstmSteps };
  }
  return figures;
}

/** Per-kernel time of a few training steps, slowest first: where the next optimisation should go. */
export async function profileTrainStep(options: { backend: BackendName; batch: number; steps: number }): Promise<{ kernel: string; msPerStep: number; calls: number }[]> {
  await selectBackend({ forced: options.backend });
  const model = referenceCnn();
  const optimizer = tf.train.adam(1e-3);
  model.compile({ optimizer, loss: 'categoricalCrossentropy' });
  const [x, y] = tf.tidy(() => [tf.randomNormal([options.batch, 28, 28, 1]), tf.oneHot(tf.randomUniform([options.batch], 0, 2, 'int32'), 2)]);
  try {
    await model.trainOnBatch(x, y);
    const info = await tf.profile(async () => {
      for (let i = 0; i < options.steps; i++) await model.trainOnBatch(x, y);
    });
    const totals = new Map<string, { ms: number; calls: number }>();
    for (const k of info.kernels) {
      const entry = totals.get(k.name) ?? { ms: 0, calls: 0 };
      entry.ms += typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
      entry.calls += 1;
      totals.set(k.name, entry);
    }
    return [...totals].map(([kernel, t]) => ({ kernel, msPerStep: t.ms / options.steps, calls: t.calls / options.steps })).sort((a, b) => b.msPerStep - a.msPerStep);
  } finally {
    tf.dispose([x, y]);
    optimizer.dispose();
    model.dispose();
  }
}
