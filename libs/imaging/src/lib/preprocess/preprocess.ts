import { badInput } from '@pmed/core';
import type { ImageSet } from '../formats/npz';
import type { RasterImage } from '../formats/raster';

/** What a model expects of its input; stored with the model so serving prepares images exactly as training did. */
export interface PreprocessingSpec {
  height: number;
  width: number;
  channels: 1 | 3;
  /** Per-channel mean and standard deviation of the training images (after resizing, in [0, 1] units). */
  mean: number[];
  std: number[];
}

/** Bilinear resize with half-pixel centres (as tf.image.resizeBilinear with halfPixelCenters). */
export function resizeImage(image: RasterImage, size: { width: number; height: number }): RasterImage {
  const { width, height } = size;
  if (image.width === width && image.height === height) return image;
  const c = image.channels;
  const out = new Float32Array(width * height * c);
  const sy = image.height / height;
  const sx = image.width / width;
  for (let y = 0; y < height; y++) {
    const fy = Math.min(image.height - 1, Math.max(0, (y + 0.5) * sy - 0.5));
    const y0 = Math.floor(fy);
    const y1 = Math.min(image.height - 1, y0 + 1);
    const wy = fy - y0;
    for (let x = 0; x < width; x++) {
      const fx = Math.min(image.width - 1, Math.max(0, (x + 0.5) * sx - 0.5));
      const x0 = Math.floor(fx);
      const x1 = Math.min(image.width - 1, x0 + 1);
      const wx = fx - x0;
      for (let k = 0; k < c; k++) {
        const a = image.data[(y0 * image.width + x0) * c + k];
        const b = image.data[(y0 * image.width + x1) * c + k];
        const d = image.data[(y1 * image.width + x0) * c + k];
        const e = image.data[(y1 * image.width + x1) * c + k];
        out[(y * width + x) * c + k] = (a * (1 - wx) + b * wx) * (1 - wy) + (d * (1 - wx) + e * wx) * wy;
      }
    }
  }
  return { width, height, channels: image.channels, data: out };
}

/** Grey to RGB by copying, RGB to grey by ITU-R BT.601 luma. */
export function convertChannels(image: RasterImage, channels: 1 | 3): RasterImage {
  if (image.channels === channels) return image;
  const pixels = image.width * image.height;
  const out = new Float32Array(pixels * channels);
  if (channels === 3) {
    for (let p = 0; p < pixels; p++) out.fill(image.data[p], 3 * p, 3 * p + 3);
  } else {
    for (let p = 0; p < pixels; p++) out[p] = 0.299 * image.data[3 * p] + 0.587 * image.data[3 * p + 1] + 0.114 * image.data[3 * p + 2];
  }
  return { width: image.width, height: image.height, channels, data: out };
}

/** Per-channel mean and standard deviation over a set of images (values interleaved by channel). */
export function fitNormalization(images: Float32Array, channels: number): { mean: number[]; std: number[] } {
  if (images.length === 0 || images.length % channels !== 0) throw badInput('images', 'must be a non-empty array of whole pixels');
  const sum = new Float64Array(channels);
  const sq = new Float64Array(channels);
  for (let i = 0; i < images.length; i++) {
    sum[i % channels] += images[i];
    sq[i % channels] += images[i] * images[i];
  }
  const n = images.length / channels;
  const mean = Array.from(sum, (s) => s / n);
  // A constant channel keeps std 1 so normalising never divides by zero.
  const std = Array.from(sq, (s, k) => Math.sqrt(Math.max(0, s / n - mean[k] ** 2)) || 1);
  return { mean, std };
}

/** Turns one decoded image into model input: channel conversion, resize, normalisation. */
export function prepareImage(image: RasterImage, spec: PreprocessingSpec): Float32Array {
  const resized = resizeImage(convertChannels(image, spec.channels), { width: spec.width, height: spec.height });
  const out = new Float32Array(resized.data.length);
  const c = spec.channels;
  for (let i = 0; i < out.length; i++) out[i] = (resized.data[i] - spec.mean[i % c]) / spec.std[i % c];
  return out;
}

/** Prepares every image of a set; returns the batch as `count * height * width * channels` values. */
export function prepareImageSet(set: ImageSet, spec: PreprocessingSpec): Float32Array {
  const inSize = set.height * set.width * set.channels;
  const outSize = spec.height * spec.width * spec.channels;
  const out = new Float32Array(set.count * outSize);
  for (let i = 0; i < set.count; i++) {
    const image: RasterImage = { width: set.width, height: set.height, channels: set.channels, data: set.images.subarray(i * inSize, (i + 1) * inSize) };
    out.set(prepareImage(image, spec), i * outSize);
  }
  return out;
}

/** The spec for a training set: its size and channels, and its statistics. */
export function preprocessingFor(set: ImageSet, size?: { height: number; width: number }): PreprocessingSpec {
  const height = size?.height ?? set.height;
  const width = size?.width ?? set.width;
  const identity = { height, width, channels: set.channels, mean: new Array<number>(set.channels).fill(0), std: new Array<number>(set.channels).fill(1) };
  return { ...identity, ...fitNormalization(prepareImageSet(set, identity), set.channels) };
}
