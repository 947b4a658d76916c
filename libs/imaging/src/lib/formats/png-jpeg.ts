import * as jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { badInput } from '@pmed/core';
import { checkDimensions, type RasterImage } from './raster';

// jpeg-js allocates width*height*4 bytes up front; bound it before decoding hostile headers.
const MAX_JPEG_MEGABYTES = 256;

/** Whether an RGB(A) image is in fact grey (every pixel has R = G = B). */
function isGrey(rgba: Uint8Array, pixels: number): boolean {
  for (let p = 0; p < pixels; p++) {
    const i = 4 * p;
    if (rgba[i] !== rgba[i + 1] || rgba[i] !== rgba[i + 2]) return false;
  }
  return true;
}

/** RGBA bytes to a grey or RGB raster; alpha is dropped (medical images carry none worth keeping). */
function fromRgba(rgba: Uint8Array, width: number, height: number, scale: number): RasterImage {
  const pixels = width * height;
  if (isGrey(rgba, pixels)) {
    const data = new Float32Array(pixels);
    for (let p = 0; p < pixels; p++) data[p] = rgba[4 * p] / scale;
    return { width, height, channels: 1, data };
  }
  const data = new Float32Array(pixels * 3);
  for (let p = 0; p < pixels; p++) for (let c = 0; c < 3; c++) data[3 * p + c] = rgba[4 * p + c] / scale;
  return { width, height, channels: 3, data };
}

export function decodePng(bytes: Uint8Array): RasterImage {
  if (bytes.length >= 24) {
    // Checked before decoding so that a forged header cannot make pngjs allocate gigabytes.
    const header = new DataView(bytes.buffer, bytes.byteOffset, 24);
    checkDimensions('file', header.getUint32(16), header.getUint32(20));
  }
  let png: PNG;
  try {
    // pngjs expands palettes, low bit depths and 16-bit samples to 8-bit RGBA.
    png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (error) {
    throw badInput('file', `is not a readable PNG: ${(error as Error).message}`);
  }
  checkDimensions('file', png.width, png.height);
  return fromRgba(new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.byteLength), png.width, png.height, 255);
}

export function decodeJpeg(bytes: Uint8Array): RasterImage {
  let decoded: { width: number; height: number; data: Uint8Array };
  try {
    decoded = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxMemoryUsageInMB: MAX_JPEG_MEGABYTES });
  } catch (error) {
    throw badInput('file', `is not a readable JPEG: ${(error as Error).message}`);
  }
  checkDimensions('file', decoded.width, decoded.height);
  return fromRgba(decoded.data, decoded.width, decoded.height, 255);
}

/** A grey or RGB raster as an 8-bit PNG (values clipped to [0, 1]). */
export function encodePng(image: RasterImage): Buffer {
  const png = new PNG({ width: image.width, height: image.height });
  const pixels = image.width * image.height;
  for (let p = 0; p < pixels; p++) {
    for (let c = 0; c < 3; c++) {
      const v = image.channels === 1 ? image.data[p] : image.data[3 * p + c];
      png.data[4 * p + c] = Math.round(255 * Math.min(1, Math.max(0, v)));
    }
    png.data[4 * p + 3] = 255;
  }
  return PNG.sync.write(png);
}
