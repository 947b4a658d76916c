import { badInput } from '@pmed/core';
import { PNG } from 'pngjs';
import { tf } from '@pmed/tensor';
import { encodePng } from '../formats/png-jpeg';
import { convertChannels, resizeImage } from '../preprocess/preprocess';
import type { RasterImage } from '../formats/raster';

export interface GradCamOptions {
  /** Name of a Conv2D layer; default the model's last one. */
  layerName?: string;
  /** Class whose logit is explained; default the predicted class. */
  classIndex?: number;
}

export interface GradCamResult {
  layerName: string;
  classIndex: number;
  /** Heat map at the input's size, `height * width` values in [0, 1]. */
  heatmap: Float32Array;
  height: number;
  width: number;
}

interface GraphNode {
  inputTensors: tf.SymbolicTensor[];
  outputTensors: tf.SymbolicTensor[];
}
type GraphLayer = tf.layers.Layer & { inboundNodes: GraphNode[] };

interface NodeWithLayers extends GraphNode {
  inboundLayers: tf.layers.Layer[];
}

/** Conv2D layers of a model, ordered by their distance from the input (the last is the deepest). */
export function convLayerNames(model: tf.LayersModel): string[] {
  // model.layers is a topological order, but branches (a residual block's shortcut) may come after
  // deeper layers; the longest path from the input says which conv is really last.
  const depth = new Map<string, number>();
  for (const layer of model.layers as GraphLayer[]) {
    const node = layer.inboundNodes[0] as NodeWithLayers | undefined;
    const parents = node?.inboundLayers ?? [];
    depth.set(layer.name, parents.length === 0 ? 0 : 1 + Math.max(...parents.map((p) => depth.get(p.name) ?? 0)));
  }
  return model.layers
    .filter((l) => l.getClassName() === 'Conv2D')
    .map((l) => l.name)
    .sort((a, b) => (depth.get(a) ?? 0) - (depth.get(b) ?? 0));
}

/**
 * Runs the model eagerly layer by layer, substituting `replacement` for the target layer's output:
 * this makes the logits a function of that activation for any functional graph (skip connections included).
 */
function forwardFrom(model: tf.LayersModel, image: tf.Tensor, target: string, replacement: tf.Tensor | null): { logits: tf.Tensor; activation: tf.Tensor } {
  const values = new Map<number, tf.Tensor>([[model.inputs[0].id, image]]);
  let activation: tf.Tensor | null = null;
  for (const layer of model.layers as GraphLayer[]) {
    if (layer.getClassName() === 'InputLayer') continue;
    const node = layer.inboundNodes[0];
    const inputs = node.inputTensors.map((t) => {
      const v = values.get(t.id);
      if (!v) throw badInput('model', `layer ${layer.name} has an input this walk has not computed (shared or nested layers are not supported)`);
      return v;
    });
    let output = layer.apply(inputs.length === 1 ? inputs[0] : inputs, { training: false }) as tf.Tensor;
    if (layer.name === target) {
      activation = output;
      if (replacement) output = replacement;
    }
    values.set(node.outputTensors[0].id, output);
  }
  const logits = values.get(model.outputs[0].id);
  if (!logits || !activation) throw badInput('layerName', `${target} is not on the path to the model's output`);
  return { logits, activation };
}

/**
 * Grad-CAM (Selvaraju et al. 2017): weights each channel of a conv layer's activation by the mean
 * gradient of the class logit over space, sums, keeps the positive part, and upsamples to the input.
 * `input` is one prepared image, `[h, w, c]` values as the model takes them.
 */
export function gradCam(model: tf.LayersModel, input: Float32Array, options: GradCamOptions = {}): GradCamResult {
  const convs = convLayerNames(model);
  if (convs.length === 0) throw badInput('model', 'has no Conv2D layer to explain');
  const layerName = options.layerName ?? convs[convs.length - 1];
  if (!convs.includes(layerName)) throw badInput('layerName', `must name a Conv2D layer: ${convs.join(', ')}`);
  const [, h, w, c] = model.inputs[0].shape as number[];
  if (input.length !== h * w * c) throw badInput('input', `holds ${input.length} values; the model takes ${h}x${w}x${c}`);
  const numClasses = model.outputs[0].shape[1] as number;
  return tf.tidy(() => {
    const image = tf.tensor4d(input, [1, h, w, c]);
    const { logits, activation } = forwardFrom(model, image, layerName, null);
    const classIndex = options.classIndex ?? (tf.argMax(logits, -1).dataSync()[0] as number);
    if (!Number.isInteger(classIndex) || classIndex < 0 || classIndex >= numClasses) throw badInput('classIndex', `must be an integer in 0..${numClasses - 1}`);
    const score = (a: tf.Tensor): tf.Scalar => forwardFrom(model, image, layerName, a).logits.gather([classIndex], 1).sum() as tf.Scalar;
    const grads = tf.grad(score)(activation);
    const weights = tf.mean(grads, [1, 2], true);
    const cam = tf.relu(tf.sum(tf.mul(weights, activation), -1, true)) as tf.Tensor4D;
    const resized = tf.image.resizeBilinear(cam, [h, w]).reshape([h * w]);
    const max = tf.max(resized).dataSync()[0];
    const heatmap = (max > 0 ? tf.div(resized, max) : resized).dataSync() as Float32Array;
    return { layerName, classIndex, heatmap: Float32Array.from(heatmap), height: h, width: w };
  });
}

/** Share of the heat map's mass inside a rectangle (a check that the model looked where it should). */
export function massInside(result: GradCamResult, box: { x: number; y: number; width: number; height: number }): number {
  let inside = 0;
  let total = 0;
  for (let y = 0; y < result.height; y++) {
    for (let x = 0; x < result.width; x++) {
      const v = result.heatmap[y * result.width + x];
      total += v;
      if (x >= box.x && x < box.x + box.width && y >= box.y && y < box.y + box.height) inside += v;
    }
  }
  return total === 0 ? 0 : inside / total;
}

/** Blue-to-red "jet"-like colour for a value in [0, 1]. */
function heatColour(v: number): [number, number, number] {
  const r = Math.min(1, Math.max(0, 1.5 - Math.abs(4 * v - 3)));
  const g = Math.min(1, Math.max(0, 1.5 - Math.abs(4 * v - 2)));
  const b = Math.min(1, Math.max(0, 1.5 - Math.abs(4 * v - 1)));
  return [r, g, b];
}

/** The heat map blended over the original image (resized to the image), as a PNG. */
export function overlayPng(image: RasterImage, result: GradCamResult, options: { alpha?: number } = {}): Buffer {
  const alpha = options.alpha ?? 0.4;
  const rgb = convertChannels(image, 3);
  const heat = resizeImage({ width: result.width, height: result.height, channels: 1, data: result.heatmap }, { width: image.width, height: image.height });
  const data = new Float32Array(rgb.data.length);
  for (let p = 0; p < image.width * image.height; p++) {
    const colour = heatColour(heat.data[p]);
    // Weak activations stay transparent so the anatomy remains readable.
    const a = alpha * Math.min(1, heat.data[p] * 1.5);
    for (let k = 0; k < 3; k++) data[3 * p + k] = (1 - a) * rgb.data[3 * p + k] + a * colour[k];
  }
  return encodePng({ width: image.width, height: image.height, channels: 3, data });
}

/**
 * The heat map alone as an RGBA PNG of `size`, for laying over an image a viewer draws itself:
 * colour as in overlayPng, alpha growing with the activation so weak areas stay see-through.
 */
export function heatMapPng(result: Pick<GradCamResult, 'heatmap' | 'width' | 'height'>, size: { width: number; height: number }): Buffer {
  const heat = resizeImage({ width: result.width, height: result.height, channels: 1, data: result.heatmap }, size);
  const png = new PNG({ width: size.width, height: size.height });
  for (let p = 0; p < size.width * size.height; p++) {
    const v = Math.min(1, Math.max(0, heat.data[p]));
    const colour = heatColour(v);
    for (let k = 0; k < 3; k++) png.data[4 * p + k] = Math.round(255 * colour[k]);
    png.data[4 * p + 3] = Math.round(255 * Math.min(1, v * 1.5));
  }
  return PNG.sync.write(png);
}
