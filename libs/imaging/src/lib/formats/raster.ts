import { badInput } from '@pmed/core';

/** A decoded image: `height * width * channels` values in [0, 1], row-major, channels interleaved. */
export interface RasterImage {
  width: number;
  height: number;
  channels: 1 | 3;
  data: Float32Array;
}

/** Largest side accepted from any file: bounds memory for hostile headers (a 65535x65535 PNG). */
export const MAX_IMAGE_SIDE = 8192;

export function checkDimensions(field: string, width: number, height: number): void {
  for (const [name, v] of [
    ['width', width],
    ['height', height],
  ] as const) {
    if (!Number.isInteger(v) || v < 1) throw badInput(field, `image ${name} must be a positive integer, got ${v}`);
    if (v > MAX_IMAGE_SIDE) throw badInput(field, `image ${name} ${v} exceeds the limit of ${MAX_IMAGE_SIDE} pixels`);
  }
}

export function createRaster(width: number, height: number, channels: 1 | 3, data?: Float32Array): RasterImage {
  checkDimensions('image', width, height);
  const size = width * height * channels;
  if (data && data.length !== size) throw badInput('image', `holds ${data.length} values; ${width}x${height}x${channels} needs ${size}`);
  return { width, height, channels, data: data ?? new Float32Array(size) };
}
