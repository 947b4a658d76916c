import { badInput, ErrorCode, PmedError } from '@pmed/core';
import { readDicom } from '../dicom/read-dicom';
import type { WindowSetting } from '../dicom/window';
import { sniffImageFormat, type ImageFormat } from './decode-image';
import { decodeJpeg, decodePng } from './png-jpeg';

/** How the samples of DisplayPixels.bytes are stored: the smallest type that holds every value exactly. */
export type PixelType = 'uint8' | 'int16' | 'uint16' | 'float32';

/** Largest side sent for display; larger images are averaged down to it (a viewer, not a diagnostic archive). */
export const MAX_DISPLAY_SIDE = 1024;

/**
 * An image's values for a viewer that applies window/level itself: DICOM modality values (stored
 * values after Rescale Slope/Intercept), or the 8-bit samples of a PNG/JPEG. No window applied.
 */
export interface DisplayPixels {
  format: ImageFormat;
  /** Size of `values` (after any downsampling). */
  width: number;
  height: number;
  channels: 1 | 3;
  /** Size of the decoded image. */
  sourceWidth: number;
  sourceHeight: number;
  /** `height * width * channels` values, row-major, channels interleaved. */
  values: Float32Array;
  pixelType: PixelType;
  /** `values` as little-endian samples of `pixelType`. */
  bytes: Uint8Array;
  /**
   * The window to start from: the DICOM's own Window Center/Width (else its full value range); the
   * nominal sample range (0..2^bits-1) for colour and PNG/JPEG images, which then display unchanged.
   */
  window: WindowSetting;
  min: number;
  max: number;
  /** MONOCHROME1: low values are bright, so a viewer inverts after windowing. */
  invert: boolean;
  photometricInterpretation: string | null;
  modality: string | null;
  frame: number;
  numberOfFrames: number;
}

export interface DisplayPixelsOptions {
  /** 0-based frame of a multi-frame DICOM image. Default 0. */
  frame?: number;
  /** Default MAX_DISPLAY_SIDE. */
  maxSide?: number;
}

interface Grid {
  width: number;
  height: number;
  channels: 1 | 3;
  values: Float32Array;
}

/** The window that maps lo..hi linearly onto the display range (DICOM PS3.3 C.11.2.1.2.1). */
function rangeWindow(lo: number, hi: number): WindowSetting {
  return { center: (lo + hi + 1) / 2, width: Math.max(1, hi - lo + 1) };
}

/** Decodes a DICOM Part 10, PNG or JPEG file to the values a client-side window/level viewer needs. */
export async function displayPixels(bytes: Uint8Array, options: DisplayPixelsOptions = {}): Promise<DisplayPixels> {
  const maxSide = options.maxSide ?? MAX_DISPLAY_SIDE;
  if (!Number.isInteger(maxSide) || maxSide < 1) throw badInput('maxSide', `must be a positive integer, got ${maxSide}`);
  if (bytes.length === 0) throw badInput('file', 'is empty');
  const format = sniffImageFormat(bytes);
  if (format === null) throw new PmedError(ErrorCode.UNSUPPORTED_FORMAT, 'file is not a DICOM Part 10, PNG or JPEG image (unrecognised signature)');

  let source: Grid;
  let window: WindowSetting;
  let meta: Pick<DisplayPixels, 'invert' | 'photometricInterpretation' | 'modality' | 'frame' | 'numberOfFrames'>;
  if (format === 'dicom') {
    const dicom = await readDicom(bytes, { frame: options.frame });
    const channels = dicom.samplesPerPixel === 3 ? 3 : 1;
    source = { width: dicom.columns, height: dicom.rows, channels, values: dicom.values };
    // Colour values are 0..2^bitsStored-1 (readDicom has already turned YBR into RGB).
    window = dicom.window ?? rangeWindow(0, 2 ** dicom.bitsStored - 1);
    meta = {
      invert: dicom.photometricInterpretation === 'MONOCHROME1',
      photometricInterpretation: dicom.photometricInterpretation,
      modality: dicom.modality,
      frame: dicom.frame,
      numberOfFrames: dicom.numberOfFrames,
    };
  } else {
    if (options.frame !== undefined && options.frame !== 0) throw badInput('frame', `a ${format.toUpperCase()} image has only frame 0, got ${options.frame}`);
    const raster = format === 'png' ? decodePng(bytes) : decodeJpeg(bytes);
    // The decoders give [0, 1] from 8-bit samples: back to the samples themselves.
    const values = new Float32Array(raster.data.length);
    for (let i = 0; i < values.length; i++) values[i] = Math.round(raster.data[i] * 255);
    source = { width: raster.width, height: raster.height, channels: raster.channels, values };
    window = rangeWindow(0, 255);
    meta = { invert: false, photometricInterpretation: null, modality: null, frame: 0, numberOfFrames: 1 };
  }

  const integral = source.values.every((v) => Number.isInteger(v));
  const grid = downsample(source, maxSide, integral);
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const v of grid.values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const pixelType = pixelTypeFor(integral, min, max);
  return {
    format,
    width: grid.width,
    height: grid.height,
    channels: grid.channels,
    sourceWidth: source.width,
    sourceHeight: source.height,
    values: grid.values,
    pixelType,
    bytes: encodeSamples(grid.values, pixelType),
    window,
    min,
    max,
    ...meta,
  };
}

/** The size an image of `width x height` is shown at: the same, or scaled so its longer side is `maxSide`. */
export function displaySize(width: number, height: number, maxSide = MAX_DISPLAY_SIDE): { width: number; height: number } {
  const longest = Math.max(width, height);
  if (longest <= maxSide) return { width, height };
  const scale = maxSide / longest;
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/** Box-averages down to the display size; integer data stays integer (rounded) so it keeps its compact type. */
function downsample(source: Grid, maxSide: number, integral: boolean): Grid {
  const { width, height } = displaySize(source.width, source.height, maxSide);
  if (width === source.width && height === source.height) return source;
  const c = source.channels;
  const out = new Float32Array(width * height * c);
  const sums = new Float64Array(c);
  for (let y = 0; y < height; y++) {
    const y0 = Math.floor((y * source.height) / height);
    const y1 = Math.max(y0 + 1, Math.floor(((y + 1) * source.height) / height));
    for (let x = 0; x < width; x++) {
      const x0 = Math.floor((x * source.width) / width);
      const x1 = Math.max(x0 + 1, Math.floor(((x + 1) * source.width) / width));
      sums.fill(0);
      for (let sy = y0; sy < y1; sy++) {
        for (let sx = x0; sx < x1; sx++) {
          const base = (sy * source.width + sx) * c;
          for (let k = 0; k < c; k++) sums[k] += source.values[base + k];
        }
      }
      const n = (y1 - y0) * (x1 - x0);
      for (let k = 0; k < c; k++) out[(y * width + x) * c + k] = integral ? Math.round(sums[k] / n) : sums[k] / n;
    }
  }
  return { width, height, channels: c, values: out };
}

export function pixelTypeFor(integral: boolean, min: number, max: number): PixelType {
  if (!integral) return 'float32';
  if (min >= 0 && max <= 255) return 'uint8';
  if (min >= -32768 && max <= 32767) return 'int16';
  if (min >= 0 && max <= 65535) return 'uint16';
  return 'float32';
}

const BYTES_PER_SAMPLE: Record<PixelType, number> = { uint8: 1, int16: 2, uint16: 2, float32: 4 };

/** Little-endian samples whatever the machine's byte order. */
export function encodeSamples(values: Float32Array, type: PixelType): Uint8Array {
  const out = new Uint8Array(values.length * BYTES_PER_SAMPLE[type]);
  const view = new DataView(out.buffer);
  for (let i = 0; i < values.length; i++) {
    if (type === 'uint8') out[i] = values[i];
    else if (type === 'int16') view.setInt16(2 * i, values[i], true);
    else if (type === 'uint16') view.setUint16(2 * i, values[i], true);
    else view.setFloat32(4 * i, values[i], true);
  }
  return out;
}
