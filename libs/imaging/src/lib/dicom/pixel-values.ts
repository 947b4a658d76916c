import { badInput } from '@pmed/core';

export interface SampleFormat {
  bitsAllocated: number;
  bitsStored: number;
  /** 0 unsigned, 1 two's complement. */
  pixelRepresentation: number;
}

/** Puts the bytes of each sample in little-endian order (big-endian files store them reversed). */
export function swapToLittleEndian(bytes: Uint8Array, bitsAllocated: number): Uint8Array {
  const width = bitsAllocated / 8;
  if (width <= 1) return bytes;
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i + width <= bytes.length; i += width) {
    for (let b = 0; b < width; b++) out[i + b] = bytes[i + width - 1 - b];
  }
  return out;
}

/**
 * Reads little-endian samples as numbers, keeping only the stored bits (the high bits of a
 * 12-in-16-bit sample may hold overlay data) and sign-extending them for signed pixels.
 */
export function readSamples(bytes: Uint8Array, count: number, format: SampleFormat): Float32Array {
  const { bitsAllocated, bitsStored, pixelRepresentation } = format;
  const width = bitsAllocated / 8;
  if (![8, 16, 32].includes(bitsAllocated)) throw badInput('bitsAllocated', `must be 8, 16 or 32 for grey or colour pixels, got ${bitsAllocated}`);
  if (!Number.isInteger(bitsStored) || bitsStored < 1 || bitsStored > bitsAllocated) {
    throw badInput('bitsStored', `must lie in 1..${bitsAllocated}, got ${bitsStored}`);
  }
  if (bytes.length < count * width) {
    throw badInput('pixelData', `holds ${bytes.length} bytes; ${count} samples of ${bitsAllocated} bits need ${count * width}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float32Array(count);
  const signed = pixelRepresentation === 1;
  const stored = 2 ** bitsStored;
  for (let i = 0; i < count; i++) {
    let raw: number;
    if (width === 1) raw = bytes[i];
    else if (width === 2) raw = view.getUint16(2 * i, true);
    else raw = view.getUint32(4 * i, true);
    // Arithmetic rather than bit operators: they would turn 32-bit values negative.
    let v = raw % stored;
    if (signed && v >= stored / 2) v -= stored;
    out[i] = v;
  }
  return out;
}

/** Planar configuration 1 stores RRR..GGG..BBB; the rest of the code wants RGBRGB... */
export function interleavePlanes(values: Float32Array, pixels: number, samples: number): Float32Array {
  const out = new Float32Array(values.length);
  for (let s = 0; s < samples; s++) {
    for (let p = 0; p < pixels; p++) out[p * samples + s] = values[s * pixels + p];
  }
  return out;
}

/** Full-range YCbCr (DICOM YBR_FULL / YBR_FULL_422) to RGB, in place, for 8-bit samples. */
export function ybrFullToRgb(values: Float32Array, maxValue: number): void {
  const half = (maxValue + 1) / 2;
  for (let i = 0; i + 2 < values.length; i += 3) {
    const y = values[i];
    const cb = values[i + 1] - half;
    const cr = values[i + 2] - half;
    values[i] = clamp(y + 1.402 * cr, maxValue);
    values[i + 1] = clamp(y - 0.344136 * cb - 0.714136 * cr, maxValue);
    values[i + 2] = clamp(y + 1.772 * cb, maxValue);
  }
}

function clamp(v: number, max: number): number {
  return Math.min(max, Math.max(0, Math.round(v)));
}
