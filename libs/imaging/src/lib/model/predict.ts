import { tf } from '@pmed/tensor';

/** Logits for a batch of prepared images (`[n, h, w, c]` values), run in chunks to bound memory. */
export function predictLogits(model: tf.LayersModel, args: { x: Float32Array; count: number; batchSize?: number }): Float32Array {
  const [, h, w, c] = model.inputs[0].shape as number[];
  const size = h * w * c;
  const numClasses = model.outputs[0].shape[1] as number;
  const batchSize = args.batchSize ?? 64;
  const out = new Float32Array(args.count * numClasses);
  for (let start = 0; start < args.count; start += batchSize) {
    const n = Math.min(batchSize, args.count - start);
    const values = tf.tidy(() => {
      const x = tf.tensor4d(args.x.subarray(start * size, (start + n) * size), [n, h, w, c]);
      return (model.predict(x) as tf.Tensor).dataSync() as Float32Array;
    });
    out.set(values, start * numClasses);
  }
  return out;
}

/**
 * Softmax cross-entropy per sample from logits, with plain ops so its gradient exists on every backend.
 * `labelSmoothing` e trains towards (1 - e) on the true class and e / classes spread over all classes.
 */
export function softmaxCrossEntropy(labels: tf.Tensor, logits: tf.Tensor, labelSmoothing = 0): tf.Tensor1D {
  const numClasses = logits.shape[logits.shape.length - 1] as number;
  let target = tf.oneHot(labels.reshape([-1]).toInt(), numClasses) as tf.Tensor;
  if (labelSmoothing > 0) target = tf.add(tf.mul(target, 1 - labelSmoothing), labelSmoothing / numClasses);
  const logProbs = tf.sub(logits, tf.logSumExp(logits, -1, true));
  return tf.neg(tf.sum(tf.mul(target, logProbs), -1)) as tf.Tensor1D;
}
