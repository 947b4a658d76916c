import { badInput } from '@pmed/core';
import * as tf from '@tensorflow/tfjs';

interface GraphNode {
  inputTensors: tf.SymbolicTensor[];
  outputTensors: tf.SymbolicTensor[];
}
type GraphLayer = tf.layers.Layer & { inboundNodes: GraphNode[] };
type LayerClass = { fromConfig: (cls: LayerClass, config: tf.serialization.ConfigDict) => tf.layers.Layer };

/** The name prefix of member `k`'s layers in a model built by combineModels. */
export function memberPrefix(k: number): string {
  return `m${k}_`;
}

export interface CombineModelsOptions {
  /** Name of the combined model. */
  name: string;
  /** Name of its input layer. */
  inputName: string;
  /** Name of the layer that averages the members' outputs. */
  outputName: string;
}

/**
 * Joins trained models of one input shape into a single model whose output is the mean of theirs.
 * Each member's layers are copied under the prefix `m<k>_` with their weights, so the result is one
 * flat functional graph: it saves and loads as one artifact and predicts (and is explained) like any
 * other model. Members must be flat graphs (no shared or nested layers) with one input and one output.
 */
export function combineModels(members: readonly tf.LayersModel[], options: CombineModelsOptions): tf.LayersModel {
  if (members.length === 0) throw badInput('members', 'needs at least one model');
  const shape = members[0].inputs[0].shape;
  if (members.some((m) => m.inputs.length !== 1 || m.outputs.length !== 1 || String(m.inputs[0].shape) !== String(shape))) {
    throw badInput('members', 'must all take one input of one shape and give one output');
  }
  const input = tf.input({ shape: shape.slice(1) as number[], name: options.inputName });
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
  const averaged = outputs.length === 1 ? outputs[0] : (tf.layers.average({ name: options.outputName }).apply(outputs) as tf.SymbolicTensor);
  const model = tf.model({ inputs: input, outputs: averaged, name: options.name });
  for (const [from, to] of copies) {
    const weights = from.getWeights();
    if (weights.length > 0) to.setWeights(weights);
  }
  return model;
}

/** How many members a model built by combineModels holds (1 for a plain model). */
export function combinedMemberCount(model: tf.LayersModel): number {
  let k = 0;
  while (model.layers.some((l) => l.name.startsWith(memberPrefix(k)))) k++;
  return Math.max(k, 1);
}

/**
 * One model per member of a model built by combineModels: what each network alone predicts. They
 * share the combined model's layers and weights (nothing is copied), so dispose only the combined
 * model, never these. A plain model gives [model].
 */
export function memberModels(model: tf.LayersModel): tf.LayersModel[] {
  const output = model.outputs[0].sourceLayer as GraphLayer;
  if (combinedMemberCount(model) === 1 || output.getClassName() !== 'Average') return [model];
  return output.inboundNodes[0].inputTensors.map((t, k) => tf.model({ inputs: model.inputs, outputs: t, name: `${model.name}_member_${k}` }));
}
