import { badInput } from '@pmed/core';
import { combinedMemberCount, combineModels, memberPrefix, tf } from '@pmed/tensor';
import { convLayerNames, gradCam, type GradCamOptions, type GradCamResult } from '../explain/grad-cam';

export { memberPrefix };

/** Name of the layer that averages the members' logits (the ensemble's output). */
export const ENSEMBLE_OUTPUT = 'ensemble_logits';

/**
 * Joins trained classifiers of one input shape into a single model whose output is the mean of
 * their logits (libs/tensor's combineModels): one flat functional graph that saves, loads, predicts
 * and explains (Grad-CAM walks it) like any other model, so callers that hold "the model" serve the
 * whole ensemble.
 */
export function combineMembers(members: tf.LayersModel[], name = 'ensemble'): tf.LayersModel {
  return combineModels(members, { name, inputName: 'image', outputName: ENSEMBLE_OUTPUT });
}

/** How many members a model combined by combineMembers holds (1 for a plain model). */
export function ensembleSize(model: tf.LayersModel): number {
  return combinedMemberCount(model);
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
