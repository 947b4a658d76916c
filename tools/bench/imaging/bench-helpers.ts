// Evaluation helpers for bench-imaging: test-time flip averaging and the ensemble-size curve.
import { evaluatePredictions, predictLogits, softmax } from '@pmed/imaging';
import { tf } from '@pmed/tensor';

/** Mirrors every `[h, w, c]` image of a batch left to right. */
export function flipHorizontally(args: { x: Float32Array; count: number; height: number; width: number; channels: number }): Float32Array {
  const { x, count, height, width, channels } = args;
  const out = new Float32Array(x.length);
  for (let n = 0; n < count; n++) {
    for (let y = 0; y < height; y++) {
      for (let i = 0; i < width; i++) {
        const src = ((n * height + y) * width + i) * channels;
        const dst = ((n * height + y) * width + (width - 1 - i)) * channels;
        for (let c = 0; c < channels; c++) out[dst + c] = x[src + c];
      }
    }
  }
  return out;
}

/** Logits of a model, averaged with those of the mirrored images when `tta` is on. */
export function scoreLogits(args: { model: tf.LayersModel; x: Float32Array; count: number; tta: boolean }): Float32Array {
  const logits = predictLogits(args.model, { x: args.x, count: args.count });
  if (!args.tta) return logits;
  const [, height, width, channels] = args.model.inputs[0].shape as number[];
  const flipped = predictLogits(args.model, { x: flipHorizontally({ x: args.x, count: args.count, height, width, channels }), count: args.count });
  return logits.map((v, i) => (v + flipped[i]) / 2);
}

interface GraphNode {
  inputTensors: tf.SymbolicTensor[];
}

/** Prints AUC of the first 1..K members' averaged logits (exploration only: how much each member adds). */
export function printMemberCurve(args: { model: tf.LayersModel; sets: { name: string; x: Float32Array; labels: Int32Array }[]; numClasses: number }): void {
  const average = args.model.layers[args.model.layers.length - 1] as tf.layers.Layer & { inboundNodes: GraphNode[] };
  const memberOutputs = average.inboundNodes[0].inputTensors;
  const split = tf.model({ inputs: args.model.inputs, outputs: memberOutputs });
  for (const set of args.sets) {
    const count = set.labels.length;
    const perMember = memberOutputs.map((_, k) => {
      const sub = tf.model({ inputs: split.inputs, outputs: memberOutputs[k] });
      return predictLogits(sub, { x: set.x, count });
    });
    const line: string[] = [];
    const sum = new Float32Array(count * args.numClasses);
    perMember.forEach((logits, k) => {
      logits.forEach((v, i) => (sum[i] += v));
      const mean = sum.map((v) => v / (k + 1));
      const single = evaluatePredictions({ labels: set.labels, probabilities: softmax(logits, args.numClasses), numClasses: args.numClasses }).metrics.auc;
      const joint = evaluatePredictions({ labels: set.labels, probabilities: softmax(mean, args.numClasses), numClasses: args.numClasses }).metrics;
      line.push(`m${k}=${single.toFixed(3)} first${k + 1}=${joint.auc.toFixed(3)}/${joint.accuracy.toFixed(3)}`);
    });
    console.error(`  ${set.name} AUC per member and of the first k averaged (auc/acc): ${line.join(' ')}`);
  }
}
