import { badInput } from '@pmed/core';
import { tf } from '@pmed/tensor';
import { convLayerNames, gradCam, type GradCamOptions, type GradCamResult } from '../explain/grad-cam';

interface GraphNode {
  inputTensors: tf.SymbolicTensor[];
  outputTensors: tf.SymbolicTensor[];
}
type GraphLayer = tf.layers.Layer & { inboundNodes: GraphNode[] };
type LayerClass = { fromConfig: (cls: LayerClass, config: tf.serialization.ConfigDict) => tf.layers.Layer };

/** The name prefix of ensemble member `k`'s layers. */
export function memberPrefix(k: number): string {
  return `m${k}_`;
}

/** Name of the layer that averages the members' logits (the ensemble's output). */
export const ENSEMBLE_OUTPUT = 'ensemble_logits';

/**
 * Joins trained classifiers of one input shape into a single model whose output is the mean of
 * their logits. Each member's layers are copied under the prefix `m<k>_` with their weights, so the
 * result is one flat functional graph: it saves, loads, predicts and explains (Grad-CAM walks it)
 * like any other model, and callers that hold "the model" serve the whole ensemble.
 */
export function combineMembers(members: tf.LayersModel[], name = 'ensemble'): tf.LayersModel {
  if (members.length === 0) throw badInput('members', 'needs at least one model');
  const shape = members[0].inputs[0].shape;
  if (members.some((m) => m.inputs.length !== 1 || m.outputs.length !== 1 || String(m.inputs[0].shape) !== String(shape))) {
    throw badInput('members', 'must all take one input of one shape and give one output');
  }
  const input = tf.input({ shape: shape.slice(1) as number[], name: 'image' });
  const outputs: tf.SymbolicTensor[] = [];
  const copies: [tf.layers.Layer, tf.layers.Layer][] = [];
  members.forEach((member, k) => {
    const values = new Map<number, tf.SymbolicTensor>([[member.inputs[0].id, input]]);
    for (const layer of member.layers as GraphLayer[]) {
      if (layer.getClassName() === 'InputLayer') continue;
      const node = layer.inboundNodes[0];
      const inputs = node.inputTensors.map((t) => {
        const v = values.get(t.id);
        if (!v || layer.inboundNodes.length !== 1) throw badInput('members', `layer ${layer.name} is shared or nested; only flat graphs can be combined`);
        return v;
      });
      const cls = layer.constructor as unknown as LayerClass;
      const copy = cls.fromConfig(cls, { ...layer.getConfig(), name: `${memberPrefix(k)}${layer.name}` });
      values.set(node.outputTensors[0].id, copy.apply(inputs.length === 1 ? inputs[0] : inputs) as tf.SymbolicTensor);
      copies.push([layer, copy]);
    }
    const out = values.get(member.outputs[0].id);
    if (!out) throw badInput('members', `member ${k}'s output is not reachable from its input`);
    outputs.push(out);
  });
  const logits = outputs.length === 1 ? outputs[0] : (tf.layers.average({ name: ENSEMBLE_OUTPUT }).apply(outputs) as tf.SymbolicTensor);
  const model = tf.model({ inputs: input, outputs: logits, name });
  for (const [from, to] of copies) {
    const weights = from.getWeights();
    if (weights.length > 0) to.setWeights(weights);
  }
  return model;
}

/** How many members a model combined by combineMembers holds (1 for a plain model). */
export function ensembleSize(model: tf.LayersModel): number {
  let k = 0;
  while (model.layers.some((l) => l.name.startsWith(memberPrefix(k)))) k++;
  return Math.max(k, 1);
}

/**
 * Grad-CAM of a model from combineMembers: the members' maps of one conv layer (named without the
 * `m<k>_` prefix; default each member's last conv) averaged and rescaled to [0, 1]. The class logit
 * is the members' mean, so each member's map is its own map scaled by 1/K before normalising. A full
 * member layer name (`m1_conv3`) explains that member alone. A plain model gets plain Grad-CAM.
 */
export function ensembleGradCam(model: tf.LayersModel, input: Float32Array, options: GradCamOptions = {}): GradCamResult {
  const size = ensembleSize(model);
  const convs = convLayerNames(model);
  if (size === 1 || (options.layerName !== undefined && convs.includes(options.layerName))) return gradCam(model, input, options);
  const prefix0 = memberPrefix(0);
  const memberConvs = convs.filter((n) => n.startsWith(prefix0)).map((n) => n.slice(prefix0.length));
  const base = options.layerName ?? memberConvs[memberConvs.length - 1];
  if (!memberConvs.includes(base)) throw badInput('layerName', `must name a Conv2D layer of the ensemble's members: ${memberConvs.join(', ')}`);
  const maps = Array.from({ length: size }, (_, k) => gradCam(model, input, { ...options, layerName: `${memberPrefix(k)}${base}` }));
  const heatmap = new Float32Array(maps[0].heatmap.length);
  for (const m of maps) m.heatmap.forEach((v, i) => (heatmap[i] += v));
  const max = heatmap.reduce((a, v) => Math.max(a, v), 0);
  if (max > 0) heatmap.forEach((v, i) => (heatmap[i] = v / max));
  return { ...maps[0], layerName: base, heatmap };
}
