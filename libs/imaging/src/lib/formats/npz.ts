import { badInput } from '@pmed/core';
import { readNpy, type NpyArray } from './npy';
import { readZipEntries } from './zip';

/** Reads a `.npz` archive (numpy savez / savez_compressed) into arrays by name (without `.npy`). */
export function readNpz(bytes: Uint8Array, name = 'file'): Map<string, NpyArray> {
  const arrays = new Map<string, NpyArray>();
  for (const [entry, data] of readZipEntries(bytes, name)) {
    if (!entry.endsWith('.npy')) continue;
    const key = entry.slice(0, -4);
    arrays.set(key, readNpy(data, `${name}:${entry}`));
  }
  if (arrays.size === 0) throw badInput(name, 'holds no .npy arrays');
  return arrays;
}

/** Images of one split, as the models take them. */
export interface ImageSet {
  /** `count * height * width * channels` values in [0, 1]. */
  images: Float32Array;
  /** Class index per image. */
  labels: Int32Array;
  count: number;
  height: number;
  width: number;
  channels: 1 | 3;
}

export interface MedMnistDataset {
  train: ImageSet;
  val: ImageSet;
  test: ImageSet;
  /** Largest label + 1 over all splits. */
  numClasses: number;
}

function splitOf(arrays: Map<string, NpyArray>, split: 'train' | 'val' | 'test'): ImageSet {
  const images = arrays.get(`${split}_images`);
  const labels = arrays.get(`${split}_labels`);
  if (!images || !labels) throw badInput('file', `is not a MedMNIST file: ${split}_images and ${split}_labels are required`);
  const [count, height, width, channels = 1, ...rest] = images.shape;
  if (images.shape.length < 3 || rest.length > 0 || (channels !== 1 && channels !== 3)) {
    throw badInput('file', `${split}_images has shape (${images.shape.join(', ')}); expected (n, h, w) or (n, h, w, 3)`);
  }
  const labelCount = labels.shape[0];
  if (labelCount !== count || labels.data.length !== count) {
    throw badInput('file', `${split}_labels holds ${labels.data.length} labels for ${count} images; only single-label classification is supported`);
  }
  // MedMNIST stores 8-bit pixels; float arrays are taken as already scaled when they stay within [0, 1].
  let max = 0;
  for (const v of images.data) if (v > max) max = v;
  const scale = images.dtype.endsWith('u1') || max > 1 ? 255 : 1;
  const pixels = new Float32Array(images.data.length);
  for (let i = 0; i < pixels.length; i++) pixels[i] = images.data[i] / scale;
  const classes = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const v = labels.data[i];
    if (!Number.isInteger(v) || v < 0) throw badInput('file', `${split}_labels holds ${v} at ${i}; labels are integers >= 0`);
    classes[i] = v;
  }
  return { images: pixels, labels: classes, count, height, width, channels: channels as 1 | 3 };
}

/** A MedMNIST-style `.npz`: `{train,val,test}_{images,labels}`. */
export function readMedMnist(bytes: Uint8Array): MedMnistDataset {
  const arrays = readNpz(bytes);
  const train = splitOf(arrays, 'train');
  const val = splitOf(arrays, 'val');
  const test = splitOf(arrays, 'test');
  for (const [name, set] of [
    ['val', val],
    ['test', test],
  ] as const) {
    if (set.height !== train.height || set.width !== train.width || set.channels !== train.channels) {
      throw badInput('file', `${name} images are ${set.height}x${set.width}x${set.channels}, train images ${train.height}x${train.width}x${train.channels}`);
    }
  }
  let numClasses = 0;
  for (const set of [train, val, test]) for (const l of set.labels) numClasses = Math.max(numClasses, l + 1);
  if (numClasses < 2) throw badInput('file', 'labels hold a single class; classification needs at least two');
  return { train, val, test, numClasses };
}
